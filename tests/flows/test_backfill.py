"""A backfill night takes the new files captured inside its window, and counts those it cannot
place there (no capture-date header) rather than passing them over in silence."""

from __future__ import annotations

from datetime import date

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
