"""Article text: office holders are stable, speakers are introduced, wording varies."""

from __future__ import annotations

from collections import defaultdict

from corpus.generate import CorpusPlan
from corpus.people import office_holder
from corpus.topics import TOPICS


def test_an_office_has_one_holder_per_year() -> None:
    plan = CorpusPlan(800, seed=2)
    many = {r.role for t in TOPICS for r in t.speakers + t.speakers2 if r.many}
    holders: dict[tuple[int, str], set[str]] = defaultdict(set)
    for i in range(800):
        if plan.resolve(i)[0] not in ("original", "hard_negative"):
            continue
        head = plan.article(i).head
        for s in (head.speaker, head.speaker2):
            if not any(s.title.endswith(role) for role in many):
                holders[(head.published.year, s.title)].add(s.name)
    assert len(holders) > 40
    assert all(len(names) == 1 for names in holders.values()), holders


def test_office_holders_change_between_years_but_not_within() -> None:
    a = office_holder("it", "Defense Minister", 2024)
    assert a == office_holder("it", "Defense Minister", 2024)
    assert office_holder("ua", "Energy Minister", 2024) != office_holder(
        "ua", "Energy Minister", 2025
    )
    assert office_holder("ua", "lawmaker", 2024) is None  # held by many


def test_headlines_vary() -> None:
    plan = CorpusPlan(1000, seed=4)
    heads = [plan.article(i).head.headline for i in range(1000) if plan.resolve(i)[0] == "original"]
    assert len(set(heads)) / len(heads) > 0.6
