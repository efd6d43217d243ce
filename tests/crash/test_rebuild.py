"""Idempotence: `newsware rebuild` from the raw files gives the tables the nights built.

(Running the same night twice is covered by tests/flows/test_nightly.py.)
"""

from __future__ import annotations

from typer.testing import CliRunner

from bench.soak import table_rows
from flows.cli import app


def test_rebuild_equals_the_incremental_build(two_nights):
    two_nights.reset()
    args = ["--raw", str(two_nights.raw), "--warehouse", str(two_nights.wh)]
    result = CliRunner().invoke(app, ["run", *args])
    assert result.exit_code == 0, result.output
    incremental = table_rows(two_nights.wh)
    assert incremental == two_nights.after

    result = CliRunner().invoke(app, ["rebuild", *args])
    assert result.exit_code == 0, result.output
    rebuilt = table_rows(two_nights.wh)
    differ = {
        name: (len(incremental[name]), len(rebuilt[name]))
        for name in incremental
        if rebuilt[name] != incremental[name]
    }
    assert differ == {}
