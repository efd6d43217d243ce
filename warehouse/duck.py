"""An in-memory DuckDB session that can read the store's files (local, or S3 through httpfs)."""

from __future__ import annotations

import duckdb

from warehouse import catalog
from warehouse.storage import Store


def session(store: Store) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    if not store.is_local:
        catalog.load_extensions(con, "httpfs")
        catalog.s3_secret(con, store)
    return con
