"""landed = published + duplicate + quarantined: `check_ledger` refuses any other ledger."""

from __future__ import annotations

import pyarrow as pa
import pytest

from flows.nightly import LedgerViolation, check_ledger
from warehouse.landing import Landed
from warehouse.schemas import TABLES

NEW = [Landed("a.txt", 10), Landed("b.txt", 20), Landed("c.txt", 0)]


def ledger(*rows: tuple[str, int, str]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"path": p, "size": s, "sha256": "0" * 64, "status": st} for p, s, st in rows],
        schema=TABLES["raw_files"].schema,
    )


def test_one_row_per_new_file_passes():
    check_ledger(
        NEW,
        ledger(("c.txt", 0, "quarantined"), ("a.txt", 10, "published"), ("b.txt", 20, "duplicate")),
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("a.txt", 10, "published"), ("b.txt", 20, "published")], r"missing \[\('c.txt', 0\)\]"),
        (
            [("a.txt", 10, "published"), ("b.txt", 20, "x"), ("c.txt", 0, "x"), ("d.txt", 1, "x")],
            r"unexpected \[\('d.txt', 1\)\]",
        ),
        (
            [("a.txt", 10, "p"), ("a.txt", 10, "p"), ("b.txt", 20, "p"), ("c.txt", 0, "p")],
            "does not match",
        ),
        ([("a.txt", 11, "p"), ("b.txt", 20, "p"), ("c.txt", 0, "p")], r"missing \[\('a.txt', 10\)"),
        ([], "missing"),
    ],
    ids=["a file lost", "a file invented", "a file twice", "a size changed", "empty ledger"],
)
def test_a_violation_stops_the_run(rows, message):
    with pytest.raises(LedgerViolation, match=message):
        check_ledger(NEW, ledger(*rows))
