"""Read and write one table's Parquet files under a snapshot.

A night's rows for a table touch some partitions. In each, rows that change stored rows are
merged into the files holding them (those files are rewritten), rows with new keys and
append-only rows go to a new file, and a partition holding too many files is compacted. Either
way the result is a new list of live files for the table; nothing is visible until the
snapshot flips.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.duck import ident, session
from warehouse.merge import CHANGES, merge
from warehouse.partitions import DEFAULT, folder_of, folder_value, folder_values
from warehouse.schemas import ALL_TABLES, TableSpec
from warehouse.storage import Store

MAX_FILES_PER_PARTITION = 8  # past this, a partition's small files are merged into one
BIG_FILE_BYTES = 32 << 20  # files this big are left alone by compaction
MAX_ROWS_PER_FILE = 500_000
ROW_GROUP_ROWS = 64_000


def file_schema(spec: TableSpec) -> pa.Schema:
    """The schema inside a file: a per-value partition column lives in the folder name."""
    return pa.schema([spec.schema.field(c) for c in spec.file_columns])


def partition_of(path: str) -> str:
    """The partition folder holding a stored file: ``tables/<table>/<key>=<value>``."""
    return path.rsplit("/", 1)[0]


def folder_value_of(path: str) -> str:
    """The folder value in a stored file's path (values are percent-encoded, `=` included,
    so the last `=` starts it)."""
    return partition_of(path).rsplit("=", 1)[1]


def read_files(store: Store, spec: TableSpec, files: list[str] | tuple[str, ...]) -> pa.Table:
    """Rows of the given files, a partition column kept in the folder name restored from it
    (also for files written before a table became monthly)."""
    parts = []
    for rel in files:
        table = pq.read_table(io.BytesIO(store.read_bytes(rel)))
        if spec.upgrade is not None:
            table = spec.upgrade(table)
        if spec.partition_by not in table.column_names:
            raw_value = folder_value_of(rel)
            kind = spec.schema.field(spec.partition_by).type
            column = pa.array([_typed_value(kind, raw_value)] * table.num_rows, type=kind)
            table = table.append_column(spec.partition_by, column)
        parts.append(table.select(spec.data_columns).cast(spec.schema))
    if not parts:
        return spec.schema.empty_table()
    return pa.concat_tables(parts)


def _typed_value(kind: pa.DataType, raw: str):
    if raw == DEFAULT:
        return None
    if pa.types.is_date(kind):
        return date.fromisoformat(raw)
    if pa.types.is_integer(kind):
        return int(raw)
    return unquote(raw)


def write_partition(
    store: Store,
    spec: TableSpec,
    value: str,
    rows: pa.Table,
    run_id: str,
    carried: list[str] | tuple[str, ...] = (),
) -> list[str]:
    """Write `rows` (all of the partition whose folder value is `value`) as one or more files;
    returns their relative paths. The rows of `carried` files of the partition (a compaction of
    a `compact_in_runs` table) go first, read one file at a time and written as they are."""
    folder = folder_of(spec, value)
    files = _FileSeries(store, spec, folder, run_id)
    for f in carried:
        files.write(_file_rows(spec, read_files(store, spec, [f])))
    rows = _file_rows(spec, rows)
    order = list(dict.fromkeys((spec.partition_by, *(spec.sort_by or spec.key))))
    order = [c for c in order if c in spec.file_columns]  # monthly: by date, then key
    if order:
        rows = rows.sort_by([(c, "ascending") for c in order])
    files.write(rows)
    return files.close()


def _file_rows(spec: TableSpec, rows: pa.Table) -> pa.Table:
    return rows.select(spec.file_columns).cast(file_schema(spec))


class _FileSeries:
    """Tables written one after another into a partition's new files: row groups of
    ROW_GROUP_ROWS, a new file every MAX_ROWS_PER_FILE rows, at least one file (maybe empty).
    Memory holds the table being written, the one before it (its last rows may wait to fill
    a row group) and the current file's encoded bytes."""

    def __init__(self, store: Store, spec: TableSpec, folder: str, run_id: str) -> None:
        self.store, self.spec, self.folder, self.run_id = store, spec, folder, run_id
        self.out: list[str] = []
        self.pending: list[pa.Table] = []
        self.pending_rows = 0
        self.sink: pa.BufferOutputStream | None = None
        self.writer: pq.ParquetWriter | None = None
        self.in_file = 0

    def write(self, rows: pa.Table) -> None:
        self.pending.append(rows)
        self.pending_rows += rows.num_rows
        while self.pending_rows >= self._room():
            self._flush(self._room())

    def close(self) -> list[str]:
        while self.pending_rows:
            self._flush(min(self.pending_rows, self._room()))
        if self.writer is None and not self.out:
            self._open()
        if self.writer is not None:
            self._finish()
        return self.out

    def _room(self) -> int:
        """Rows of the next row group: a whole one, or what is left of the current file."""
        return min(ROW_GROUP_ROWS, MAX_ROWS_PER_FILE - self.in_file)

    def _flush(self, n: int) -> None:
        """Write the first `n` pending rows as one row group of the current file."""
        rows = pa.concat_tables(self.pending)
        self.pending, self.pending_rows = [rows.slice(n)], rows.num_rows - n
        if self.writer is None:
            self._open()
        self.writer.write_table(rows.slice(0, n), row_group_size=n)
        self.in_file += n
        if self.in_file == MAX_ROWS_PER_FILE:
            self._finish()

    def _open(self) -> None:
        schema = file_schema(self.spec)
        self.sink = pa.BufferOutputStream()  # its buffer is handed on as is, not copied to bytes
        self.writer = pq.ParquetWriter(
            self.sink,
            schema,
            compression={c: "none" if c in self.spec.plain else "zstd" for c in schema.names},
            use_dictionary=[c for c in schema.names if c not in self.spec.plain],
        )
        self.in_file = 0

    def _finish(self) -> None:
        self.writer.close()
        rel = f"{self.folder}/part-{self.run_id}-{len(self.out):03d}.parquet"
        self.store.write_bytes_atomic(rel, self.sink.getvalue(), fsync=False)
        self.out.append(rel)
        self.writer = self.sink = None
        self.in_file = 0


