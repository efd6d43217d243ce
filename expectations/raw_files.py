"""Checks for `raw_files`, the ledger: one row per raw file ever seen.

Ledger rows are never quarantined (every landed file must keep its row), so a failing critical
check here stops the run.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from expectations.contract import WARNING, check, contract_checks, non_negative, one_of
from warehouse.schemas import RAW_FILES

TABLE = RAW_FILES.name
QUARANTINABLE = False
STATUSES = ("published", "duplicate", "quarantined")


def expectations() -> list[Expectation]:
    return [
        *contract_checks(RAW_FILES, not_null=("first_seen_run", "status")),
        one_of(TABLE, "status", STATUSES),
        *non_negative(TABLE, "size"),
        check(
            f"{TABLE}.sha256_hex",
            gxe.ExpectColumnValuesToMatchRegex,
            column="sha256",
            regex=r"^[0-9a-f]{64}$",
        ),
        check(
            f"{TABLE}.reason_when_not_published",
            gxe.ExpectColumnValuesToNotBeNull,
            WARNING,
            column="reason",
            row_condition='status != "published"',
            condition_parser="pandas",
        ),
    ]
