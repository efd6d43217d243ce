"""Checks for `entities`: one row per entity mention."""

from __future__ import annotations

from great_expectations.expectations.expectation import Expectation

from expectations.contract import contract_checks, one_of, references_articles
from warehouse.schemas import ENTITIES

TABLE = ENTITIES.name
QUARANTINABLE = True
KINDS = ("person", "place", "organisation", "topic")
ORIGINS = ("tag", "text")


def expectations() -> list[Expectation]:
    return [
        *contract_checks(ENTITIES),
        one_of(TABLE, "kind", KINDS),
        one_of(TABLE, "origin", ORIGINS),
        references_articles(TABLE),
    ]
