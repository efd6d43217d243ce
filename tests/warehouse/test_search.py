"""The sharded full-text index: edits, deletions, merges, and equality with a from-scratch
index and with DuckDB's own fts extension."""

from __future__ import annotations

import hashlib
import random
import shutil
from datetime import UTC, date, datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from warehouse import catalog, search, search_sql, snapshot
from warehouse.schemas import TABLES
from warehouse.snapshot import Snapshot
from warehouse.warehouse import Warehouse

WORDS = [
    "troops",
    "artillery",
    "shelling",
    "drones",
    "frontline",
    "ministry",
    "minister",
    "sanctions",
    "parliament",
    "brigade",
    "oblast",
    "village",
    "missile",
    "strike",
    "defence",
    "reserves",
    "ammunition",
    "negotiations",
    "summit",
    "italy",
    "france",
    "germany",
    "poland",
    "tanks",
    "convoy",
    "border",
    "refugees",
    "energy",
    "grid",
    "winter",
]


def article(article_id: str, headline: str, body: str, day: int = 11) -> dict:
    return {
        "article_id": article_id,
        "source": "kyiv-independent",
        "headline": headline,
        "published_at": datetime(2024, 3, day, 9, tzinfo=UTC),
        "capture_date": date(2024, 3, day),
        "published_date": date(2024, 3, day),
        "body": body,
        "content_hash": hashlib.sha256(body.encode()).hexdigest()[:32],
        "versions": 1,
    }


def live(update_id: str, headline: str, body: str) -> dict:
    when = datetime(2024, 3, 11, 7, 7, tzinfo=UTC)
    return {
        "update_id": update_id,
        "source": "kyiv-independent",
        "published_at": when,
        "published_date": when.date(),
        "headline": headline,
        "body": body,
        "times_seen": 1,
    }


def tables(articles: list[dict], items: list[dict] = ()) -> dict[str, pa.Table]:
    out = {"articles": pa.Table.from_pylist(articles, schema=TABLES["articles"].schema)}
    if items:
        out["live_updates"] = pa.Table.from_pylist(
            list(items), schema=TABLES["live_updates"].schema
        )
    return out


def hits(wh: Warehouse, q: str, top: int = 1000, macro: str = "search_articles") -> list[tuple]:
    con = catalog.connect(wh.store)
    try:
        return con.execute(f"SELECT * FROM {macro}(?, top := ?)", [q, top]).fetchall()  # noqa: S608
    finally:
        con.close()


def ids(rows: list[tuple]) -> list[str]:
    return [r[0] for r in rows]


