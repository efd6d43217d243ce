"""The DuckDB catalog: one view per table over the snapshot's Parquet files, documented, plus
full-text search and macros.

The catalog is rebuilt from the current snapshot into a temporary file and renamed into place,
so an analyst opening ``catalog.duckdb`` always sees one consistent snapshot. Views name files by
absolute path (or s3:// URI), so they work from any working directory. Every view and column
carries a comment rendered by `warehouse.docs` (the README's "Output format" comes from the same
place). The full-text index (`warehouse.search`) is refreshed incrementally: its manifest is
carried over from the previous catalog file, and only changed rows are indexed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse import duck, search, search_sql
from warehouse.docs import column_comment, table_comment
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


def view_sql(store: Store, spec: TableSpec, files: tuple[str, ...]) -> str:
    if not files:
        return f"CREATE TABLE {duck.ident(spec.name)} AS SELECT * FROM empty_{spec.name}"  # noqa: S608
    return f"CREATE VIEW {duck.ident(spec.name)} AS {select_files(store, spec, files)}"  # noqa: S608 - select_files quotes our own file paths


def select_files(store: Store, spec: TableSpec, files: tuple[str, ...] | list[str]) -> str:
    """A SELECT of the table's columns from some of its files. A column kept in the folder
    names is read from them, typed; a monthly table's files hold all its columns."""
    columns = ", ".join(duck.ident(c) for c in spec.data_columns)
    paths = ", ".join(f"'{_lit(store.uri(f))}'" for f in files)
    folder_key = files[0].rsplit("/", 2)[-2].split("=", 1)[0] if files else spec.partition_key
    if folder_key != spec.partition_by:
        return f"SELECT {columns} FROM read_parquet([{paths}], union_by_name = true)"  # noqa: S608
    part_type = _DUCK_TYPES[spec.schema.field(spec.partition_by).type]
    return (
        f"SELECT {columns} FROM read_parquet([{paths}], "  # noqa: S608
        f"hive_partitioning = true, union_by_name = true, "
        f"hive_types = {{'{spec.partition_by}': {part_type}}})"
    )


def build(store: Store, snap: Snapshot, *, full_text: bool = True) -> str:
    """(Re)build the catalog for `snap`; returns the catalog's location."""
    workdir = Path(tempfile.mkdtemp(prefix="newsware-catalog-"))
    tmp = workdir / CATALOG
    try:
        con = duck.bound(duckdb.connect(str(tmp)), limit=duck.CATALOG_MEMORY_LIMIT)
        if not store.is_local:
            load_extensions(con, "httpfs")
            s3_secret(con, store)
        for spec in ALL_TABLES.values():
            files = snap.table_files(spec.name)
            if not files:
                con.register(f"empty_{spec.name}", spec.schema.empty_table())
            con.execute(view_sql(store, spec, files))
            _comment(con, spec, "VIEW" if files else "TABLE")
        con.execute(
            "CREATE TABLE _catalog AS SELECT ? AS snapshot_seq, ? AS run_id",
            [snap.seq, snap.run_id],
        )
        create_macros(con)
        if full_text:
            _full_text(con, store, snap, workdir)
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


def _comment(con: duckdb.DuckDBPyConnection, spec: TableSpec, kind: str) -> None:
    """COMMENT ON the view and each of its columns (text from warehouse.docs)."""
    con.execute(f"COMMENT ON {kind} {duck.ident(spec.name)} IS '{_lit(table_comment(spec))}'")  # noqa: S608 - kind is VIEW or TABLE
    for f in spec.schema:
        text = _lit(column_comment(spec.name, f))
        con.execute(f"COMMENT ON COLUMN {duck.ident(spec.name)}.{duck.ident(f.name)} IS '{text}'")  # noqa: S608 - text went through _lit


def _full_text(
    con: duckdb.DuckDBPyConnection, store: Store, snap: Snapshot, workdir: Path
) -> search.Refreshed:
    """Refresh the sharded BM25 index over articles and live items (digits kept: loss figures
    are searchable), starting from the previous catalog's manifest when there is one."""
    load_extensions(con, "fts")
    with _previous_catalog(con, store, workdir) as prev:
        done = search.refresh(
            con, store, prev, snap, lambda t, files: select_files(store, ALL_TABLES[t], files)
        )
    for name, doc in SEARCH_DOCS.items():
        con.execute(f"COMMENT ON VIEW {duck.ident(name)} IS '{_lit(doc)}'")
        columns = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [name]
        ).fetchall()
        for (column,) in columns:
            text = _lit(search_sql.COLUMN_DOCS[column])
            con.execute(f"COMMENT ON COLUMN {duck.ident(name)}.{duck.ident(column)} IS '{text}'")  # noqa: S608 - text went through _lit
    for m in MACROS:
        if not m.sql:  # created by search.refresh
            _comment_macro(con, m)
    return done


