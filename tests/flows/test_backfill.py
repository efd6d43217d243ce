"""A backfill night takes the new files captured inside its window, and counts those it cannot
place there (no capture-date header) rather than passing them over in silence."""

from __future__ import annotations

from datetime import date, timedelta

from flows.nightly import discover
from warehouse import snapshot
from warehouse.warehouse import Warehouse


def test_a_window_takes_its_dated_files_and_counts_the_undated(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "in.txt").write_text(" date 2024-03-10 Skip to content\nBody\n")
    (raw / "out.txt").write_text(" date 2024-03-12 Skip to content\nBody\n")
    (raw / "crawl.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n")
    wh = Warehouse.open(str(tmp_path / "wh"))
    window = (date(2024, 3, 10), date(2024, 3, 11))

    seen, new, undated = discover.fn(str(raw), wh, snapshot.EMPTY, window)
    assert (seen, new["path"].to_pylist(), undated) == (3, ["in.txt"], 1)

    seen, new, undated = discover.fn(str(raw), wh, snapshot.EMPTY)  # a nightly run: all
    assert (seen, len(new), undated) == (3, 3, 0)


def test_archives_and_pages_are_placed_by_their_first_document(tmp_path, prefect_harness):
    """A WARC, a JSON Lines file and an HTML page go to the night of their first capture, and
    that night publishes their pages."""
    from corpus.webpages import iter_webpages, jsonl_bytes, warc_bytes
    from flows.nightly import nightly

    found = sorted(iter_webpages(40, 3), key=lambda p: p[1].capture_date)
    days = sorted({page.capture_date for _, page in found})
    first, second = ([p for p in found if p[1].capture_date == day] for day in days[:2])
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "crawl.warc.gz").write_bytes(warc_bytes(page for _, page in first + second)[0])
    (raw / "pages.jsonl").write_bytes(jsonl_bytes(second))
    (raw / "page.html").write_text(second[0][1].html, encoding="utf-8")
    wh = Warehouse.open(str(tmp_path / "wh"))

    _, new, undated = discover.fn(str(raw), wh, snapshot.EMPTY, (days[0], days[0]))
    assert (new["path"].to_pylist(), undated) == (["crawl.warc.gz"], 0)
    _, new, _ = discover.fn(str(raw), wh, snapshot.EMPTY, (days[1], days[1]))
    assert new["path"].to_pylist() == ["page.html", "pages.jsonl"]

    summary = nightly(raw=str(raw), warehouse=str(tmp_path / "wh"), window=(days[0], days[0]))
    assert summary["files_new"] == 1
    assert summary["counts"]["articles"] == len(first) + len(second)  # the whole crawl


def test_the_command_runs_only_the_days_that_hold_new_files(tmp_path, prefect_harness):
    from typer.testing import CliRunner

    from corpus.webpages import iter_webpages
    from flows.cli import app

    dumps = {}
    for dump, page in iter_webpages(40, 3):
        dumps.setdefault(page.capture_date, dump)
    first, _skipped, third = sorted(dumps)[:3]  # a day inside the window with nothing landed
    raw = tmp_path / "raw"
    raw.mkdir()
    for day in (first, third):
        (raw / f"{day}.txt").write_bytes(dumps[day].data)
    (raw / "no-date.txt").write_bytes(b"Skip to content\nNo header line here\n")
    since, until = first - timedelta(days=1), third + timedelta(days=1)
    args = ["--since", str(since), "--until", str(until), "--raw", str(raw)]
    result = CliRunner().invoke(app, ["backfill", *args, "--warehouse", str(tmp_path / "wh")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    days = (until - since).days + 1
    assert lines[0] == f"2 of {days} days from {since} to {until} hold new files"
    assert lines[1] == "1 new files could not be dated from their first bytes: left for `run`"
    assert [line.split(":")[0] for line in lines[2:]] == [str(first), str(third)]