def random_body(rng: random.Random, n: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


@pytest.fixture
def wh(tmp_path) -> Warehouse:
    return Warehouse.open(str(tmp_path / "wh"))


def test_an_edited_article_is_found_by_its_new_words_not_its_removed_ones(wh):
    snap = wh.publish(
        snapshot.EMPTY,
        "r1",
        tables(
            [
                article("a", "Troops in the north", "Shelling near the zebrafield village."),
                article("b", "Zebrafield again", "More about zebrafield and the border."),
            ]
        ),
    )
    assert set(ids(hits(wh, "zebrafield"))) == {"a", "b"}
    wh.publish(
        snap, "r2", tables([article("a", "Troops in the north", "Calm at the giraffehill post.")])
    )
    assert ids(hits(wh, "zebrafield")) == ["b"]  # the old version's words are gone
    assert ids(hits(wh, "giraffehill")) == ["a"]  # found once, by the new words
    assert ids(hits(wh, "troops")) == ["a"]  # unchanged words: one row, not two versions


def test_rows_gone_from_the_warehouse_are_gone_from_search(wh):
    snap = wh.publish(
        snapshot.EMPTY,
        "r1",
        tables([article("a", "Kept", "okapi words"), article("b", "Dropped", "okapi tapir")]),
    )
    assert set(ids(hits(wh, "okapi"))) == {"a", "b"}
    # a rebuild publishes the tables anew: b is no longer there
    rebuilt = Snapshot(snap.seq, snap.run_id, {})
    wh.publish(rebuilt, "r2", tables([article("a", "Kept", "okapi words")]))
    assert ids(hits(wh, "okapi")) == ["a"]
    assert hits(wh, "tapir") == []


def test_live_items_are_searchable_with_a_snippet(wh):
    wh.publish(
        snapshot.EMPTY,
        "r1",
        tables(
            [article("a", "h", "b")],
            [
                live("u1", "General Staff: losses", "Russia has lost 424,060 troops in total."),
                live("u2", "Air raid alert", "An air raid alert in Kyiv this morning."),
            ],
        ),
    )
    rows = hits(wh, "424060 troops", macro="search_live")
    assert [r[0] for r in rows] == ["u1"]
    rows = hits(wh, "troops", macro="search_live")
    assert "troops" in rows[0][-1]  # the snippet shows the matching word


def test_snippet_is_an_excerpt_around_the_first_matching_word(wh):
    body = ("Filler words about nothing in particular. " * 20) + "The convoy reached Kharkiv."
    wh.publish(snapshot.EMPTY, "r1", tables([article("a", "A report", body)]))
    ((article_id, score, source, published_date, headline, snippet),) = hits(wh, "convoys")
    assert (article_id, headline, source) == ("a", "A report", "kyiv-independent")
    assert score > 0 and published_date == date(2024, 3, 11)
    assert snippet.startswith("…") and "convoy reached Kharkiv" in snippet
    assert len(snippet) <= search_sql.SNIPPET_WIDTH + 2


def many_nights(wh: Warehouse, nights: int = 7, per_night: int = 30, seed: int = 5) -> Snapshot:
    """Nights of new articles and edits of stored ones."""
    rng = random.Random(seed)
    snap, stored = snapshot.EMPTY, []
    for night in range(nights):
        edits = rng.sample(stored, min(len(stored), per_night // 3))
        new = [f"n{night}-{i}" for i in range(per_night - len(edits))]
        rows = [
            article(a, " ".join(rng.sample(WORDS, 4)), random_body(rng), day=1 + int(a[1]))
            for a in edits + new
        ]
        snap = wh.publish(snap, f"r{night}", tables(rows))
        stored += new
    return snap


QUERIES = ("troops italy", "missile strike", "energy grid winter", "tanks", "summit negotiations")


def test_incremental_index_equals_a_from_scratch_one(wh, monkeypatch, tmp_path):
    monkeypatch.setattr(search, "FANOUT", 3)  # force merges
    many_nights(wh)
    incremental = {q: hits(wh, q) for q in QUERIES}
    con = catalog.connect(wh.store)
    assert con.execute("SELECT count(*) FROM _search_dead").fetchone()[0] > 0
    con.close()
    # the same warehouse, its catalog and index rebuilt from nothing
    shutil.rmtree(tmp_path / "wh" / search.FOLDER)
    (tmp_path / "wh" / catalog.CATALOG).unlink()
    catalog.build(wh.store, wh.snapshot())
    scratch = {q: hits(wh, q) for q in QUERIES}
    for q in QUERIES:
        assert incremental[q], q
        ours, theirs = scores(incremental[q]), scores(scratch[q])
        assert ours.keys() == theirs.keys(), q
        assert [ours[k] for k in sorted(ours)] == pytest.approx([theirs[k] for k in sorted(ours)])


def scores(rows: list[tuple]) -> dict[str, float]:
    return {r[0]: r[1] for r in rows}


def test_scores_equal_duckdbs_fts_extension(wh):
    many_nights(wh, nights=3)
    con = catalog.connect(wh.store)
    mem = duckdb.connect()
    catalog.load_extensions(mem, "fts")
    mem.register(
        "rows", con.execute("SELECT article_id, headline, body FROM articles").to_arrow_table()
    )
    mem.execute("CREATE TABLE a AS SELECT * FROM rows")
    mem.execute(
        "PRAGMA create_fts_index('a', 'article_id', 'headline', 'body', stemmer = 'english', "
        "ignore = '(\\.|[^a-z0-9])+')"
    )
    for q in QUERIES:
        ours = scores(hits(wh, q))
        theirs = dict(
            mem.execute(
                "SELECT article_id, score FROM (SELECT article_id, "
                "fts_main_a.match_bm25(article_id, ?) AS score FROM a) WHERE score IS NOT NULL",
                [q],
            ).fetchall()
        )
        assert ours.keys() == theirs.keys(), q
        assert [ours[k] for k in sorted(ours)] == pytest.approx([theirs[k] for k in sorted(ours)])


def test_merges_keep_few_shards_and_delete_retired_files_later(wh, monkeypatch, tmp_path):
    monkeypatch.setattr(search, "FANOUT", 2)
    many_nights(wh, nights=6)
    con = catalog.connect(wh.store)
    shards = con.execute("SELECT count(*) FROM _search_shards WHERE corpus = 'articles'").fetchone()
    named = {
        p
        for row in con.execute("SELECT postings, documents FROM _search_shards").fetchall()
        for p in row
    } | {r[0] for r in con.execute("SELECT path FROM _search_retired").fetchall()}
    con.close()
    assert shards[0] <= 3  # at most FANOUT - 1 per size class
    on_disk = set(wh.store.find(search.FOLDER))
    assert on_disk == named  # no orphans; retired files kept for older catalogs
    for _ in range(search.RETAIN_BUILDS + 1):
        catalog.build(wh.store, wh.snapshot())
    con = catalog.connect(wh.store)
    assert con.execute("SELECT count(*) FROM _search_retired").fetchone() == (0,)
    live = {
        p
        for row in con.execute("SELECT postings, documents FROM _search_shards").fetchall()
        for p in row
    }
    assert set(wh.store.find(search.FOLDER)) == live


def test_a_night_without_changes_indexes_nothing(wh, monkeypatch):
    snap = many_nights(wh, nights=2)
    seen = []
    real = search.refresh
    monkeypatch.setattr(search, "refresh", lambda *a: seen.append(real(*a)) or seen[-1])
    catalog.build(wh.store, snap)
    assert seen[0].indexed == {"articles": 0, "live": 0} and seen[0].dead == {
        "articles": 0,
        "live": 0,
    }


def test_plan_merge_takes_a_full_size_class_then_mostly_dead_shards():
    f = search.FANOUT
    same = [(i, 100, 0) for i in range(f)]
    assert search.plan_merge(same) == list(range(f))
    assert search.plan_merge(same[:-1]) == []
    assert search.plan_merge([(1, 10_000, 0), (2, 100, 80)]) == [2]


def test_postings_do_not_depend_on_how_documents_are_batched(monkeypatch, tmp_path):
    rng = random.Random(5)
    docs = pa.table(
        {
            "docid": pa.array(range(1, 41), pa.uint64()),
            "headline": [" ".join(rng.choices(WORDS, k=4)) for _ in range(40)],
            "body": [" ".join(rng.choices(WORDS, k=rng.randint(0, 30))) for _ in range(40)],
        }
    )

    def postings(name: str) -> tuple[list[tuple], pa.Table]:
        con = duckdb.connect()
        catalog.load_extensions(con, "fts")
        search._stopwords(con)
        con.execute(search_sql.TOKENS_MACRO)
        con.register("source", docs)
        con.execute("CREATE TEMP TABLE _docs_in AS SELECT * FROM source")
        total = search._tokenize(con, "_docs_in", tmp_path / name)
        written = pq.read_table(tmp_path / name)
        assert total == pc.sum(written["len"]).as_py()
        return con.execute("SELECT * FROM _post ORDER BY ALL").fetchall(), written

    whole, whole_docs = postings("whole.parquet")
    monkeypatch.setattr(search, "TOKENIZE_BATCH", 7)
    monkeypatch.setattr(search, "SCAN_ROWS", 3)
    batched, batched_docs = postings("batched.parquet")
    assert batched == whole
    # the documents file: every document once, in docid order, whatever the batches
    assert batched_docs.equals(whole_docs)
    assert batched_docs["docid"].to_pylist() == list(range(1, 41))
    lens = {row[1]: row[3] for row in whole}
    assert batched_docs["len"].to_pylist() == [lens.get(d, 0) for d in range(1, 41)]
    assert len({row[1] for row in whole}) == 40  # every document has a headline
