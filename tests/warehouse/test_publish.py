from datetime import UTC, date, datetime

import duckdb
import pyarrow as pa

from warehouse import catalog, snapshot
from warehouse.merge import merge
from warehouse.schemas import TABLES
from warehouse.warehouse import Warehouse


def live(update_id, seen, file, when=datetime(2024, 3, 11, 7, 7, tzinfo=UTC)):
    return {
        "update_id": update_id,
        "source": "kyiv-independent",
        "published_at": when,
        "published_date": when.date(),
        "time_text": "9:07 AM",
        "headline": "h",
        "body": "b",
        "first_seen_file": file,
        "times_seen": seen,
        "first_seen_run": "r1",
    }


def table(name, rows):
    return pa.Table.from_pylist(rows, schema=TABLES[name].schema)


def test_merge_sums_counts_and_keeps_first_values():
    spec = TABLES["live_updates"]
    stored = table("live_updates", [live("u1", 2, "a.txt")])
    night = table("live_updates", [live("u1", 3, "b.txt"), live("u2", 1, "c.txt")])
    out = merge(spec, stored, night).sort_by("update_id").to_pylist()
    assert [(r["update_id"], r["times_seen"], r["first_seen_file"]) for r in out] == [
        ("u1", 5, "a.txt"),
        ("u2", 1, "c.txt"),
    ]


def test_merge_null_means_keep_stored_value():
    spec = TABLES["authors"]
    stored = table(
        "authors", [{"name": "A", "role": "Reporter", "bio": "old", "source": "s", "articles": 1}]
    )
    night = table(
        "authors", [{"name": "A", "role": None, "bio": "new", "source": "s", "articles": 2}]
    )
    (row,) = merge(spec, stored, night).to_pylist()
    assert (row["role"], row["bio"], row["articles"]) == ("Reporter", "new", 3)


def test_publish_flips_snapshot_and_catalog_reads_it(tmp_path):
    wh = Warehouse.open(str(tmp_path / "wh"))
    snap = wh.publish(
        snapshot.EMPTY, "r1", {"live_updates": table("live_updates", [live("u1", 1, "a.txt")])}
    )
    assert snap.seq == 1
    files = snap.table_files("live_updates")
    assert files == ("tables/live_updates/published_month=2024-03/part-r1-000.parquet",)
    snap2 = wh.publish(
        snap, "r2", {"live_updates": table("live_updates", [live("u1", 4, "b.txt")])}
    )
    # a keyed table rewrites the touched partition: one file, merged rows
    assert len(snap2.table_files("live_updates")) == 1
    con = duckdb.connect(str(tmp_path / "wh" / "catalog.duckdb"), read_only=True)
    assert con.execute(
        "select update_id, times_seen, published_date from live_updates"
    ).fetchall() == [("u1", 5, date(2024, 3, 11))]
    assert catalog.snapshot_seq(con) == 2
    # the old file is still kept for readers of the previous snapshot; orphans are not
    orphan = (
        tmp_path
        / "wh"
        / "tables"
        / "live_updates"
        / "published_date=2024-03-12"
        / "part-x-000.parquet"
    )
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"junk from a killed run")
    wh.recover()
    assert not orphan.exists()


def test_catalog_views_work_from_another_directory(tmp_path, monkeypatch):
    wh = Warehouse.open(str(tmp_path / "wh"))
    wh.publish(
        snapshot.EMPTY, "r1", {"live_updates": table("live_updates", [live("u1", 1, "a.txt")])}
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    con = duckdb.connect(str(tmp_path / "wh" / "catalog.duckdb"), read_only=True)
    assert con.execute("select count(*) from live_updates").fetchone() == (1,)
    assert con.execute("select count(*) from articles").fetchone() == (0,)


def test_append_only_tables_compact_past_the_file_limit(tmp_path):
    wh = Warehouse.open(str(tmp_path / "wh"))
    snap = snapshot.EMPTY
    row = {
        "path": "p",
        "stage": "decode",
        "reason": "empty",
        "detail": "",
        "run_id": "r",
        "run_date": date(2024, 1, 1),
    }
    for i in range(12):
        snap = wh.publish(snap, f"r{i:02d}", {"quarantine": table("quarantine", [row])})
    assert len(snap.table_files("quarantine")) <= 8
    con = catalog.connect(wh.store)
    assert con.execute("select count(*) from quarantine").fetchone() == (12,)


def test_garbage_removes_a_killed_writes_temporary_files(tmp_path):
    wh = Warehouse.open(str(tmp_path / "wh"))
    snap = wh.publish(
        snapshot.EMPTY, "r1", {"live_updates": table("live_updates", [live("u1", 1, "a")])}
    )
    left = tmp_path / "wh" / "_snapshots" / "00000002.json.tmp-deadbeef"
    left.write_text("{half")
    snapshot.garbage(wh.store, snap)
    assert not left.exists()
    assert snapshot.current(wh.store) == snap


def test_the_stored_loss_figure_is_the_one_most_pages_gave(tmp_path):
    wh = Warehouse.open(str(tmp_path / "wh"))
    day = date(2024, 3, 10)

    def report(total: int, pages: int) -> dict:
        return {
            "report_date": day,
            "category": "tanks",
            "total": total,
            "delta": None,
            "update_id": None,
            "article_id": "a",
            "times_reported": pages,
            "report_year": 2024,
        }

    rows = table("loss_reports", [report(6_700, 5), report(67_000, 1)])  # one misread page
    snap = wh.publish(snapshot.EMPTY, "r1", {"loss_reports": rows})
    assert wh.loss_series(snap) == {day: {"tanks": 6_700}}
