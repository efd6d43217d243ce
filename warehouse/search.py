"""Full-text search over articles and live items: a BM25 index kept as immutable Parquet shards.

Why shards: rebuilding one index over every article costs in proportion to the warehouse (27 s
at 100k articles). Instead each night indexes only the documents whose text changed, into a new
shard, like an LSM tree:

- a shard is two Parquet files under ``search/<corpus>/``: the postings (``term, docid, tf,
  len``; sorted by term, so a query reads only the row groups of its terms) and the documents
  (``docid``, the row's id and change key, and what a result shows, headline and body
  included, so a search never scans the warehouse tables);
- every indexed document gets a new ``docid``; when an article changes or disappears its old
  docid goes into ``_search_dead``, which hides it from every query (a newer shard shadows it);
- shards of similar size merge once there are ``FANOUT`` of them (size-tiered), and a shard that
  is mostly dead is rewritten, so there are few shards and dead rows are reclaimed.

Which rows a night touched comes from the snapshot: table files are immutable, so only rows of
files added since the last refresh can be new or changed, and only ids of removed files can
have gone. Their ``(id, key)`` is compared with the live index (the key covers the indexed and
shown text), so the index always equals one built from scratch; queries compute BM25 over the
live postings (document frequencies, count and average length of live documents only),
exactly as DuckDB's fts extension scores the same text.

The manifest (shards, dead docids, statistics) lives in ``catalog.duckdb``, which is rebuilt
into a temporary file and renamed into place: the catalog and the shards it names switch
together. Shard files are immutable and uniquely named; files a merge retires are kept for
``RETAIN_BUILDS`` catalog builds so that sessions on an older catalog keep working.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.search_sql import (
    CORPORA,
    POSTINGS_SQL,
    SNIPPET_MACRO,
    STEMMER,
    TOKENS_MACRO,
    Corpus,
    docs_view,
    postings_view,
    search_macro,
)
from warehouse.snapshot import Snapshot
from warehouse.storage import Store

FOLDER = "search"
FANOUT = 8  # this many shards of one size class merge into one
MAX_DEAD_FRACTION = 0.5  # a shard with more dead documents than this is rewritten
RETAIN_BUILDS = 5  # retired shard files survive this many catalog builds
POSTINGS_ROW_GROUP = 20_000  # smaller: a query reads less beyond its terms
TOKENIZE_BATCH = 20_000  # documents tokenized at a time
SCAN_ROWS = 2_048  # documents per Arrow batch: the unit DuckDB hands to a thread
DOCS_ROW_GROUP = 2_000  # a hit reads one row group of bodies


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(paths: list[str]) -> str:
    return "[" + ", ".join(_lit(p) for p in paths) + "]"


# -- the manifest ---------------------------------------------------------------------------

MANIFEST = {
    "_search_shards": "corpus VARCHAR, shard BIGINT, docs BIGINT, dead BIGINT, "
    "postings VARCHAR, documents VARCHAR",
    "_search_dead": "corpus VARCHAR, docid UBIGINT",
    "_search_stats": "corpus VARCHAR, num_docs BIGINT, total_len BIGINT, next_docid UBIGINT",
    "_search_retired": "path VARCHAR, builds_left INTEGER",
    "_search_sources": "corpus VARCHAR, path VARCHAR",  # table files the index reflects
}


def _create_manifest(con: duckdb.DuckDBPyConnection, prev: str | None) -> None:
    """The manifest tables, carried over from the previous catalog when it has them."""
    for name, columns in MANIFEST.items():
        con.execute(f"CREATE TABLE {name} ({columns})")  # noqa: S608 - names and types from MANIFEST
    if prev is not None:
        try:
            for name in MANIFEST:
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {prev}.{name}")  # noqa: S608
        except duckdb.Error:  # an older manifest layout: start again from nothing
            for name in MANIFEST:
                con.execute(f"DELETE FROM {name}")  # noqa: S608
    for c in CORPORA:
        if not con.execute("SELECT 1 FROM _search_stats WHERE corpus = ?", [c.name]).fetchone():
            con.execute("INSERT INTO _search_stats VALUES (?, 0, 0, 0)", [c.name])


def has_manifest(con: duckdb.DuckDBPyConnection, alias: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name IN "
        "(SELECT unnest(?))",
        [alias, list(MANIFEST)],
    ).fetchone()[0]
    return found == len(MANIFEST)


def stopwords() -> list[str]:
    """The fts extension's English stop words, read from a throwaway index in memory."""
    from warehouse.catalog import load_extensions

    mem = duckdb.connect()
    try:
        load_extensions(mem, "fts")
        mem.execute("CREATE TABLE probe AS SELECT 'x' AS id, 'x' AS txt")
        mem.execute("PRAGMA create_fts_index('probe', 'id', 'txt', stopwords = 'english')")
        rows = mem.execute("SELECT sw FROM fts_main_probe.stopwords ORDER BY sw").fetchall()
        return [r[0] for r in rows]
    finally:
        mem.close()


