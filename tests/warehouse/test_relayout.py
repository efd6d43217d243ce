"""A warehouse written before a table became monthly is rewritten in the new layout when
the next run recovers it: same rows, current folders, a working catalog."""

from __future__ import annotations

import io
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import snapshot
from warehouse.catalog import catalog_file
from warehouse.schemas import TABLES
from warehouse.snapshot import Snapshot
from warehouse.warehouse import Warehouse

DAYS = [date(2024, 3, 11), date(2024, 3, 12), date(2024, 4, 2)]


def _quotes() -> pa.Table:
    rows = [
        {
            "article_id": f"a{i}",
            "speaker": "S",
            "quote": f"q{i}",
            "verb": "said",
            "published_date": d,
        }
        for i, d in enumerate(DAYS)
    ]
    return pa.Table.from_pylist(rows, schema=TABLES["quotes"].schema)


def _old_layout(wh: Warehouse, quotes: pa.Table) -> list[str]:
    """Per-day folders, the date only in the folder name (the layout before months)."""
    files = []
    for d in DAYS:
        rows = quotes.filter(pa.compute.equal(quotes["published_date"], d)).drop_columns(
            ["published_date"]
        )
        rel = f"tables/quotes/published_date={d.isoformat()}/part-old-000.parquet"
        sink = io.BytesIO()
        pq.write_table(rows, sink)
        wh.store.write_bytes_atomic(rel, sink.getvalue())
        files.append(rel)
    return files


def test_old_per_day_folders_are_rewritten_monthly_on_recover(tmp_path):
    wh = Warehouse.open(str(tmp_path / "wh"))
    snap = wh.recover()
    quotes = _quotes()
    old = Snapshot(snap.seq + 1, "r-old", {"quotes": tuple(_old_layout(wh, quotes))})
    snapshot.commit(wh.store, old)

    new = wh.recover()
    assert new.seq == old.seq + 1
    folders = sorted({f.rsplit("/", 1)[0] for f in new.table_files("quotes")})
    assert folders == [
        "tables/quotes/published_month=2024-03",
        "tables/quotes/published_month=2024-04",
    ]
    con = duckdb.connect(catalog_file(wh.store), read_only=True)
    got = con.execute("SELECT article_id, published_date FROM quotes ORDER BY 1").fetchall()
    assert got == [(f"a{i}", d) for i, d in enumerate(DAYS)]
    assert wh.recover().seq == new.seq  # nothing left to rewrite


def _index_rows() -> dict[str, pa.Table]:
    """lsh rows of three documents: two near copies and one other story."""
    from transforms.dedupe import band_rows, signatures
    from transforms.dedupe.index import signature_rows

    words = [f"w{i}" for i in range(400)]
    bodies = [" ".join(words[:300]), " ".join(words[:290] + ["x"] * 10), " ".join(words[200:])]
    docs = pa.table(
        {
            "doc_id": ["d1", "d2", "d3"],
            "body": bodies,
            "capture_date": [date(2024, 3, 11)] * 3,
        }
    )
    sigs = signatures(docs)
    return {"lsh_bands": band_rows(sigs), "lsh_signatures": signature_rows(sigs)}


def _without_keys(wh: Warehouse, snap: Snapshot) -> Snapshot:
    """The same index in the layout before article keys: band rows name the article."""
    from transforms.dedupe.index import article_keys

    sig_files = snap.table_files("lsh_signatures")
    ids = pa.concat_tables(
        [pq.read_table(io.BytesIO(wh.store.read_bytes(f))) for f in sig_files]
    ).column("article_id")
    id_of = dict(zip(article_keys(ids).to_pylist(), ids.to_pylist(), strict=True))
    files = dict(snap.files)
    for table in ("lsh_bands", "lsh_signatures"):
        old = []
        for rel in snap.table_files(table):
            rows = pq.read_table(io.BytesIO(wh.store.read_bytes(rel)))
            keys = rows.column("article_key").to_pylist()
            rows = rows.drop_columns(["article_key"])
            if table == "lsh_bands":
                rows = rows.append_column("article_id", pa.array([id_of[k] for k in keys]))
            sink = io.BytesIO()
            pq.write_table(rows, sink)
            name = rel.replace("part-", "part-old-")
            wh.store.write_bytes_atomic(name, sink.getvalue())
            old.append(name)
        files[table] = tuple(old)
    return Snapshot(snap.seq + 1, "r-old", files)


def test_an_index_written_before_article_keys_is_upgraded_on_recover(tmp_path):
    from transforms.dedupe import NEWS

    wh = Warehouse.open(str(tmp_path / "wh"))
    snap = wh.recover()
    rows = _index_rows()
    written, _ = wh.write(snap, rows, "r-new")
    snap = wh.commit(snap, written, "r-new")
    night = rows["lsh_bands"]
    before = wh.lsh_candidates(snap, night, NEWS).sort_by("article_id")
    assert before.column("article_id").to_pylist() == ["d1", "d2", "d3"]

    old = _without_keys(wh, snap)
    snapshot.commit(wh.store, old)
    new = wh.recover()
    assert new.seq == old.seq + 1
    assert all("relayout" in f for t in ("lsh_bands", "lsh_signatures") for f in new.table_files(t))
    after = wh.lsh_candidates(new, night, NEWS).sort_by("article_id")
    assert after.equals(before)
    assert wh.recover().seq == new.seq  # nothing left to rewrite


def test_a_live_item_stored_in_two_months_is_mended_on_recover(tmp_path):
    """Nights before live_updates searched every file for a stored item left some items in
    two months (the 1M bench warehouse: 10,535 rows, 9,282 ids). Recover folds them by the
    table's rules and keeps every other row."""
    from datetime import UTC, datetime

    from warehouse.tables import read_files, write_partition

    wh = Warehouse.open(str(tmp_path / "wh"))
    snap = wh.recover()
    spec = TABLES["live_updates"]

    def item(update_id: str, month: int, seen: int) -> dict:
        when = datetime(2024, month, 11, 7, 7, tzinfo=UTC)
        return {
            "update_id": update_id,
            "source": "s",
            "published_at": when,
            "published_date": when.date(),
            "headline": "h",
            "body": f"b {update_id}",
            "first_seen_file": f"{update_id}-{month}.txt",
            "times_seen": seen,
            "first_seen_run": f"r{month}",
        }

    def night(*rows: dict) -> pa.Table:
        return pa.Table.from_pylist(list(rows), schema=spec.schema)

    files = write_partition(
        wh.store, spec, "2024-03", night(item("a", 3, 2), item("b", 3, 1)), "r1"
    )
    files += write_partition(
        wh.store, spec, "2024-05", night(item("a", 5, 3), item("c", 5, 1)), "r2"
    )
    old = Snapshot(snap.seq + 1, "r2", {"live_updates": tuple(files)})
    snapshot.commit(wh.store, old)

    new = wh.recover()
    assert new.seq == old.seq + 1
    rows = {
        r["update_id"]: r
        for r in read_files(wh.store, spec, new.table_files("live_updates")).to_pylist()
    }
    assert sorted(rows) == ["a", "b", "c"]
    a = rows["a"]
    assert (a["times_seen"], a["first_seen_file"], str(a["published_date"])) == (
        5,
        "a-3.txt",
        "2024-03-11",
    )
    con = duckdb.connect(catalog_file(wh.store), read_only=True)
    assert con.execute("SELECT count(*) FROM live_updates").fetchone() == (3,)
    con.close()
    assert wh.recover().seq == new.seq  # mended once: nothing left to do