@contextlib.contextmanager
def _previous_catalog(
    con: duckdb.DuckDBPyConnection, store: Store, workdir: Path
) -> Iterator[str | None]:
    """The current catalog, attached read-only as `prev`, if it holds a search manifest."""
    if not store.exists(CATALOG):
        yield None
        return
    if store.is_local:
        path = store.path(CATALOG)
    else:
        path = str(workdir / "previous.duckdb")
        store.fs.get(store.path(CATALOG), path)
    try:
        con.execute(f"ATTACH '{_lit(path)}' AS prev (READ_ONLY)")
    except duckdb.Error:  # unreadable: index from scratch
        yield None
        return
    try:
        yield "prev" if search.has_manifest(con, "prev") else None
    finally:
        con.execute("DETACH prev")


SEARCH_DOCS = {
    search_sql.postings_view(
        search_sql.CORPORA[0]
    ): "Full-text index of articles: one row per term and "
    "indexed document (internal; use search_articles).",
    search_sql.docs_view(
        search_sql.CORPORA[0]
    ): "Full-text index of articles: the indexed documents (internal; use search_articles).",
    search_sql.postings_view(
        search_sql.CORPORA[1]
    ): "Full-text index of live items: one row per term "
    "and indexed document (internal; use search_live).",
    search_sql.docs_view(
        search_sql.CORPORA[1]
    ): "Full-text index of live items: the indexed documents (internal; use search_live).",
}


@dataclass(frozen=True)
class Macro:
    name: str
    sql: str  # CREATE MACRO ...
    doc: str
    table: bool = True


MACROS = (
    Macro(
        "loss_series",
        """CREATE MACRO loss_series(category_name) AS TABLE
        WITH days AS (
            SELECT report_date, max(total) AS total, max(delta) AS delta,
                   sum(times_reported) AS times_reported, count(*) AS figures
            FROM loss_reports WHERE category = lower(category_name)
            GROUP BY report_date
        )
        SELECT report_date, total, delta,
               total - lag(total) OVER (ORDER BY report_date) AS change, times_reported, figures
        FROM days ORDER BY report_date""",
        "loss_series(category): the General Staff's cumulative losses in one category "
        "(personnel, tanks, artillery, ...) per report date: total, the reported daily delta, "
        "change since the previous report date, pages restating it, and how many differing "
        "figures that day had (the highest is shown).",
    ),
    Macro(
        "quotes_by",
        """CREATE MACRO quotes_by(who) AS TABLE
        SELECT q.speaker, q.quote, q.verb, q.published_date, q.article_id, a.source, a.headline
        FROM quotes q LEFT JOIN articles a USING (article_id)
        WHERE contains(lower(q.speaker), lower(who))
        ORDER BY q.published_date DESC, q.article_id, q.quote""",
        "quotes_by(speaker): every attributed quotation whose speaker's name contains the "
        "given text (case-insensitive), newest first, with the quoting article.",
    ),
    Macro(
        "story",
        """CREATE MACRO story(id) AS TABLE
        WITH versions AS (
            SELECT article_id, 'version' AS kind, version, capture_date, NULL::DATE AS run_date,
                   NULL::VARCHAR AS method, NULL::DOUBLE AS similarity, word_count, word_delta,
                   doc_id, raw_file, run_id
            FROM article_versions WHERE article_id = id
        ),
        copies AS (
            SELECT canonical_id AS article_id, 'duplicate' AS kind, NULL::INTEGER AS version,
                   NULL::DATE AS capture_date, run_date, method, similarity,
                   NULL::INTEGER AS word_count, NULL::INTEGER AS word_delta, doc_id, raw_file,
                   run_id
            FROM duplicates WHERE canonical_id = id
        )
        SELECT * FROM versions UNION ALL SELECT * FROM copies
        ORDER BY kind DESC, version, run_date, raw_file""",
        "story(article_id): a story's history: each distinct captured version (kind 'version', "
        "with word counts) and each document folded into it (kind 'duplicate': byte copies, "
        "identical and near-identical republications, with method and similarity).",
    ),
    Macro(
        "search_articles",
        "",
        "search_articles(q, top := 10): full-text search (BM25, any query word, English "
        "stemming) over article headlines and bodies; best first, with a snippet.",
    ),
    Macro(
        "search_live",
        "",
        "search_live(q, top := 10): full-text search (BM25) over live-feed items; best first, "
        "with a snippet.",
    ),
)


def create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The analyst macros (the search macros come with the index, see `search`)."""
    for m in MACROS:
        if m.sql:
            con.execute(m.sql)
            _comment_macro(con, m)


def _comment_macro(con: duckdb.DuckDBPyConnection, m: Macro) -> None:
    kind = "MACRO TABLE" if m.table else "MACRO"
    con.execute(f"COMMENT ON {kind} {duck.ident(m.name)} IS '{_lit(m.doc)}'")  # noqa: S608 - kind is MACRO or MACRO TABLE


def snapshot_seq(con: duckdb.DuckDBPyConnection) -> int | None:
    try:
        return con.execute("SELECT snapshot_seq FROM _catalog").fetchone()[0]
    except duckdb.Error:
        return None
