"""The DuckDB catalog: one view per table over the snapshot's Parquet files, plus full-text search.

The catalog is rebuilt from the current snapshot into a temporary file and renamed into place,
so an analyst opening ``catalog.duckdb`` always sees one consistent snapshot. Views name files by
absolute path (or s3:// URI), so they work from any working directory.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.schemas import ALL_TABLES, TableSpec
from warehouse.snapshot import Snapshot
from warehouse.storage import Store

CATALOG = "catalog.duckdb"
_DUCK_TYPES = {
    pa.string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.int16(): "SMALLINT",
}


def extension_path(name: str) -> str:
    """Path of a DuckDB extension shipped inside its PyPI wheel (no download needed)."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"duckdb-extension-{name} is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(root.rglob(f"{name}.duckdb_extension"))
    if not found:
        raise RuntimeError(f"no {name}.duckdb_extension inside {root}")
    return str(found[-1])


def load_extensions(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    con.execute("SET autoinstall_known_extensions = false")
    for name in names:
        con.execute(f"INSTALL '{_lit(extension_path(name))}'")
        con.execute(f"LOAD {name}")


def connect(
    store: Store, read_only: bool = True, extensions: tuple[str, ...] = ("fts",)
) -> duckdb.DuckDBPyConnection:
    """Open the catalog for queries (the local file, or a downloaded copy for object stores)."""
    path = catalog_file(store)
    con = duckdb.connect(path, read_only=read_only)
    load_extensions(con, *extensions)
    if not store.is_local:  # the views read s3:// files: httpfs and this session's secret
        load_extensions(con, "httpfs")
        s3_secret(con, store)
    return con


def s3_secret(con: duckdb.DuckDBPyConnection, store: Store) -> None:
    """A temporary DuckDB secret with the store's endpoint and credentials (never written into
    the catalog file: every session that opens the catalog makes its own)."""
    cfg = store.s3_config()
    params = {
        "KEY_ID": cfg.key_id,
        "SECRET": cfg.secret,
        "SESSION_TOKEN": cfg.session_token,
        "REGION": cfg.region,
    }
    if cfg.endpoint_host is None:
        con.execute(
            "CREATE OR REPLACE TEMPORARY SECRET newsware_s3 (TYPE s3, KEY_ID $KEY_ID, "
            "SECRET $SECRET, SESSION_TOKEN $SESSION_TOKEN, REGION $REGION)",
            params,
        )
        return
    con.execute(
        "CREATE OR REPLACE TEMPORARY SECRET newsware_s3 (TYPE s3, KEY_ID $KEY_ID, "
        "SECRET $SECRET, SESSION_TOKEN $SESSION_TOKEN, REGION $REGION, ENDPOINT $ENDPOINT, "
        "URL_STYLE 'path', USE_SSL $SSL)",
        params | {"ENDPOINT": cfg.endpoint_host, "SSL": cfg.use_ssl},
    )


def catalog_file(store: Store) -> str:
    if store.is_local:
        return store.path(CATALOG)
    local = (
        Path(tempfile.gettempdir())
        / "newsware-catalogs"
        / (store.root.replace("/", "_") + ".duckdb")
    )
    local.parent.mkdir(parents=True, exist_ok=True)
    store.fs.get(store.path(CATALOG), str(local))
    return str(local)


def _lit(text: str) -> str:
    """A SQL string literal for our own file paths (DDL cannot take bound parameters)."""
    return text.replace("'", "''")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def view_sql(store: Store, spec: TableSpec, files: tuple[str, ...]) -> str:
    columns = ", ".join(_q(c) for c in spec.data_columns)
    if not files:
        return f"CREATE TABLE {_q(spec.name)} AS SELECT * FROM empty_{spec.name}"  # noqa: S608
    paths = ", ".join(f"'{_lit(store.uri(f))}'" for f in files)
    part_type = _DUCK_TYPES[spec.schema.field(spec.partition_by).type]
    return (
        f"CREATE VIEW {_q(spec.name)} AS SELECT {columns} FROM read_parquet([{paths}], "  # noqa: S608
        f"hive_partitioning = true, union_by_name = true, "
        f"hive_types = {{'{spec.partition_by}': {part_type}}})"
    )


def build(store: Store, snap: Snapshot, *, full_text: bool = True) -> str:
    """(Re)build the catalog for `snap`; returns the catalog's location."""
    workdir = Path(tempfile.mkdtemp(prefix="newsware-catalog-"))
    tmp = workdir / CATALOG
    try:
        con = duckdb.connect(str(tmp))
        if not store.is_local:
            load_extensions(con, "httpfs")
            s3_secret(con, store)
        for spec in ALL_TABLES.values():
            files = snap.table_files(spec.name)
            if not files:
                con.register(f"empty_{spec.name}", spec.schema.empty_table())
            con.execute(view_sql(store, spec, files))
            comment = spec.doc.replace("'", "''")
            kind = "VIEW" if files else "TABLE"
            con.execute(f"COMMENT ON {kind} {_q(spec.name)} IS '{comment}'")
        con.execute(
            "CREATE TABLE _catalog AS SELECT ? AS snapshot_seq, ? AS run_id",
            [snap.seq, snap.run_id],
        )
        if full_text:
            _full_text(con)
        con.close()
        if store.is_local:
            target = store.path(CATALOG)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.move(str(tmp), target + ".tmp")
            os.replace(target + ".tmp", target)
            return target
        store.fs.put(str(tmp), store.path(CATALOG))
        return store.uri(CATALOG)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _full_text(con: duckdb.DuckDBPyConnection) -> None:
    """A BM25 index over headline and body (digits kept: loss figures are searchable)."""
    load_extensions(con, "fts")
    con.execute("CREATE TABLE articles_search AS SELECT article_id, headline, body FROM articles")
    con.execute(
        "PRAGMA create_fts_index('articles_search', 'article_id', 'headline', 'body', "
        "stemmer = 'english', ignore = '(\\.|[^a-z0-9])+', overwrite = 1)"
    )


def snapshot_seq(con: duckdb.DuckDBPyConnection) -> int | None:
    try:
        return con.execute("SELECT snapshot_seq FROM _catalog").fetchone()[0]
    except duckdb.Error:
        return None