def _stopwords(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE TABLE _search_stopwords AS SELECT unnest(?::VARCHAR[]) AS sw", [stopwords()]
    )


# -- refresh ----------------------------------------------------------------------------------


@dataclass
class Refreshed:
    """What one refresh did, per corpus (for logs and benchmarks)."""

    indexed: dict[str, int]
    dead: dict[str, int]
    merged: dict[str, int]
    shards: dict[str, int]


Reader = Callable[[str, list[str]], str]  # (table, files) -> a SELECT of those files' rows


def refresh(
    con: duckdb.DuckDBPyConnection, store: Store, prev: str | None, snap: Snapshot, read: Reader
) -> Refreshed:
    """Bring the index in catalog `con` up to date with the tables of `snap`.

    `prev` is the alias of the previous catalog, attached read-only, or None to index from
    scratch. New shard files are written before the catalog that names them is switched in.
    """
    _create_manifest(con, prev)
    _stopwords(con)
    con.execute(TOKENS_MACRO)
    done = Refreshed({}, {}, {}, {})
    with tempfile.TemporaryDirectory(prefix="newsware-search-") as work:
        for c in CORPORA:
            changes = _changed_rows(con, store, c, snap, read)
            done.dead[c.name] = _mark_dead(con, store, c)
            done.indexed[c.name] = _index(con, store, c, changes, Path(work))
            done.merged[c.name] = _merge(con, store, c, Path(work))
            done.shards[c.name] = len(_shards(con, c))
    store.sync()  # shard files durable before the catalog that names them
    _collect_garbage(con, store)
    create_views(con, store)
    return done


def _shards(con: duckdb.DuckDBPyConnection, c: Corpus) -> list[tuple]:
    return con.execute(
        "SELECT shard, docs, dead, postings, documents FROM _search_shards WHERE corpus = ? "
        "ORDER BY shard",
        [c.name],
    ).fetchall()


