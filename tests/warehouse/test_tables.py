"""Writing a night into a table: new keys append, stored keys rewrite only their own file,
crowded partitions compact; every key stays in exactly one file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pyarrow as pa

from warehouse import tables
from warehouse.schemas import ALL_TABLES, TABLES
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


def _entity(article_id: str, entity: str) -> dict:
    when = datetime(2024, 3, 11, tzinfo=UTC).date()
    return {
        "article_id": article_id,
        "entity": entity,
        "kind": "place",
        "origin": "text",
        "published_date": when,
    }


def test_night_rows_that_change_nothing_leave_the_stored_file_alone(tmp_path):
    store = Store.open(str(tmp_path))
    schema = TABLES["entities"].schema
    first = write_table(
        store, "entities", (), pa.Table.from_pylist([_entity("a", "Kyiv")], schema=schema), "r1"
    )
    # a later capture of article a repeats Kyiv (already stored) and adds Lviv (a new key)
    night = pa.Table.from_pylist([_entity("a", "Kyiv"), _entity("a", "Lviv")], schema=schema)
    second = write_table(store, "entities", first, night, "r2")
    assert first[0] in second and len(second) == 2  # Kyiv's file untouched, Lviv appended
    rows = read_files(store, TABLES["entities"], second).to_pylist()
    assert sorted(r["entity"] for r in rows) == ["Kyiv", "Lviv"]


def test_a_change_by_the_column_rules_rewrites_the_file(tmp_path):
    store = Store.open(str(tmp_path))
    first = write_table(store, "live_updates", (), _night(_live("a", seen=2)), "r1")
    # times_seen is summed: adding 0 changes nothing, adding 1 does
    assert write_table(store, "live_updates", first, _night(_live("a", seen=0)), "r2") == first
    third = write_table(store, "live_updates", first, _night(_live("a", seen=1)), "r3")
    assert first[0] not in third
    (row,) = read_files(store, TABLES["live_updates"], third).to_pylist()
    assert row["times_seen"] == 3
    # first_seen_file keeps the first value: a different one later changes nothing...
    later = _live("a", seen=0) | {"first_seen_file": "other.txt"}
    assert write_table(store, "live_updates", third, _night(later), "r4") == third
    # ...but the headline takes the last non-null one
    retitled = _live("a", seen=0) | {"headline": "new"}
    fifth = write_table(store, "live_updates", third, _night(retitled), "r5")
    (row,) = read_files(store, TABLES["live_updates"], fifth).to_pylist()
    assert (row["headline"], row["first_seen_file"], row["times_seen"]) == ("new", "a.txt", 3)


def test_a_row_whose_partition_changes_moves_and_keeps_its_key_unique(tmp_path):
    store = Store.open(str(tmp_path))
    schema = TABLES["articles"].schema

    def article(article_id: str, day: int, month: int, headline: str) -> dict:
        when = datetime(2024, month, day, tzinfo=UTC)
        return {"article_id": article_id, "published_date": when.date(), "headline": headline}

    first = write_table(
        store,
        "articles",
        (),
        pa.Table.from_pylist([article("a", 5, 3, "old")], schema=schema),
        "r1",
    )
    night = [article("a", 2, 4, "new"), article("b", 9, 3, "other")]  # a now dated in April
    second = write_table(store, "articles", first, pa.Table.from_pylist(night, schema=schema), "r2")
    rows = read_files(store, TABLES["articles"], second).to_pylist()
    assert sorted((r["article_id"], r["headline"], str(r["published_date"])) for r in rows) == [
        ("a", "new", "2024-04-02"),
        ("b", "other", "2024-03-09"),
    ]
    assert sorted(f.split("/")[2] for f in second) == [
        "published_month=2024-03",
        "published_month=2024-04",
    ]


def test_a_live_item_shown_again_in_another_month_stays_one_row(tmp_path):
    """A live item is dated by the capture that shows it, so the same item (same text, same
    key) can arrive dated in a month the night touches nothing else of."""
    store = Store.open(str(tmp_path))
    first = write_table(store, "live_updates", (), _night(_live("a")), "r1")  # March
    later = datetime(2024, 4, 2, 7, 7, tzinfo=UTC)
    again = _live("a") | {"published_at": later, "published_date": later.date()}
    again["first_seen_file"] = "a-april.txt"
    second = write_table(store, "live_updates", first, _night(again), "r2")
    rows = read_files(store, TABLES["live_updates"], second).to_pylist()
    assert [(r["update_id"], r["times_seen"], r["first_seen_file"]) for r in rows] == [
        ("a", 2, "a.txt")
    ]
    assert [f.split("/")[2] for f in second] == ["published_month=2024-03"]  # first date kept


def test_a_key_stored_twice_loses_no_other_row_when_it_changes(tmp_path):
    """Warehouses written before `key_may_move` may hold a live item in two months. A night
    showing it again changes both files: neither may be dropped with its other rows."""
    store = Store.open(str(tmp_path))

    def dated(update_id: str, month: int) -> dict:
        when = datetime(2024, month, 11, 7, 7, tzinfo=UTC)
        return _live(update_id) | {"published_at": when, "published_date": when.date()}

    march = tables.write_partition(
        store, TABLES["live_updates"], "2024-03", _night(dated("a", 3), dated("b", 3)), "r1"
    )
    may = tables.write_partition(
        store, TABLES["live_updates"], "2024-05", _night(dated("a", 5), dated("c", 5)), "r2"
    )
    after = write_table(store, "live_updates", tuple(march + may), _night(dated("a", 4)), "r3")
    rows = read_files(store, TABLES["live_updates"], after).to_pylist()
    assert sorted(r["update_id"] for r in rows if r["update_id"] != "a") == ["b", "c"]
    assert sum(r["times_seen"] for r in rows) == 5  # a: 1 + 1 + 1, b: 1, c: 1


def _scattered(i: int) -> str:
    return f"a{(i * 7919) % 100_003:06d}"  # ids not in write order


def _sigs(start: int, n: int, article_id: Callable[[int], str] = _scattered) -> pa.Table:
    """`n` signature rows with keys from `start`."""
    ids = range(start, start + n)
    return pa.table(
        {
            "article_id": [article_id(i) for i in ids],
            "article_key": pa.array(ids, pa.int64()),
            "content_hash": [f"h{i}" for i in ids],
            "doc_id": [f"d{i}" for i in ids],
            "capture_date": pa.array([None] * n, pa.date32()),
            "signature": pa.array([[i] * 128 for i in ids], pa.list_(pa.uint32(), 128)),
            "sketch": ["s"] * n,
        }
    )


def test_index_hashes_are_stored_plain_and_other_columns_compressed(tmp_path):
    import pyarrow.parquet as pq

    store = Store.open(str(tmp_path))
    sigs = _sigs(0, 5000, article_id=lambda i: f"a{i % 50}")
    (rel,) = write_table(store, "lsh_signatures", (), sigs, "r1")
    meta = pq.ParquetFile(store.path(rel)).metadata.row_group(0)
    columns = {meta.column(i).path_in_schema: meta.column(i) for i in range(meta.num_columns)}
    for name in ("article_key", "signature.list.element"):
        assert columns[name].compression == "UNCOMPRESSED", name
        assert "RLE_DICTIONARY" not in columns[name].encodings, name
    assert columns["article_id"].compression == "ZSTD"
    assert "RLE_DICTIONARY" in columns["article_id"].encodings
    assert read_files(store, ALL_TABLES["lsh_signatures"], [rel]).equals(sigs.sort_by("article_id"))


def test_signature_compaction_reads_one_stored_file_at_a_time(tmp_path, monkeypatch):
    """lsh_signatures is compacted in runs: the stored files are carried into the new file one
    by one, each still sorted, instead of read and sorted all together."""
    spec = ALL_TABLES["lsh_signatures"]
    store = Store.open(str(tmp_path))
    live: tuple[str, ...] = ()
    for i in range(MAX_FILES_PER_PARTITION):
        live = write_table(store, "lsh_signatures", live, _sigs(i * 100, 100), f"r{i}")
    assert len(live) == MAX_FILES_PER_PARTITION
    runs = [read_files(store, spec, [f]) for f in sorted(live)]
    reads: list[int] = []
    real = tables.read_files

    def counting(store, spec, files):
        reads.append(len(files))
        return real(store, spec, files)

    monkeypatch.setattr(tables, "read_files", counting)
    night = _sigs(5000, 100)
    (merged,) = write_table(store, "lsh_signatures", live, night, "r9")
    assert reads and max(reads) == 1  # never two stored files in memory at once
    got = real(store, spec, [merged])
    assert got.equals(pa.concat_tables([*runs, night.sort_by("article_id")]))


def test_a_file_series_cuts_row_groups_and_files_at_their_sizes(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 30)
    monkeypatch.setattr(tables, "MAX_ROWS_PER_FILE", 100)
    spec = ALL_TABLES["lsh_signatures"]
    store = Store.open(str(tmp_path))
    parts = [_sigs(0, 45), _sigs(45, 10), _sigs(55, 120)]  # 175 rows in uneven pieces
    files = tables._FileSeries(store, spec, "tables/lsh_signatures/sketch=s", "r1")  # noqa: SLF001
    for part in parts:
        files.write(tables._file_rows(spec, part))  # noqa: SLF001
    out = files.close()
    shapes = [
        [pq.ParquetFile(store.path(f)).metadata.row_group(g).num_rows for g in range(m)]
        for f in out
        for m in [pq.ParquetFile(store.path(f)).metadata.num_row_groups]
    ]
    assert shapes == [[30, 30, 30, 10], [30, 30, 15]]  # each file's groups start afresh
    assert read_files(store, spec, out).equals(pa.concat_tables(parts))


def test_an_empty_partition_still_gets_its_file(tmp_path):
    spec = ALL_TABLES["lsh_signatures"]
    store = Store.open(str(tmp_path))
    (rel,) = tables.write_partition(store, spec, "s", spec.schema.empty_table(), "r1")
    assert read_files(store, spec, [rel]).num_rows == 0
