"""bench.window counts what a backfill night finds: files in its window and files it could
not date."""

from __future__ import annotations

import sys

from bench import window


def test_it_reports_the_window_and_the_undated(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "in.txt").write_text(" date 2024-03-10 Skip to content\nBody\n")
    (raw / "out.txt").write_text(" date 2024-03-12 Skip to content\nBody\n")
    (raw / "junk.txt").write_bytes(b"\x00\x01\x02")
    monkeypatch.setattr(
        sys, "argv", ["window", "--raw", str(raw), "--day", "2024-03-10", "--repeat", "1"]
    )
    window.main()
    assert "3 listed, 1 in the window, 1 undated" in capsys.readouterr().out