def _changed_rows(
    con: duckdb.DuckDBPyConnection, store: Store, c: Corpus, snap: Snapshot, read: Reader
) -> str:
    """Fill `_now` (id, key of rows that may have changed) and `_live` (the live documents of
    those ids); returns the SELECT that reads the changed rows in full.

    Table files are immutable, so only rows of files added since the last refresh can be new
    or changed, and only ids of removed files can have disappeared. The first refresh, or one
    whose removed files are already gone, compares every row.
    """
    files = sorted(snap.table_files(c.table))
    before = {
        r[0]
        for r in con.execute(
            "SELECT path FROM _search_sources WHERE corpus = ?", [c.name]
        ).fetchall()
    }
    added = [f for f in files if f not in before]
    removed = sorted(before - set(files))
    full = not before or not all(store.exists(f) for f in removed)
    scan = files if full else added
    if scan:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _now AS SELECT {c.id} AS id, {c.key} AS key "  # noqa: S608
            f"FROM ({read(c.table, scan)})"
        )
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE _now (id VARCHAR, key VARCHAR)")
    if full:
        con.execute("CREATE OR REPLACE TEMP TABLE _ids AS SELECT NULL::VARCHAR AS id WHERE false")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE _ids AS SELECT DISTINCT id FROM _now")
        if removed:
            con.execute(
                f"INSERT INTO _ids SELECT DISTINCT {c.id} FROM ({read(c.table, removed)}) "  # noqa: S608
                f"WHERE {c.id} NOT IN (SELECT id FROM _ids)"
            )
            _rows_still_elsewhere(con, c, [f for f in files if f in before], read)
    docs = [store.uri(s[4]) for s in _shards(con, c)]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _live (docid UBIGINT, id VARCHAR, key VARCHAR, len UINTEGER)"
    )
    if docs:
        scope = "" if full else "AND id IN (SELECT id FROM _ids)"
        con.execute(
            f"INSERT INTO _live SELECT docid, id, key, len FROM read_parquet({_list(docs)}) "  # noqa: S608
            f"WHERE docid NOT IN (SELECT docid FROM _search_dead WHERE corpus = $c) {scope}",
            {"c": c.name},
        )
    con.execute("DELETE FROM _search_sources WHERE corpus = ?", [c.name])
    con.execute("INSERT INTO _search_sources SELECT ?, unnest(?::VARCHAR[])", [c.name, files or []])
    return f"SELECT *, {c.key} AS _key FROM ({read(c.table, scan)})" if scan else ""  # noqa: S608


def _rows_still_elsewhere(
    con: duckdb.DuckDBPyConnection, c: Corpus, unchanged: list[str], read: Reader
) -> None:
    """Ids of removed files that no added file has may still sit in an unchanged file."""
    (lost,) = con.execute(
        "SELECT count(*) FROM _ids WHERE id NOT IN (SELECT id FROM _now)"
    ).fetchone()
    if lost and unchanged:
        con.execute(
            f"INSERT INTO _now SELECT {c.id}, {c.key} FROM ({read(c.table, unchanged)}) "  # noqa: S608
            f"WHERE {c.id} IN (SELECT id FROM _ids WHERE id NOT IN (SELECT id FROM _now))"
        )


