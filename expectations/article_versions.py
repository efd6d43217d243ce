"""Checks for `article_versions`: every distinct capture of an article."""

from __future__ import annotations

from great_expectations.expectations.expectation import Expectation

from expectations.contract import at_least_one, contract_checks, non_negative, references_articles
from warehouse.schemas import ARTICLE_VERSIONS

TABLE = ARTICLE_VERSIONS.name
QUARANTINABLE = True


def expectations() -> list[Expectation]:
    return [
        *contract_checks(ARTICLE_VERSIONS, not_null=("version", "raw_file")),
        *at_least_one(TABLE, "version"),
        *non_negative(TABLE, "word_count"),
        references_articles(TABLE),
    ]
