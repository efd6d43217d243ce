"""Checks for `dq_results`: one row per expectation per run (this runner's own output)."""

from __future__ import annotations

from great_expectations.expectations.expectation import Expectation

from expectations.contract import contract_checks, non_negative, one_of
from warehouse.schemas import DQ_RESULTS

TABLE = DQ_RESULTS.name
QUARANTINABLE = False
SEVERITIES = ("critical", "warning")


def expectations() -> list[Expectation]:
    return [
        *contract_checks(DQ_RESULTS, not_null=("run_id", "table", "expectation", "success")),
        one_of(TABLE, "severity", SEVERITIES),
        *non_negative(TABLE, "unexpected_count"),
    ]