def split_by_partition(spec: TableSpec, rows: pa.Table) -> dict[str, pa.Table]:
    """Group rows by partition folder value -> rows."""
    return _split(rows, folder_values(spec, rows.column(spec.partition_by)))


def _split(rows: pa.Table, labels: pa.Array | pa.ChunkedArray) -> dict[str, pa.Table]:
    """Rows grouped by a label per row: one take, then slices."""
    codes = labels.dictionary_encode()
    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks()
    if len(codes.dictionary) == 1 and codes.null_count == 0:  # one partition: no copy
        return {codes.dictionary[0].as_py(): rows}
    index = codes.indices.to_numpy(zero_copy_only=False)
    counts = np.bincount(index, minlength=len(codes.dictionary))
    ends = np.cumsum(counts)
    grouped = rows.take(pa.array(np.argsort(index, kind="stable")))
    return {
        label: grouped.slice(int(end - n), int(n))
        for label, n, end in zip(codes.dictionary.to_pylist(), counts, ends, strict=True)
    }


def write_table(
    store: Store, table: str, live: tuple[str, ...], night: pa.Table, run_id: str
) -> tuple[str, ...]:
    """Fold a night's rows into a table; returns the table's new list of live files (see
    `write_new_rows`, which this is with nothing held back)."""
    return write_new_rows(store, table, live, night, run_id, hold=False)[0]


