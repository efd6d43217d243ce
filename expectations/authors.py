"""Checks for `authors`: one row per author per site."""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from expectations.contract import at_least_one, check, contract_checks
from warehouse.schemas import AUTHORS

TABLE = AUTHORS.name
QUARANTINABLE = True


def expectations() -> list[Expectation]:
    return [
        *contract_checks(AUTHORS),
        check(
            f"{TABLE}.name_length",
            gxe.ExpectColumnValueLengthsToBeBetween,
            column="name",
            min_value=2,
            max_value=120,
        ),
        *at_least_one(TABLE, "articles"),
    ]
