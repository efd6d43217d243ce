"""The report's content, its reading of the catalog and its atomic writing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reporting import build as report_build
from reporting.build import build_report, render_index, render_run, summaries
from reporting.data import load_report_data
from reporting.html import run_file
from tests.reporting.factories import SOURCES, sample_catalog, sample_data, sample_frames


def text(page: str) -> str:
    """Visible text, tags dropped and whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def data():
    return sample_data()


def test_the_last_runs_verdict_is_at_the_top(data):
    page = render_index(data)
    first_card = page.split('<section class="card', 2)[1]
    assert "verdict warn" in first_card  # last run: published, a warning failed
    assert "2024-03-11T01-00-00Z" in first_card
    assert "Passed with warnings" in text(first_card)


def test_a_stopped_last_run_says_why():
    frames = sample_frames(days=5)
    frames["runs"].loc[4, "status"] = "failed_validation"
    checks = frames["dq_results"]
    last = checks["run_id"] == "2024-03-11T01-00-00Z"
    never_fall = last & (checks["expectation"] == "loss_reports.totals_never_fall")
    checks.loc[never_fall, ["success", "observed"]] = [False, "2 of 14 rows fail; e.g. 1200"]
    page = render_index(sample_data(frames))
    top = text(page.split('<section class="card', 2)[1])
    assert "Stopped" in top
    assert "Critical checks that failed loss_reports.totals_never_fall : 2 of 14 rows fail" in top


def test_every_check_of_the_last_run_with_status_severity_and_observed(data):
    page = render_index(data)
    last = data.checks[data.checks["run_id"] == "2024-03-11T01-00-00Z"]
    section = page.split("Checks in the last run", 1)[1].split("</section>", 1)[0]
    for row in last.itertuples():
        assert row.expectation in section
    assert section.count("<tr>") == len(last) + (2 if (~last["success"]).any() else 1)
    assert "warning" in text(section) and "critical" in text(section)
    assert "passing checks</summary>" in section


def test_quarantine_reasons_with_counts_and_examples(data):
    section = render_index(data).split("Quarantined in the last run", 1)[1].split("</section>")[0]
    assert "articles.key_unique" in section and "binary" in section
    assert "landing/2024-03-11/0.txt" in section and "NUL bytes at offset 12" in section
    assert "2 records in 2 reasons" in text(section)


def test_volume_chart_has_a_line_per_top_source_and_other(data):
    section = render_index(data).split("Articles per source per day", 1)[1].split("</section>")[0]
    assert section.count("<polyline") == report_build.MAX_SOURCES + 1
    assert "other sources" in section
    assert "kyiv-independent" in section  # the biggest source has its own line
    assert "the-insider" not in section  # the smallest is folded into "other sources"


def test_pass_rate_chart_has_a_dot_per_run_linking_to_its_page(data):
    section = render_index(data).split("Checks passed per run", 1)[1].split("</section>")[0]
    assert section.count("<circle") == len(data.runs)
    assert section.count('<a href="runs/') == len(data.runs)
    stopped = [s for s in summaries(data) if s.state == "stop"]
    assert len(stopped) == 1 and f"{stopped[0].run_id}: 9/10 checks passed, Stopped" in section


def test_run_page_lists_every_check_grouped_by_table(data):
    run_id = "2024-03-07T01-00-00Z"
    page = render_run(data, run_id)
    assert 'href="../index.html"' in page
    checks = data.checks[data.checks["run_id"] == run_id]
    for name in checks["expectation"]:
        assert name in page
    for table in checks["table"].unique():
        assert f"<h3>{table}</h3>" in page
    assert "Stopped" in text(page)
    with pytest.raises(KeyError):
        render_run(data, "no-such-run")


def test_pages_are_self_contained(data):
    for page in (render_index(data), render_run(data, "2024-03-11T01-00-00Z")):
        assert "<style>" in page and "<svg" in render_index(data)
        assert not re.search(r"<(script|link|iframe|img)\b", page, re.I)
        assert not re.search(r"(src|href)=\"(https?:)?//", page)
        assert "Content-Security-Policy" in page


