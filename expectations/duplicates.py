"""Checks for `duplicates`: one row per document folded into another."""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from expectations.contract import check, contract_checks, one_of, references_articles
from warehouse.schemas import DUPLICATES

TABLE = DUPLICATES.name
QUARANTINABLE = True
METHODS = ("exact_file", "exact", "near")


def expectations() -> list[Expectation]:
    return [
        *contract_checks(DUPLICATES, not_null=("canonical_id", "method", "run_id")),
        one_of(TABLE, "method", METHODS),
        check(
            f"{TABLE}.similarity_in_unit_range",
            gxe.ExpectColumnValuesToBeBetween,
            column="similarity",
            min_value=0,
            max_value=1,
        ),
        references_articles(TABLE, "canonical_id"),
    ]