def _mark_dead(con: duckdb.DuckDBPyConnection, store: Store, c: Corpus) -> int:
    """Live documents whose (id, key) is no longer in the table become dead."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gone AS SELECT docid, len FROM _live l "
        "WHERE NOT EXISTS (SELECT 1 FROM _now n WHERE n.id = l.id AND n.key = l.key)"
    )
    gone, gone_len = con.execute("SELECT count(*), coalesce(sum(len), 0) FROM _gone").fetchone()
    if gone:
        con.execute("INSERT INTO _search_dead SELECT ?, docid FROM _gone", [c.name])
        con.execute(
            "UPDATE _search_stats SET num_docs = num_docs - $n, total_len = total_len - $l "
            "WHERE corpus = $c",
            {"n": gone, "l": gone_len, "c": c.name},
        )
        _count_dead(con, store, c)
    return gone


def _index(
    con: duckdb.DuckDBPyConnection, store: Store, c: Corpus, changed_sql: str, work: Path
) -> int:
    """Index the rows whose (id, key) the live index lacks, as a new shard. Their docids are
    numbered on (id, key) alone: a window over whole rows, bodies included, cannot spill."""
    (first,) = con.execute(
        "SELECT next_docid FROM _search_stats WHERE corpus = ?", [c.name]
    ).fetchone()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _changed AS "
        "SELECT id, key, ($first + row_number() OVER (ORDER BY id, key) - 1)::UBIGINT AS docid "
        "FROM (SELECT DISTINCT id, key FROM _now n "
        "WHERE NOT EXISTS (SELECT 1 FROM _live l WHERE l.id = n.id AND l.key = n.key))",
        {"first": first},
    )
    (todo,) = con.execute("SELECT count(*) FROM _changed").fetchone()
    if not todo:
        return 0
    shown = ", ".join(f"v.{col}" for col in c.shown)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _new AS SELECT ch.docid, "  # noqa: S608
        f"v.{c.id} AS id, v._key AS key, {shown}, v.headline, v.body "
        f"FROM ({changed_sql}) v JOIN _changed ch ON v.{c.id} = ch.id AND v._key = ch.key "
        "ORDER BY ch.docid"
    )
    n, total = _write_shard(con, store, c, work, "_new", postings_from_text=True)
    con.execute("DROP TABLE _new")
    con.execute(
        "UPDATE _search_stats SET next_docid = next_docid + $t, num_docs = num_docs + $n, "
        "total_len = total_len + $l WHERE corpus = $c",
        {"t": todo, "n": n, "l": total, "c": c.name},
    )
    return n


def _tokenize(con: duckdb.DuckDBPyConnection, docs_table: str, docs_file: Path) -> int:
    """Postings of `docs_table` (ordered by docid) into `_post`, and its rows with their
    lengths into `docs_file`, a batch of documents at a time; returns the total length.

    Batches keep memory bounded whatever the night's size: a batch's token table is ~200 rows
    per document, and the documents file is written as it goes (sorting a million bodies in
    one query ran out of the catalog's memory). Each batch is handed to DuckDB as Arrow record
    batches: DuckDB splits a table scan by row group (122,880 rows), so a batch read from the
    table would be tokenized on one thread, while Arrow batches are scanned by all of them (a
    1M-dump night's index: 67.0 s -> 41.6 s)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _post "
        "(term VARCHAR, docid UBIGINT, tf USMALLINT, len UINTEGER)"
    )
    lo, hi = con.execute(f"SELECT min(docid), max(docid) FROM {docs_table}").fetchone()  # noqa: S608
    total, writer = 0, None
    try:
        for start in range(lo, hi + 1, TOKENIZE_BATCH):
            reader = con.execute(
                f"SELECT * FROM {docs_table} "  # noqa: S608 - our own table
                "WHERE docid >= $lo AND docid < $hi ORDER BY docid",
                {"lo": start, "hi": start + TOKENIZE_BATCH},
            ).to_arrow_reader(SCAN_ROWS)
            con.register("_batch", pa.Table.from_batches(list(reader), reader.schema))
            sql = POSTINGS_SQL.format(src="_batch", stemmer=STEMMER)
            con.execute(f"CREATE OR REPLACE TEMP TABLE _batch_post AS {sql}")  # noqa: S608 - constants
            con.execute("INSERT INTO _post SELECT * FROM _batch_post")
            docs = con.execute(
                "SELECT b.*, coalesce(l.len, 0)::UINTEGER AS len FROM _batch b "
                "LEFT JOIN (SELECT DISTINCT docid, len FROM _batch_post) l USING (docid) "
                "ORDER BY docid"
            ).fetch_arrow_table()
            con.unregister("_batch")
            if writer is None:
                writer = pq.ParquetWriter(docs_file, docs.schema, compression="zstd")
            writer.write_table(docs, row_group_size=DOCS_ROW_GROUP)
            total += pc.sum(docs["len"]).as_py() or 0
    finally:
        if writer is not None:
            writer.close()
        con.execute("DROP TABLE IF EXISTS _batch_post")
    return total


def _write_shard(
    con: duckdb.DuckDBPyConnection,
    store: Store,
    c: Corpus,
    work: Path,
    docs_table: str,
    postings_from_text: bool,
    postings_sql: str | None = None,
) -> tuple[int, int]:
    """Write `docs_table` (docid, id, key, shown..., headline, body; ordered by docid) as a new
    shard; returns its document count and total length."""
    (n,) = con.execute(f"SELECT count(*) FROM {docs_table}").fetchone()  # noqa: S608
    if n == 0:
        return 0, 0
    (shard,) = con.execute(
        "SELECT coalesce(max(shard), 0) + 1 FROM _search_shards WHERE corpus = ?", [c.name]
    ).fetchone()
    stem = f"{FOLDER}/{c.name}/{shard:06d}-{uuid.uuid4().hex[:8]}"
    rel_postings, rel_docs = f"{stem}.postings.parquet", f"{stem}.docs.parquet"
    local_postings, local_docs = work / "postings.parquet", work / "docs.parquet"
    if postings_from_text:
        total = _tokenize(con, docs_table, local_docs)
        postings_sql = "SELECT * FROM _post ORDER BY term, docid"
    else:  # a merge: the documents keep their lengths; the table scan keeps docid order
        (total,) = con.execute(f"SELECT coalesce(sum(len), 0) FROM {docs_table}").fetchone()  # noqa: S608
        con.execute(
            f"COPY {docs_table} TO {_lit(str(local_docs))} "  # noqa: S608 - our own table and path
            f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {DOCS_ROW_GROUP})"
        )
    con.execute(
        f"COPY ({postings_sql}) TO {_lit(str(local_postings))} "  # noqa: S608 - our own query and path
        f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {POSTINGS_ROW_GROUP})"
    )
    con.execute("DROP TABLE IF EXISTS _post")
    _put(store, local_postings, rel_postings)
    _put(store, local_docs, rel_docs)
    con.execute(
        "INSERT INTO _search_shards VALUES (?, ?, ?, 0, ?, ?)",
        [c.name, shard, n, rel_postings, rel_docs],
    )
    return n, total


