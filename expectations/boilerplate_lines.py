"""Checks for `boilerplate_lines`: what each source repeats on every page."""

from __future__ import annotations

from great_expectations.expectations.expectation import Expectation

from expectations.contract import at_least_one, check, contract_checks
from expectations.custom import ExpectColumnPairValuesANotAfterB
from warehouse.schemas import BOILERPLATE_LINES

TABLE = BOILERPLATE_LINES.name
QUARANTINABLE = True


def expectations() -> list[Expectation]:
    return [
        *contract_checks(BOILERPLATE_LINES, not_null=("line",)),
        *at_least_one(TABLE, "pages_seen"),
        check(
            f"{TABLE}.first_seen_not_after_last_seen",
            ExpectColumnPairValuesANotAfterB,
            column_A="first_seen",
            column_B="last_seen",
        ),
    ]
