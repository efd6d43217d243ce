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