def _put(store: Store, local: Path, rel: str) -> None:
    """Move a finished local file into the warehouse under `rel` (never seen half-written)."""
    if store.is_local:
        target = store.path(rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.move(str(local), target + ".tmp")
        os.replace(target + ".tmp", target)
    else:
        store.fs.put(str(local), store.path(rel))
        local.unlink()


def _count_dead(con: duckdb.DuckDBPyConnection, store: Store, c: Corpus) -> None:
    """Per shard, how many of its documents are dead (drives rewrites of mostly-dead shards)."""
    for shard, _docs, _dead, _postings, documents in _shards(con, c):
        (dead,) = con.execute(
            f"SELECT count(*) FROM read_parquet({_lit(store.uri(documents))}) "  # noqa: S608
            "WHERE docid IN (SELECT docid FROM _search_dead WHERE corpus = $c)",
            {"c": c.name},
        ).fetchone()
        con.execute(
            "UPDATE _search_shards SET dead = $d WHERE corpus = $c AND shard = $s",
            {"d": dead, "c": c.name, "s": shard},
        )


def size_class(live_docs: int) -> int:
    return int(math.log(max(live_docs, 1), FANOUT))


def plan_merge(shards: list[tuple[int, int, int]]) -> list[int]:
    """Shards (id, docs, dead) to merge next: FANOUT of one size class, else one mostly-dead
    shard; [] when none."""
    by_class: dict[int, list[int]] = {}
    for shard, docs, dead in shards:
        by_class.setdefault(size_class(docs - dead), []).append(shard)
    for _cls, members in sorted(by_class.items()):
        if len(members) >= FANOUT:
            return sorted(members)[:FANOUT]
    for shard, docs, dead in shards:
        if docs and dead / docs > MAX_DEAD_FRACTION:
            return [shard]
    return []


def _merge(con: duckdb.DuckDBPyConnection, store: Store, c: Corpus, work: Path) -> int:
    """Merge shards until no class is full and no shard is mostly dead; returns merges done."""
    merges = 0
    while True:
        shards = {s[0]: s for s in _shards(con, c)}
        chosen = plan_merge([(s, d, x) for s, d, x, _, _ in shards.values()])
        if not chosen:
            return merges
        postings = _list([store.uri(shards[s][3]) for s in chosen])
        documents = _list([store.uri(shards[s][4]) for s in chosen])
        dead = f"(SELECT docid FROM _search_dead WHERE corpus = {_lit(c.name)})"  # noqa: S608
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _merged AS SELECT * FROM read_parquet({documents}) "  # noqa: S608
            f"WHERE docid NOT IN {dead} ORDER BY docid"
        )
        _write_shard(
            con,
            store,
            c,
            work,
            "_merged",
            postings_from_text=False,
            postings_sql=f"SELECT * FROM read_parquet({postings}) WHERE docid NOT IN {dead} "  # noqa: S608
            "ORDER BY term, docid",
        )
        con.execute(
            f"DELETE FROM _search_dead WHERE corpus = $c AND docid IN "  # noqa: S608
            f"(SELECT docid FROM read_parquet({documents}))",
            {"c": c.name},
        )
        for s in chosen:
            _, _, _, p, d = shards[s]
            con.execute(
                "INSERT INTO _search_retired VALUES (?, ?), (?, ?)",
                [p, RETAIN_BUILDS, d, RETAIN_BUILDS],
            )
        con.execute(
            "DELETE FROM _search_shards WHERE corpus = $c AND shard IN (SELECT unnest($s))",
            {"c": c.name, "s": chosen},
        )
        con.execute("DROP TABLE _merged")
        merges += 1


