"""DuckDB sessions for the pipeline's own work: bounded memory, and able to read the store's
files (local, or S3 through httpfs)."""

from __future__ import annotations

import os
import threading

import duckdb

from warehouse import catalog
from warehouse.storage import Store

# DuckDB takes 80% of RAM by default; the nightly run promises a flat footprint, so its own
# sessions spill to disk past this (sorts, joins and aggregates all can).
MEMORY_LIMIT = os.environ.get("NEWSWARE_DUCKDB_MEMORY", "1GB")
# The catalog build holds the night's new documents, bodies included, and their postings in
# temporary tables; past this they spill to disk (at 1GB the build added 1.2GB to the run's peak).
CATALOG_MEMORY_LIMIT = os.environ.get("NEWSWARE_CATALOG_MEMORY", "512MB")

# One in-memory database per process and S3 configuration, opened on first use (see session).
_DATABASES: dict[tuple, duckdb.DuckDBPyConnection] = {}
_OPENING = threading.Lock()


def ident(name: str) -> str:
    """A quoted SQL identifier (column names come from our schemas, never from data)."""
    return '"' + name.replace('"', '""') + '"'


def bound(con: duckdb.DuckDBPyConnection, limit: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """Cap a session's memory: past `limit` its sorts, joins and temporary tables spill."""
    con.execute("SET memory_limit = ?", [limit])
    return con


def session(store: Store | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh connection to this process's in-memory DuckDB for `store` (none: local files
    and registered tables only). Close it when done.

    Opening a database costs ~20 ms (its thread pool, its catalog) and a night asks dozens of
    questions per chunk, so the database is opened once and each session is a cursor of it:
    its own registered tables and temporary objects, the shared memory cap, the store's
    httpfs secret made once. The process id is part of the key: a forked child opens its own.
    """
    remote = store is not None and not store.is_local
    key = (os.getpid(), store.s3_config() if remote else None)
    with _OPENING:
        db = _DATABASES.get(key)
        if db is None:
            db = bound(duckdb.connect())
            # a long-lived database would keep the Parquet files it read cached, up to the cap
            db.execute("SET enable_external_file_cache = false")
            # DuckDB's allocator keeps what a query freed until its next use; its background
            # threads hand idle pages back, so numpy and Arrow can have them (process-wide)
            db.execute("SET allocator_background_threads = true")
            if remote:
                catalog.load_extensions(db, "httpfs")
                catalog.s3_secret(db, store)
            _DATABASES[key] = db
    return db.cursor()
