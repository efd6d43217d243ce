"""Checks for `runs`: one row per run."""

from __future__ import annotations

from great_expectations.expectations.expectation import Expectation

from expectations.contract import check, contract_checks, non_negative, one_of
from expectations.custom import ExpectColumnPairValuesANotAfterB
from warehouse.schemas import RUNS

TABLE = RUNS.name
QUARANTINABLE = False
STATUSES = ("published", "nothing_new", "failed_validation")
COUNTS = tuple(f.name for f in RUNS.schema if f.name.startswith(("files_", "docs_", "articles_")))
COUNTS += ("live_updates", "loss_reports", "duplicates", "quarantined")


def expectations() -> list[Expectation]:
    return [
        *contract_checks(RUNS, not_null=("started_at", "status")),
        one_of(TABLE, "status", STATUSES),
        *non_negative(TABLE, *COUNTS),
        check(
            f"{TABLE}.started_before_finished",
            ExpectColumnPairValuesANotAfterB,
            column_A="started_at",
            column_B="finished_at",
            unit="exact",
        ),
    ]
