"""Combine a night's rows with stored rows that share a key, by each table's merge rules.

DuckDB does the grouping on Arrow tables in memory; column names come from the schema, never
from data, so the generated SQL holds no values.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from warehouse.duck import bound
from warehouse.schemas import TableSpec

_AGG = {
    "first": "arg_min({c}, _ord)",
    "last": "arg_max({c}, _ord)",
    "min": "min({c})",
    "max": "max({c})",
    "sum": "sum({c})",
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def merge(spec: TableSpec, stored: pa.Table, night: pa.Table) -> pa.Table:
    """Rows of `stored` and `night` merged by `spec.key`, sorted by key; append-only tables
    simply concatenate."""
    night = night.select(spec.data_columns).cast(spec.schema)
    stored = stored.select(spec.data_columns).cast(spec.schema)
    if not spec.key:
        return pa.concat_tables([stored, night])
    con = bound(duckdb.connect())
    con.register("stored_rows", stored)
    con.register("night_rows", night)
    cols = []
    for c in spec.data_columns:
        if c in spec.key:
            cols.append(_q(c))
        else:
            rule = spec.merge.get(c, "last")
            cols.append(f"{_AGG[rule].format(c=_q(c))} AS {_q(c)}")
    keys = ", ".join(_q(k) for k in spec.key)
    sql = (
        f"SELECT {', '.join(cols)} FROM ("  # noqa: S608 - identifiers from the schema only
        f"SELECT *, 0 AS _ord FROM stored_rows UNION ALL BY NAME "
        f"SELECT *, row_number() OVER () AS _ord FROM night_rows"
        f") GROUP BY {keys} ORDER BY {keys}"
    )
    out = con.execute(sql).to_arrow_table()
    con.close()
    return out.cast(spec.schema)
