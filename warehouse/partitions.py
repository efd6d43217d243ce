"""Map a table's rows to Hive-style partition folders, safely."""

from __future__ import annotations

import re
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from warehouse.schemas import ALL_TABLES, TableSpec

DEFAULT = "__HIVE_DEFAULT_PARTITION__"
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def partition_value(value: object) -> str:
    """Partition values become folder names: dates as ISO, anything unsafe percent-encoded."""
    if value is None:
        return DEFAULT
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    encoded = _SAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), text)
    return encoded if encoded not in ("", ".", "..") else DEFAULT


def folder_value(spec: TableSpec, value: object) -> str:
    """The folder value of one partition-column value (its month for a monthly table)."""
    if spec.by_month and isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    return partition_value(value)


def partition_dir(table: str, value: object) -> str:
    """The folder holding rows whose partition column is `value`."""
    spec = ALL_TABLES[table]
    return folder_of(spec, folder_value(spec, value))


def folder_of(spec: TableSpec, value: str) -> str:
    return f"tables/{spec.name}/{spec.partition_key}={value}"


def folder_values(spec: TableSpec, column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """The folder value of every row, vectorised for monthly tables."""
    if spec.by_month:  # as year * 100 + month: strftime per row is slow
        column = pc.add(pc.multiply(pc.year(column), 100), pc.month(column))
        name = _month_name
    else:
        name = partition_value
    uniques = pc.unique(column)
    names = pa.array([name(v) for v in uniques.to_pylist()], pa.string())
    return pc.take(names, pc.index_in(column, value_set=uniques))


def _month_name(year_month: int | None) -> str:
    return DEFAULT if year_month is None else f"{year_month // 100:04d}-{year_month % 100:02d}"
