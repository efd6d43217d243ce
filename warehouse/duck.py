"""DuckDB sessions for the pipeline's own work: bounded memory, and able to read the store's
files (local, or S3 through httpfs)."""

from __future__ import annotations

import os

import duckdb

from warehouse import catalog
from warehouse.storage import Store

# DuckDB takes 80% of RAM by default; the nightly run promises a flat footprint, so its own
# sessions spill to disk past this (sorts, joins and aggregates all can).
MEMORY_LIMIT = os.environ.get("NEWSWARE_DUCKDB_MEMORY", "1GB")


def ident(name: str) -> str:
    """A quoted SQL identifier (column names come from our schemas, never from data)."""
    return '"' + name.replace('"', '""') + '"'


def bound(
    con: duckdb.DuckDBPyConnection, spill_dir: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Cap a session's memory (and say where it may spill, for in-memory sessions)."""
    con.execute("SET memory_limit = ?", [MEMORY_LIMIT])
    if spill_dir is not None:
        con.execute("SET temp_directory = ?", [spill_dir])
    return con


def session(store: Store) -> duckdb.DuckDBPyConnection:
    con = bound(duckdb.connect())
    if not store.is_local:
        catalog.load_extensions(con, "httpfs")
        catalog.s3_secret(con, store)
    return con
