# ruff: noqa: S608 - SQL built from our own file paths and constants (a benchmark)
"""Cost of the nightly full-text refresh, and search latency, over synthetic warehouses.

    python -m bench.search_index --stored 10000,100000 --night 10000 [--edited 0.1]

For each stored size S: publish S synthetic articles (and S/20 live items) into a fresh
warehouse (the first catalog build indexes them all), then publish a night of `--night`
articles, a share `--edited` of them new versions of stored articles of the last 30 days and
the rest new articles of the last week, and time the catalog
build and the search refresh inside it; then time `search_articles` queries. Articles are
made of headlines and paragraphs of the bundled sample corpus, recombined, so the vocabulary
is the pipeline's own. `--baseline` also times the previous design (one fts index rebuilt over
every article) on the same articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa

from warehouse import catalog, search, search_sql, snapshot
from warehouse.schemas import TABLES
from warehouse.warehouse import Warehouse

QUERIES = ("troops Italy", "air defence", "Zelensky", "tanks artillery losses")


def text_pool(dumps: int = 1500, seed: int = 3) -> tuple[list[str], list[str]]:
    """Headlines and body paragraphs parsed from the sample corpus."""
    from corpus.generate import iter_dumps
    from transforms.decode import decode
    from transforms.parse import parse_page
    from transforms.records import RawDoc

    heads, paras = set(), set()
    for d in iter_dumps(dumps, seed=seed):
        if d.label.kind != "original":
            continue
        page = parse_page(decode(RawDoc(d.name, len(d.data), "-", d.data), date(2030, 1, 1)))
        if page.headline and page.paragraphs:
            heads.add(page.headline)
            paras.update(page.paragraphs)
    return sorted(heads), sorted(paras)


STORED_DAYS = 365
NIGHT_DAYS = 7  # a night's new articles were published in its last week


def day_of(article_id: str) -> int:
    """Publication day (since 2024-01-01) of a synthetic article: stored ones spread over a
    year, a night's new ones (ids "b...") over the week after; stable per id."""
    n = int(article_id[1:])
    return STORED_DAYS + n % NIGHT_DAYS if article_id[0] == "b" else n % STORED_DAYS


def articles(ids: list[str], pool: tuple[list[str], list[str]], seed: int, run_id: str) -> pa.Table:
    """Synthetic `articles` rows: a random headline and 3 to 6 random paragraphs each."""
    rng = random.Random(seed)
    parts = [_articles(ids[i : i + 50_000], pool, rng, run_id) for i in range(0, len(ids), 50_000)]
    return pa.concat_tables(parts) if parts else TABLES["articles"].schema.empty_table()


def _articles(
    ids: list[str], pool: tuple[list[str], list[str]], rng: random.Random, run_id: str
) -> pa.Table:
    heads, paras = pool
    rows = []
    for article_id in ids:
        body = "\n\n".join(rng.sample(paras, rng.randint(3, 6)))
        day = date(2024, 1, 1) + timedelta(days=day_of(article_id))
        rows.append(
            {
                "article_id": article_id,
                "source": rng.choice(("kyiv-independent", "dnipro-daily", "baltic-wire")),
                "headline": rng.choice(heads),
                "authors": [],
                "published_at": datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
                "capture_date": day,
                "published_date": day,
                "tags": [],
                "body": body,
                "word_count": len(body.split()),
                "language": "en",
                "content_hash": hashlib.blake2b(body.encode(), digest_size=16).hexdigest(),
                "versions": 1,
                "first_seen_run": run_id,
                "last_seen_run": run_id,
                "raw_file": f"{article_id}.txt",
            }
        )
    return pa.Table.from_pylist(rows, schema=TABLES["articles"].schema)


