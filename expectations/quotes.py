"""Checks for `quotes`: one row per attributed quotation."""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from expectations.contract import WARNING, check, contract_checks, references_articles
from warehouse.schemas import QUOTES

TABLE = QUOTES.name
QUARANTINABLE = True


def expectations() -> list[Expectation]:
    return [
        *contract_checks(QUOTES),
        check(
            f"{TABLE}.quote_not_blank",
            gxe.ExpectColumnValueLengthsToBeBetween,
            column="quote",
            min_value=1,
        ),
        check(f"{TABLE}.verb_not_null", gxe.ExpectColumnValuesToNotBeNull, WARNING, column="verb"),
        references_articles(TABLE),
    ]
