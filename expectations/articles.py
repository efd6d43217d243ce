"""Checks for `articles`: one row per distinct article, current version."""

from __future__ import annotations

from datetime import UTC, datetime

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from expectations.contract import (
    WARNING,
    at_least_one,
    check,
    contract_checks,
    non_negative,
    one_of,
)
from expectations.custom import ExpectColumnPairValuesANotAfterB
from warehouse.schemas import ARTICLES

TABLE = ARTICLES.name
QUARANTINABLE = True
PUBLISHED_AT_SOURCES = ("byline", "header", "text", "meta")
EARLIEST_PUBLISHED = datetime(1990, 1, 1, tzinfo=UTC)
MIN_ARTICLES = {"$PARAMETER": "min_articles"}  # 1 on a night with new files, else 0


def expectations() -> list[Expectation]:
    return [
        *contract_checks(ARTICLES, not_null=("source", "capture_date", "content_hash", "raw_file")),
        check(
            f"{TABLE}.not_empty_when_new_files",
            gxe.ExpectTableRowCountToBeBetween,
            min_value=MIN_ARTICLES,
        ),
        check(
            f"{TABLE}.headline_not_null",
            gxe.ExpectColumnValuesToNotBeNull,
            WARNING,
            column="headline",
        ),
        *non_negative(TABLE, "word_count"),
        *at_least_one(TABLE, "versions"),
        check(
            f"{TABLE}.language_iso_639_1",
            gxe.ExpectColumnValuesToMatchRegex,
            WARNING,
            column="language",
            regex=r"^[a-z]{2}$",
        ),
        one_of(TABLE, "published_at_source", PUBLISHED_AT_SOURCES, WARNING),
        check(
            f"{TABLE}.published_at_since_1990",
            gxe.ExpectColumnValuesToBeBetween,
            column="published_at",
            min_value=EARLIEST_PUBLISHED,
        ),
        # Site-local times become UTC, so a page may carry the next UTC day; two days is wrong.
        check(
            f"{TABLE}.published_at_not_after_capture",
            ExpectColumnPairValuesANotAfterB,
            column_A="published_at",
            column_B="capture_date",
            slack_days=1,
        ),
    ]