def test_build_report_writes_index_and_every_linked_run_page(tmp_path):
    out = tmp_path / "reports"
    index = build_report(sample_catalog(), out)
    assert index == out / "index.html"
    links = set(re.findall(r'href="(runs/[^"]+)"', index.read_text()))
    assert len(links) == 21
    assert all((out / link).is_file() for link in links)
    assert not list(out.rglob("*.tmp"))
    before = index.read_text()
    build_report(sample_catalog(), out)  # rebuilding is harmless
    assert index.read_text().split("generated")[0] == before.split("generated")[0]


def test_a_failed_write_leaves_the_old_report(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    index = build_report(sample_catalog(), out)
    old = index.read_text()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(report_build.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        build_report(sample_catalog(sample_frames(days=3)), out)
    assert index.read_text() == old
    assert not list(out.rglob("*.tmp"))


def test_values_are_bound_not_formatted_into_sql():
    frames = sample_frames(days=3)
    odd = "2024-03-11'); DROP TABLE runs; --"
    frames["runs"].loc[2, "run_id"] = odd
    frames["dq_results"].loc[frames["dq_results"]["run_id"] == "2024-03-11T01-00-00Z", "run_id"] = (
        odd
    )
    con = sample_catalog(frames)
    data = load_report_data(con)
    assert odd in data.runs["run_id"].tolist()
    assert (data.checks["run_id"] == odd).sum() == 10
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 3
    assert re.fullmatch(r"2024-03-11____DROP_TABLE_runs__---[0-9a-f]{8}\.html", run_file(odd))
    assert run_file(odd) != run_file(odd.replace(";", ":"))
    assert run_file("2024-03-11T01-00-00Z") == "2024-03-11T01-00-00Z.html"


def test_a_run_known_only_from_its_checks_is_shown():
    frames = sample_frames(days=3)
    frames["runs"] = frames["runs"].iloc[:2]  # the last run died before writing its runs row
    data = load_report_data(sample_catalog(frames))
    assert data.runs["run_id"].tolist()[-1] == "2024-03-11T01-00-00Z"
    assert "2024-03-11T01-00-00Z" in render_index(data).split("</section>")[0]


def test_an_empty_catalog_renders_a_friendly_page(tmp_path):
    con = duckdb.connect()
    index = build_report(con, tmp_path)
    assert "No runs yet" in index.read_text()
    data = load_report_data(con)
    assert data.runs.empty and data.volumes.empty


def test_only_recent_runs_and_days_are_loaded():
    con = sample_catalog(sample_frames(days=21))
    data = load_report_data(con, max_runs=5, volume_days=7)
    assert len(data.runs) == 5
    assert set(data.checks["run_id"]) == set(data.runs["run_id"])
    days = pd.to_datetime(data.volumes["day"]).dt.date
    assert days.min() == date(2024, 3, 5) and days.max() == date(2024, 3, 11)
    assert set(data.volumes["source"]) <= set(SOURCES)


def test_report_from_a_real_validation_outcome(tmp_path):
    """The dq rows the runner produces render as they are."""
    from expectations.runner import validate
    from tests.expectations.factories import articles, context

    batch = articles(20)
    batch.loc[3, "word_count"] = -1
    outcome = validate({"articles": batch}, context())
    frames = sample_frames(days=2)
    frames["dq_results"] = pd.concat(
        [frames["dq_results"], pd.DataFrame(outcome.dq_rows)], ignore_index=True
    )
    page = render_index(sample_data(frames))
    assert "articles.word_count_non_negative" in page
    assert "1 of 20 rows fail (5.00%); e.g. -1" in text(page)


def test_write_atomic_creates_folders(tmp_path):
    target = tmp_path / "a" / "b" / "page.html"
    report_build.write_atomic(target, "<p>x</p>")
    assert target.read_text() == "<p>x</p>"
    assert [p.name for p in Path(tmp_path / "a" / "b").iterdir()] == ["page.html"]