def write_new_rows(
    store: Store,
    table: str,
    live: tuple[str, ...],
    night: pa.Table,
    run_id: str,
    hold: bool = True,
) -> tuple[tuple[str, ...], pa.Table]:
    """Fold a night's rows into a table; returns the table's new list of live files and, with
    `hold`, the rows that would change stored ones, not written: a night of many chunks holds
    them and writes them once at its end, so a file its chunks keep touching (a month of
    articles seen again) is rewritten once rather than once per chunk.

    Every key lives in exactly one file. Its stored row is looked for in the partitions the
    night's rows fall in (the flow keeps an article's partition, and its facts', stable) or,
    for a table whose keys may arrive dated elsewhere (`key_may_move`), in every file. A
    keyed table rewrites only the stored files whose rows the night changes (merged with the
    night's rows by the table's rules); night rows that would change nothing are dropped,
    and rows with new keys go to a new file beside the untouched ones, so a night costs in
    proportion to what it brings, not to the partitions it lands in. A partition holding too
    many files has its small ones merged (size-tiered: big files are not rewritten again and
    again).
    """
    spec = ALL_TABLES[table]
    held = spec.schema.empty_table()
    if night.num_rows == 0:
        return live, held
    night = night.select(spec.data_columns).cast(spec.schema)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for rel in live:
        by_folder[partition_of(rel)].append(rel)
    labels = folder_values(spec, night.column(spec.partition_by))
    touched = {folder_of(spec, v) for v in pc.unique(labels).to_pylist()}
    candidates = sorted(
        live if spec.key_may_move else (f for folder in touched for f in by_folder.get(folder, []))
    )
    changed: set[str] = set()
    if spec.key:
        night = merge(spec, spec.schema.empty_table(), night)  # one row per key
        found = collisions(store, spec, candidates, night)
        keep, changed = found.keep, found.files
        if hold:  # rows of stored keys wait, even unchanging ones (a later chunk's row may
            # undo an earlier chunk's held change); only new keys are written now
            stored = pc.or_(pc.invert(keep), found.home.is_valid())
            held = night.filter(stored)
            keep, changed = pc.invert(stored), set()
        night = night.filter(keep)
        # a row that changes a stored one is merged where that one lives
        labels = pc.coalesce(
            found.home.filter(keep), folder_values(spec, night.column(spec.partition_by))
        )
    new_live = [f for f in live if f not in changed]
    written: Counter[str] = Counter()
    groups = _split(night, labels)
    for f in changed:  # a key stored twice (written before key_may_move) changes two files:
        groups.setdefault(folder_value_of(f), night.slice(0, 0))  # keep both
    # a partition at a time: memory holds one partition's rewritten files, not all of them
    for value, rows in sorted(groups.items()):
        folder = folder_of(spec, value)
        here = by_folder.get(folder, [])
        stored = sorted(changed.intersection(here))
        if stored:  # the night's rows are one per key already
            rows = merge(spec, read_files(store, spec, stored), rows)
        # keys in the swept files are unique: their rows are carried, not merged
        swept = sorted(compacted(store, [f for f in here if f not in changed]))
        carried = swept if spec.compact_in_runs else []
        if swept:
            new_live = [f for f in new_live if f not in swept]
        if swept and not carried:
            rows = pa.concat_tables([read_files(store, spec, swept), rows])
        parts = split_by_partition(spec, rows)
        if carried:
            parts.setdefault(value, rows.slice(0, 0))
        for target, part in sorted(parts.items()):
            n = written[target]
            written[target] += 1
            new_live += write_partition(
                store,
                spec,
                target,
                part,
                f"{run_id}-{n}" if n else run_id,
                carried if target == value else (),
            )
    return tuple(sorted(new_live)), held


def stale_files(spec: TableSpec, live: tuple[str, ...] | list[str]) -> list[str]:
    """Live files not in the table's current partition layout (e.g. per-day folders of a
    table that is now monthly)."""
    prefix = f"tables/{spec.name}/{spec.partition_key}="
    return [f for f in live if not f.startswith(prefix)]


def relayout(
    store: Store, spec: TableSpec, live: tuple[str, ...], write_id: str
) -> tuple[str, ...]:
    """Rewrite the table's files of an older layout in the current one, one target partition
    at a time (so memory holds a month, not the table); returns the new list of live files.
    Keys stay unique: each lived in exactly one of the old files."""
    stale = stale_files(spec, live)
    kind = spec.schema.field(spec.partition_by).type
    groups: dict[str, list[str]] = defaultdict(list)
    for rel in stale:
        key, raw = partition_of(rel).rsplit("/", 1)[1].split("=", 1)
        known = key == spec.partition_by  # e.g. a per-day folder of a now monthly table
        groups[folder_value(spec, _typed_value(kind, raw)) if known else ""].append(rel)
    out = [f for f in live if f not in set(stale)]
    for i, (_target, files) in enumerate(sorted(groups.items())):
        out += write_split(store, spec, read_files(store, spec, files), f"{write_id}-{i:04d}")
    return tuple(sorted(out))


def repeated_keys(store: Store, spec: TableSpec, live: tuple[str, ...]) -> bool:
    """True if a table whose keys may move (`key_may_move`) stores a key more than once:
    written before such a table's stored rows were searched for in every file."""
    if not spec.key_may_move or not live:
        return False
    keys = ", ".join(ident(k) for k in spec.key)
    con = session(store)
    try:
        rows, distinct = con.execute(
            f"SELECT count(*), count(DISTINCT ({keys})) FROM read_parquet($files)",  # noqa: S608 - schema names
            {"files": [store.uri(f) for f in live]},
        ).fetchone()
    finally:
        con.close()
    return rows != distinct


