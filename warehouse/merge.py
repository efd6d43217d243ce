"""Combine a night's rows with stored rows that share a key, by each table's merge rules.

Most keys occur once (a new article, a new ledger row); only keys that occur more than once
are grouped. DuckDB finds those from the key columns alone and folds just their rows, so a
wide table (article text) never passes through an aggregate whole. Column names come from the
schema, never from data, so the generated SQL holds no values.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.duck import ident, session
from warehouse.schemas import TableSpec

_AGG = {
    "first": "arg_min({c}, _ord)",
    "last": "arg_max({c}, _ord)",
    "min": "min({c})",
    "max": "max({c})",
    "sum": "sum({c})",
}

# When a night's value changes a stored one under each rule above (n: the night's row, folded
# to one per key; s: the stored row); warehouse.tables drops night rows that change nothing.
CHANGES = {
    "first": "(s.{c} IS NULL AND n.{c} IS NOT NULL)",
    "last": "(n.{c} IS NOT NULL AND n.{c} IS DISTINCT FROM s.{c})",
    "sum": "(n.{c} IS NOT NULL AND (n.{c} <> 0 OR s.{c} IS NULL))",
    "min": "(n.{c} IS NOT NULL AND (s.{c} IS NULL OR n.{c} < s.{c}))",
    "max": "(n.{c} IS NOT NULL AND (s.{c} IS NULL OR n.{c} > s.{c}))",
}


def merge(spec: TableSpec, stored: pa.Table, night: pa.Table) -> pa.Table:
    """Rows of `stored` and `night` merged by `spec.key`, one per key, in no particular order
    (files are sorted when written); append-only tables simply concatenate. Stored rows come
    first; among the night's rows, later ones win."""
    night = night.select(spec.data_columns).cast(spec.schema)
    stored = stored.select(spec.data_columns).cast(spec.schema)
    if not spec.key:
        return pa.concat_tables([stored, night])
    if stored.num_rows == 0 and _distinct_keys(spec, night):
        return night  # a night's rows, one per key already (the common case): nothing to fold
    rows = pa.concat_tables([stored, night]).combine_chunks()
    order = np.concatenate([np.zeros(stored.num_rows), np.arange(1, night.num_rows + 1)])
    rows = rows.append_column("_ord", pa.array(order.astype(np.int64)))
    con = session()
    try:
        repeated = _repeated_rows(con, spec, rows)
        single = rows.filter(pc.invert(_mask(rows.num_rows, repeated)))
        folded = _fold(con, spec, rows.take(repeated)) if len(repeated) else None
    finally:
        con.close()
    out = single.drop_columns(["_ord"]).cast(spec.schema)
    if folded is not None:
        out = pa.concat_tables([out, folded.cast(spec.schema)])
    return out


def _distinct_keys(spec: TableSpec, rows: pa.Table) -> bool:
    """True when no key occurs twice (Arrow's hash grouping, over the key columns only)."""
    keys = rows.select(list(spec.key))
    if len(spec.key) == 1:
        return pc.count_distinct(keys.column(0), mode="all").as_py() == rows.num_rows
    return keys.group_by(list(spec.key), use_threads=False).aggregate([]).num_rows == rows.num_rows


def _repeated_rows(con: duckdb.DuckDBPyConnection, spec: TableSpec, rows: pa.Table) -> pa.Array:
    """Positions of the rows whose key occurs more than once (DuckDB sees the keys only)."""
    keys = rows.select(list(spec.key)).append_column("_row", pa.array(np.arange(rows.num_rows)))
    con.register("key_rows", keys)
    by = ", ".join(ident(k) for k in spec.key)
    found = con.execute(
        f"SELECT _row FROM key_rows QUALIFY count(*) OVER (PARTITION BY {by}) > 1 "  # noqa: S608
        "ORDER BY _row"
    ).to_arrow_table()
    return found.column("_row").combine_chunks()


def _mask(n: int, positions: pa.Array) -> pa.Array:
    marks = np.zeros(n, dtype=bool)
    marks[positions.to_numpy()] = True
    return pa.array(marks)


def _fold(con: duckdb.DuckDBPyConnection, spec: TableSpec, rows: pa.Table) -> pa.Table:
    """One row per key from rows that share keys, each column by its merge rule."""
    con.register("repeated_rows", rows)
    cols = []
    for c in spec.data_columns:
        if c in spec.key:
            cols.append(ident(c))
        else:
            rule = spec.merge.get(c, "last")
            cols.append(f"{_AGG[rule].format(c=ident(c))} AS {ident(c)}")
    keys = ", ".join(ident(k) for k in spec.key)
    sql = f"SELECT {', '.join(cols)} FROM repeated_rows GROUP BY {keys}"  # noqa: S608
    return con.execute(sql).to_arrow_table()