def _collect_garbage(con: duckdb.DuckDBPyConnection, store: Store) -> None:
    """Delete retired files whose grace period is over, and orphans of builds that crashed."""
    con.execute("UPDATE _search_retired SET builds_left = builds_left - 1")
    expired = [
        r[0]
        for r in con.execute("SELECT path FROM _search_retired WHERE builds_left < 0").fetchall()
    ]
    con.execute("DELETE FROM _search_retired WHERE builds_left < 0")
    named = {r[0] for r in con.execute("SELECT path FROM _search_retired").fetchall()}
    for postings, documents in con.execute(
        "SELECT postings, documents FROM _search_shards"
    ).fetchall():
        named |= {postings, documents}
    orphans = [p for p in store.find(FOLDER) if p not in named]
    store.delete(sorted(set(expired) | set(orphans)))


# -- what analysts query ----------------------------------------------------------------------


def create_views(con: duckdb.DuckDBPyConnection, store: Store) -> None:
    """Views over the live shards' files, and the search macros."""
    for c in CORPORA:
        shards = _shards(con, c)
        postings = [store.uri(s[3]) for s in shards]
        docs = [store.uri(s[4]) for s in shards]
        if postings:
            con.execute(
                f"CREATE VIEW {postings_view(c)} AS SELECT * FROM read_parquet({_list(postings)})"  # noqa: S608
            )
            con.execute(
                f"CREATE VIEW {docs_view(c)} AS SELECT * FROM read_parquet({_list(docs)})"  # noqa: S608
            )
        else:  # nothing indexed yet: empty views of the same shape
            con.execute(
                f"CREATE VIEW {postings_view(c)} AS SELECT NULL::VARCHAR AS term, "  # noqa: S608 - our view name
                "NULL::UBIGINT AS docid, NULL::USMALLINT AS tf, NULL::UINTEGER AS len WHERE false"
            )
            shown = ", ".join(c.shown)
            con.execute(
                f"CREATE VIEW {docs_view(c)} AS SELECT NULL::UBIGINT AS docid, {c.id} AS id, "  # noqa: S608
                f"NULL::VARCHAR AS key, {shown}, headline, body, NULL::UINTEGER AS len "
                f"FROM {c.table} WHERE false"
            )
    con.execute(SNIPPET_MACRO)
    for c in CORPORA:
        con.execute(search_macro(c))
