"""Writing a night into a table: new keys append, stored keys rewrite only their own file,
crowded partitions compact; every key stays in exactly one file."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa

from warehouse import tables
from warehouse.schemas import TABLES
from warehouse.storage import Store
from warehouse.tables import MAX_FILES_PER_PARTITION, read_files, write_table


def _live(update_id: str, seen: int = 1) -> dict:
    when = datetime(2024, 3, 11, 7, 7, tzinfo=UTC)
    return {
        "update_id": update_id,
        "source": "s",
        "published_at": when,
        "published_date": when.date(),
        "time_text": "9:07 AM",
        "headline": "h",
        "body": "b",
        "first_seen_file": f"{update_id}.txt",
        "times_seen": seen,
        "first_seen_run": "r",
    }


def _night(*rows: dict) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=TABLES["live_updates"].schema)


def test_new_keys_append_and_a_stored_key_rewrites_only_its_file(tmp_path):
    store = Store.open(str(tmp_path))
    first = write_table(store, "live_updates", (), _night(_live("a"), _live("b")), "r1")
    second = write_table(store, "live_updates", first, _night(_live("c")), "r2")
    assert set(first) < set(second) and len(second) == 2  # r1's file untouched

    third = write_table(store, "live_updates", second, _night(_live("c", seen=4)), "r3")
    assert first[0] in third  # the file without key c is kept as it was
    assert not set(second) - set(first) & set(third)  # r2's file (holding c) was replaced
    rows = read_files(store, TABLES["live_updates"], third).to_pylist()
    assert sorted((r["update_id"], r["times_seen"]) for r in rows) == [("a", 1), ("b", 1), ("c", 5)]


def test_a_crowded_partition_is_compacted_into_one_file(tmp_path):
    store = Store.open(str(tmp_path))
    live: tuple[str, ...] = ()
    for i in range(MAX_FILES_PER_PARTITION + 1):
        live = write_table(store, "live_updates", live, _night(_live(f"u{i}")), f"r{i}")
    assert len(live) == 1
    rows = read_files(store, TABLES["live_updates"], live)
    assert rows.num_rows == MAX_FILES_PER_PARTITION + 1


def test_compaction_merges_the_small_files_and_leaves_big_ones(tmp_path, monkeypatch):
    store = Store.open(str(tmp_path))
    big = write_table(store, "live_updates", (), _night(*[_live(f"b{i}") for i in range(50)]), "r0")
    monkeypatch.setattr(tables, "BIG_FILE_BYTES", store.size(big[0]))  # r0's file counts as big
    live = big
    for i in range(MAX_FILES_PER_PARTITION):
        live = write_table(store, "live_updates", live, _night(_live(f"u{i}")), f"r{i + 1}")
    assert big[0] in live and len(live) == 2  # the big file kept, the small ones merged
    ids = read_files(store, TABLES["live_updates"], live).column("update_id").to_pylist()
    assert sorted(ids) == sorted([f"b{i}" for i in range(50)] + [f"u{i}" for i in range(8)])


def test_monthly_tables_share_one_folder_per_month(tmp_path):
    store = Store.open(str(tmp_path))
    march = [_live("a"), _live("b") | {"published_date": datetime(2024, 3, 30).date()}]
    live = write_table(store, "live_updates", (), _night(*march), "r1")
    assert [f.rsplit("/", 1)[0] for f in live] == ["tables/live_updates/published_month=2024-03"]
    rows = read_files(store, TABLES["live_updates"], live)
    assert sorted(rows.column("published_date").to_pylist()) == [
        datetime(2024, 3, 11).date(),
        datetime(2024, 3, 30).date(),
    ]
