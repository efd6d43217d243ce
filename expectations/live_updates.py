"""Checks for `live_updates`: one row per distinct live-feed item."""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from expectations.articles import EARLIEST_PUBLISHED
from expectations.contract import WARNING, at_least_one, check, contract_checks
from warehouse.schemas import LIVE_UPDATES

TABLE = LIVE_UPDATES.name
QUARANTINABLE = True


def expectations() -> list[Expectation]:
    return [
        *contract_checks(LIVE_UPDATES, not_null=("source", "published_at")),
        check(
            f"{TABLE}.headline_not_null",
            gxe.ExpectColumnValuesToNotBeNull,
            WARNING,
            column="headline",
        ),
        *at_least_one(TABLE, "times_seen"),
        check(
            f"{TABLE}.published_at_since_1990",
            gxe.ExpectColumnValuesToBeBetween,
            column="published_at",
            min_value=EARLIEST_PUBLISHED,
        ),
    ]
