"""Live-feed figures on generated pages agree with the public General Staff series."""

from __future__ import annotations

import re
from datetime import date, timedelta

from corpus.feed import EQUIPMENT_WORDS
from corpus.generate import CorpusPlan, SampleDump
from corpus.losses import first_date, last_date, load_series

SERIES = load_series()
AP = {
    "Jan.": 1,
    "Feb.": 2,
    "March": 3,
    "April": 4,
    "May": 5,
    "June": 6,
    "July": 7,
    "Aug.": 8,
    "Sept.": 9,
    "Oct.": 10,
    "Nov.": 11,
    "Dec.": 12,
}
PERSONNEL = re.compile(
    r"^Russia has lost ([\d,]+) troops in Ukraine since the beginning of its full-scale invasion "
    r"on Feb\. 24, 2022, the General Staff of Ukraine's Armed Forces reported on "
    r"([A-Z][a-z]+\.?) (\d{1,2})\. This number includes ([\d,]+) casualties Russian forces "
    r"suffered over the past day\.$",
    re.M,
)
EQUIPMENT = re.compile(
    r"^Russian forces have lost (.+) since the beginning of the full-scale invasion on Feb\. 24, "
    r"2022, the General Staff of Ukraine's Armed Forces reported on ([A-Z][a-z]+\.?) (\d{1,2})\."
    r"(?: Over the past day, Ukrainian forces destroyed (.+)\.)?$",
    re.M,
)
WORDS = {w: c for c, pair in EQUIPMENT_WORDS.items() for w in pair}


def _num(text: str) -> int:
    return int(text.replace(",", ""))


def _counts(listing: str) -> dict[str, int]:
    found = re.findall(r"(\d[\d,]*) ([a-z][a-z ]*[a-z])", listing)
    return {WORDS[words.removesuffix(" and")]: _num(n) for n, words in found}


def _report_day(capture: date, month: str, day: str) -> date:
    reported = date(capture.year, AP[month], int(day))
    return reported if reported <= capture else reported.replace(year=capture.year - 1)


def check_page(text: str, capture: date) -> int:
    """Assert every loss figure on the page against the series; return how many were checked."""
    checked = 0
    for total, month, day, delta in PERSONNEL.findall(text):
        reported = _report_day(capture, month, day)
        assert reported == capture - timedelta(days=1)
        assert _num(total) == SERIES[reported]["personnel"]
        before = SERIES[reported - timedelta(days=1)]["personnel"]
        assert _num(delta) == SERIES[reported]["personnel"] - before
        checked += 1
    for listing, month, day, destroyed in EQUIPMENT.findall(text):
        reported = _report_day(capture, month, day)
        assert reported == capture - timedelta(days=1)
        totals = _counts(listing)
        assert totals == {c: v for c, v in SERIES[reported].items() if c != "personnel"}
        before = SERIES[reported - timedelta(days=1)]
        for category, delta in _counts(destroyed).items():
            assert delta == SERIES[reported][category] - before[category] > 0
        checked += 1
    return checked


def test_seed_page_agrees_with_series(seed_text: str) -> None:
    assert check_page(seed_text, date(2024, 3, 11)) == 1


def test_generated_live_items_agree_with_series(dumps: list[SampleDump]) -> None:
    checked = 0
    for d in dumps:
        if d.label.site == "kyiv-independent" and d.label.kind != "reencoded" and d.label.live:
            checked += check_page(d.data.decode("utf-8"), d.label.capture_date)
    assert checked > 250


def test_labels_carry_the_same_figures(dumps: list[SampleDump]) -> None:
    categories = set()
    for d in dumps:
        for item in d.label.live:
            for f in item.losses:
                categories.add(f.category)
                assert f.report_date == d.label.capture_date - timedelta(days=1)
                assert f.total == SERIES[f.report_date][f.category]
                if f.delta is not None:
                    before = SERIES[f.report_date - timedelta(days=1)][f.category]
                    assert f.delta == f.total - before
    assert {"personnel", "tanks", "drones", "submarines"} <= categories


def test_baltic_latest_box_reports_the_series(dumps: list[SampleDump]) -> None:
    lines = 0
    for d in dumps:
        if d.label.site != "baltic-wire":
            continue
        text = d.data.decode("utf-8")
        for total, delta in re.findall(r"Russian losses: ([\d,]+) personnel \(\+([\d,]+)\)", text):
            day = d.label.capture_date - timedelta(days=1)
            assert _num(total) == SERIES[day]["personnel"]
            assert _num(delta) == SERIES[day]["personnel"] - SERIES[day - timedelta(1)]["personnel"]
            lines += 1
    assert lines >= 3


def test_a_million_dumps_span_the_series_and_stay_consistent() -> None:
    plan = CorpusPlan(10**6, seed=0)
    assert plan.day(0) >= first_date() + timedelta(days=2)
    assert plan.day(10**6 - 1) <= last_date() + timedelta(days=1)
    assert plan.n_days > 1500
    per_day = plan.first_index(plan.n_days // 2 + 1) - plan.first_index(plan.n_days // 2)
    assert per_day <= 1000
    checked = 0
    for i in range(0, 10**6, 9973):  # early 2022 (fewer categories) to 2026
        d = plan.dump(i)
        if d.label.site == "kyiv-independent" and d.label.kind != "reencoded" and d.label.live:
            checked += check_page(d.data.decode("utf-8"), d.label.capture_date)
    assert checked > 40


def test_default_corpus_spans_thirty_days_around_the_seed() -> None:
    plan = CorpusPlan(500)
    assert plan.n_days == 30
    assert plan.day(0) <= date(2024, 3, 11) <= plan.day(499)
