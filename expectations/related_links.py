"""Checks for `related_links`: one row per related-article card on a page."""

from __future__ import annotations

from great_expectations.expectations.expectation import Expectation

from expectations.contract import contract_checks, references_articles
from warehouse.schemas import RELATED_LINKS

TABLE = RELATED_LINKS.name
QUARANTINABLE = True


def expectations() -> list[Expectation]:
    return [*contract_checks(RELATED_LINKS), references_articles(TABLE)]