def one_row_per_key(
    store: Store, spec: TableSpec, live: tuple[str, ...], write_id: str
) -> tuple[str, ...]:
    """The table rewritten with each key's rows merged into one by its rules (files are read
    in name order, so "first" is the earliest written). Whole: meant for live_updates, tens
    of thousands of rows at a million dumps."""
    rows = merge(spec, spec.schema.empty_table(), read_files(store, spec, sorted(live)))
    return tuple(sorted(write_split(store, spec, rows, write_id)))


def write_split(store: Store, spec: TableSpec, rows: pa.Table, write_id: str) -> list[str]:
    """`rows` split by partition, each partition written as new files; the files written."""
    out: list[str] = []
    for value, part in sorted(split_by_partition(spec, rows).items()):
        out += write_partition(store, spec, value, part, write_id)
    return out


def outdated(store: Store, spec: TableSpec, live: tuple[str, ...]) -> bool:
    """True if the table's files predate a column its schema has gained. A table is upgraded
    whole (see `upgraded`), so its first file tells; only its footer is read."""
    if spec.upgrade is None or not live:
        return False
    with store.fs.open(store.path(live[0]), "rb") as f:
        names = set(pq.read_schema(f).names)
    return not set(spec.file_columns) <= names


def upgraded(
    store: Store, spec: TableSpec, live: tuple[str, ...], write_id: str
) -> tuple[str, ...]:
    """Rewrite every file of the table in today's schema (`spec.upgrade`), one file at a time
    so memory holds a file, not the table; returns the new list of live files. Each new file
    holds the rows of one old file, in the same partition."""
    out: list[str] = []
    for i, rel in enumerate(sorted(live)):
        rows = read_files(store, spec, [rel])
        value = folder_value_of(rel)
        out += write_partition(store, spec, value, rows, f"{write_id}-{i:04d}")
    return tuple(sorted(out))


def compacted(store: Store, kept: list[str]) -> set[str]:
    """Which of a partition's untouched files to merge into the night's new file: none while
    the partition stays within MAX_FILES_PER_PARTITION, else every file under BIG_FILE_BYTES."""
    if len(kept) + 1 <= MAX_FILES_PER_PARTITION:
        return set()
    return {f for f in kept if store.size(f) < BIG_FILE_BYTES}


@dataclass(frozen=True)
class Collisions:
    files: set[str]  # stored files the night changes
    keep: pa.Array  # per night row: False if it is stored already, as it is
    home: pa.Array  # per night row: folder value of the file holding its key, if it changes it


def collisions(store: Store, spec: TableSpec, files: list[str], night: pa.Table) -> Collisions:
    """How the night's rows (one per key) meet the stored rows of `files`: which files they
    change, which rows are already stored as they are (a later capture repeating its article's
    entities, say: dropped rather than rewriting the file that holds them), and where each
    changing row's stored key lives. DuckDB reads only the key columns and the columns the
    night may change."""
    unchanged = np.zeros(night.num_rows, dtype=bool)
    home: list[str | None] = [None] * night.num_rows
    if not files or night.num_rows == 0:
        return Collisions(set(), pa.array(~unchanged), pa.array(home, pa.string()))
    keys = [k for k in spec.key if k in spec.file_columns]
    compared = [
        c
        for c in spec.file_columns
        if c not in spec.key and night.column(c).null_count < night.num_rows
    ]
    rows = night.select(keys + compared).append_column("_row", pa.array(np.arange(night.num_rows)))
    changes = (
        " OR ".join(CHANGES[spec.merge.get(c, "last")].format(c=ident(c)) for c in compared)
        or "false"
    )
    uris = {store.uri(f): f for f in files}
    con = session(store)
    try:
        con.register("night_rows", rows)
        on = " AND ".join(f"s.{ident(k)} IS NOT DISTINCT FROM n.{ident(k)}" for k in keys)
        found = con.execute(
            f"SELECT s.filename, n._row, {changes} AS changes "  # noqa: S608 - schema names only
            f"FROM read_parquet($files, filename = true) s JOIN night_rows n ON {on}",
            {"files": list(uris)},
        ).to_arrow_table()
    finally:
        con.close()
    changed: set[str] = set()
    columns = (found.column(c).to_pylist() for c in found.column_names)
    for name, row, changes in zip(*columns, strict=True):
        if changes:
            changed.add(uris[name])
            home[row] = folder_value_of(uris[name])
        else:
            unchanged[row] = True
    return Collisions(changed, pa.array(~unchanged), pa.array(home, pa.string()))
