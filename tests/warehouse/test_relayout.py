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
