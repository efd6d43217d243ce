"""Expectations every table gets from its `TableSpec`: columns, types, non-null and unique keys.

Every expectation carries its name in ``meta["name"]`` (``<table>.<rule>``, stable: it is the
``dq_results.expectation`` value and the quarantine reason) and a GX severity.
"""

from __future__ import annotations

from typing import Any, Literal

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from expectations.custom import (
    ExpectColumnValuesToBeInKeySet,
    ExpectTableColumnsToCastToWarehouseTypes,
)
from warehouse.schemas import TableSpec

Severity = Literal["critical", "warning"]
CRITICAL: Severity = "critical"
WARNING: Severity = "warning"

ARTICLE_IDS = "article_ids"  # key set the runner publishes (see runner.key_sets)


def check(
    name: str, cls: type[Expectation], severity: Severity = CRITICAL, **kwargs: Any
) -> Expectation:
    """One named expectation: ``check("articles.word_count_non_negative", gxe.Expect..., ...)``."""
    return cls(meta={"name": name}, severity=severity, **kwargs)


def contract_checks(spec: TableSpec, not_null: tuple[str, ...] = ()) -> list[Expectation]:
    """Columns present, types castable to the schema, key + partition + ``not_null`` non-null,
    key unique."""
    t = spec.name
    out = [
        check(
            f"{t}.columns_present",
            gxe.ExpectTableColumnsToMatchSet,
            column_set=spec.data_columns,
            exact_match=False,
        ),
        check(f"{t}.types_match_schema", ExpectTableColumnsToCastToWarehouseTypes, table_name=t),
    ]
    required = dict.fromkeys((*spec.key, spec.partition_by, *not_null))
    out += [
        check(f"{t}.{col}_not_null", gxe.ExpectColumnValuesToNotBeNull, column=col)
        for col in required
    ]
    if len(spec.key) == 1:
        out.append(check(f"{t}.key_unique", gxe.ExpectColumnValuesToBeUnique, column=spec.key[0]))
    elif spec.key:
        out.append(
            check(
                f"{t}.key_unique",
                gxe.ExpectCompoundColumnsToBeUnique,
                column_list=list(spec.key),
                ignore_row_if="any_value_is_missing",
            )
        )
    return out


def non_negative(table: str, *columns: str) -> list[Expectation]:
    return [
        check(f"{table}.{c}_non_negative", gxe.ExpectColumnValuesToBeBetween, column=c, min_value=0)
        for c in columns
    ]


def at_least_one(table: str, *columns: str) -> list[Expectation]:
    return [
        check(f"{table}.{c}_at_least_one", gxe.ExpectColumnValuesToBeBetween, column=c, min_value=1)
        for c in columns
    ]


def one_of(
    table: str, column: str, values: tuple[str, ...], severity: Severity = CRITICAL
) -> Expectation:
    return check(
        f"{table}.{column}_accepted",
        gxe.ExpectColumnValuesToBeInSet,
        severity,
        column=column,
        value_set=list(values),
    )


def references_articles(table: str, column: str = "article_id") -> Expectation:
    """Referential integrity: ``column`` names an article of this batch or already published."""
    return check(
        f"{table}.{column}_references_articles",
        ExpectColumnValuesToBeInKeySet,
        column=column,
        key_set=ARTICLE_IDS,
    )