def live_items(n: int, pool: tuple[list[str], list[str]], seed: int, run_id: str) -> pa.Table:
    rng = random.Random(seed)
    heads, paras = pool
    rows = []
    for i in range(n):
        when = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(525_600))
        rows.append(
            {
                "update_id": f"u{seed}-{i:08d}",
                "source": "kyiv-independent",
                "published_at": when,
                "published_date": when.date(),
                "time_text": when.strftime("%I:%M %p"),
                "headline": rng.choice(heads),
                "body": rng.choice(paras),
                "first_seen_file": "x.txt",
                "times_seen": 1,
                "first_seen_run": run_id,
            }
        )
    return pa.Table.from_pylist(rows, schema=TABLES["live_updates"].schema)


class RefreshTimer:
    """Times `search.refresh` inside the catalog build (patched in for the benchmark)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.done: list[search.Refreshed] = []
        self._real = search.refresh

    def __enter__(self) -> RefreshTimer:
        def timed(*args, **kwargs):
            start = time.perf_counter()
            out = self._real(*args, **kwargs)
            self.seconds.append(time.perf_counter() - start)
            self.done.append(out)
            return out

        search.refresh = timed
        return self

    def __exit__(self, *exc) -> None:
        search.refresh = self._real


def time_searches(con, repeat: int = 5) -> dict[str, float]:
    """Median ms of search_articles per query, after one warm-up call."""
    out = {}
    for q in QUERIES:
        con.execute("SELECT * FROM search_articles(?)", [q]).fetchall()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            con.execute("SELECT * FROM search_articles(?)", [q]).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        out[q] = round(statistics.median(times), 1)
    return out


def query_ms(wh: Warehouse, repeat: int = 5) -> dict[str, float]:
    con = catalog.connect(wh.store)
    try:
        return time_searches(con, repeat)
    finally:
        con.close()


def baseline_seconds(wh: Warehouse) -> float:
    """The previous design: one fts index over every article, rebuilt from scratch."""
    import duckdb

    con = duckdb.connect()
    try:
        catalog.load_extensions(con, "fts")
        con.execute(f"ATTACH '{catalog.catalog_file(wh.store)}' AS c (READ_ONLY)")
        start = time.perf_counter()
        con.execute("CREATE TABLE a AS SELECT article_id, headline, body FROM c.articles")
        con.execute(
            "PRAGMA create_fts_index('a', 'article_id', 'headline', 'body', stemmer = 'english', "
            "ignore = '(\\.|[^a-z0-9])+', overwrite = 1)"
        )
        return round(time.perf_counter() - start, 2)
    finally:
        con.close()


def replicated_query_ms(wh: Warehouse, factor: int, work: Path) -> dict:
    """Search latency over `factor` copies of the articles index (one shard per copy, docids
    and ids made distinct): the query side of a warehouse `factor` times larger, without
    building one."""
    import duckdb

    path = work / "replicated.duckdb"
    shutil.copy(catalog.catalog_file(wh.store), path)
    con = duckdb.connect(str(path))
    try:
        catalog.load_extensions(con, "fts")
        c = search_sql.CORPORA[0]
        postings = [
            wh.store.uri(p)
            for (p,) in con.execute(
                "SELECT postings FROM _search_shards WHERE corpus = 'articles'"
            ).fetchall()
        ]
        docs = [
            wh.store.uri(p)
            for (p,) in con.execute(
                "SELECT documents FROM _search_shards WHERE corpus = 'articles'"
            ).fetchall()
        ]
        (offset,) = con.execute(
            "SELECT next_docid FROM _search_stats WHERE corpus = 'articles'"
        ).fetchone()
        p_files, d_files = [], []
        for i in range(factor):
            p_file, d_file = work / f"p{i}.parquet", work / f"d{i}.parquet"
            con.execute(
                f"COPY (SELECT term, docid + {i * offset} AS docid, tf, len "
                f"FROM read_parquet({postings!r}) ORDER BY term, docid) TO '{p_file}' "
                f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {search.POSTINGS_ROW_GROUP})"
            )
            con.execute(
                f"COPY (SELECT * REPLACE (docid + {i * offset} AS docid, id || '-{i}' AS id) "
                f"FROM read_parquet({docs!r}) ORDER BY docid) TO '{d_file}' "
                f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {search.DOCS_ROW_GROUP})"
            )
            p_files.append(str(p_file))
            d_files.append(str(d_file))
        con.execute(
            f"CREATE OR REPLACE VIEW {search_sql.postings_view(c)} AS "
            f"SELECT * FROM read_parquet({p_files!r})"
        )
        con.execute(
            f"CREATE OR REPLACE VIEW {search_sql.docs_view(c)} AS "
            f"SELECT * FROM read_parquet({d_files!r})"
        )
        con.execute(
            f"UPDATE _search_stats SET num_docs = num_docs * {factor}, "
            f"total_len = total_len * {factor} WHERE corpus = 'articles'"
        )
        con.execute(search_sql.search_macro(c))  # this code's macro, whatever built the catalog
        (docs_n,) = con.execute(
            "SELECT num_docs FROM _search_stats WHERE corpus = 'articles'"
        ).fetchone()
        (postings_n,) = con.execute(
            f"SELECT count(*) FROM {search_sql.postings_view(c)}"
        ).fetchone()
        return {"docs": docs_n, "postings": postings_n, "shards": factor} | time_searches(con)
    finally:
        con.close()


def run(stored: int, night: int, edited: float, root: Path, baseline: bool, replicate: int) -> dict:
    pool = text_pool()
    wh = Warehouse.open(str(root / f"wh-{stored}"))
    ids = [f"a{i:09d}" for i in range(stored)]
    with RefreshTimer() as first:
        t0 = time.perf_counter()
        snap = wh.publish(
            snapshot.EMPTY,
            "r1",
            {
                "articles": articles(ids, pool, 1, "r1"),
                "live_updates": live_items(max(stored // 20, 1), pool, 1, "r1"),
            },
        )
        initial = time.perf_counter() - t0
    rng = random.Random(2)
    n_edit = int(night * edited)
    recent = [a for a in ids if day_of(a) >= STORED_DAYS - 30]  # re-captures are of recent news
    night_ids = rng.sample(recent, min(n_edit, len(recent)))
    night_ids += [f"b{i:09d}" for i in range(night - len(night_ids))]
    with RefreshTimer() as second:
        t0 = time.perf_counter()
        snap = wh.publish(
            snap,
            "r2",
            {
                "articles": articles(night_ids, pool, 2, "r2"),
                "live_updates": live_items(max(night // 20, 1), pool, 2, "r2"),
            },
        )
        publish = time.perf_counter() - t0
    out = {
        "stored_articles": stored,
        "night_articles": night,
        "night_edited": n_edit,
        "initial_publish_s": round(initial, 2),
        "initial_index_s": round(first.seconds[0], 2),
        "night_publish_s": round(publish, 2),
        "night_index_s": round(second.seconds[0], 2),
        "night_indexed": second.done[0].indexed,
        "night_dead": second.done[0].dead,
        "shards": second.done[0].shards,
        "search_ms": query_ms(wh),
    }
    if baseline:
        out["baseline_full_fts_rebuild_s"] = baseline_seconds(wh)
    if replicate > 1:
        work = root / f"replicated-{stored}"
        work.mkdir(exist_ok=True)
        out["replicated_search_ms"] = replicated_query_ms(wh, replicate, work)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", default="10000,100000")
    parser.add_argument("--night", type=int, default=10_000)
    parser.add_argument("--edited", type=float, default=0.1)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--keep", help="build the warehouses under this folder and keep them")
    parser.add_argument(
        "--replicate",
        type=int,
        default=0,
        help="also time search over this many copies of the index (e.g. 10: 100k -> 1M)",
    )
    args = parser.parse_args()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newsware-search-"))
    try:
        for stored in (int(s) for s in args.stored.split(",")):
            result = run(stored, args.night, args.edited, root, args.baseline, args.replicate)
            print(json.dumps(result), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
