"""Read and write one table's Parquet files under a snapshot.

A night's rows for a table touch some partitions. In each, rows with keys already stored are
merged into the files holding them (those files are rewritten), rows with new keys and
append-only rows go to a new file, and a partition holding too many files is compacted. Either
way the result is a new list of live files for the table; nothing is visible until the
snapshot flips.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.duck import session
from warehouse.merge import merge
from warehouse.partitions import DEFAULT, partition_dir, partition_value
from warehouse.schemas import ALL_TABLES, TableSpec
from warehouse.storage import Store

MAX_FILES_PER_PARTITION = 8  # append-only partitions are compacted past this
MAX_ROWS_PER_FILE = 500_000
ROW_GROUP_ROWS = 64_000


def file_schema(spec: TableSpec) -> pa.Schema:
    """The schema inside a file: Hive keeps the partition column in the folder name."""
    return pa.schema([f for f in spec.schema if f.name != spec.partition_by])


def partition_of(path: str) -> str:
    return path.rsplit("/", 1)[0]


def read_files(store: Store, spec: TableSpec, files: list[str] | tuple[str, ...]) -> pa.Table:
    """Rows of the given files, partition column restored from the folder name."""
    parts = []
    for rel in files:
        table = pq.read_table(io.BytesIO(store.read_bytes(rel)), schema=file_schema(spec))
        raw_value = partition_of(rel).rsplit("=", 1)[1]
        value = _typed_value(spec, raw_value)
        column = pa.array([value] * table.num_rows, type=spec.schema.field(spec.partition_by).type)
        parts.append(table.append_column(spec.partition_by, column).select(spec.data_columns))
    if not parts:
        return spec.schema.empty_table()
    return pa.concat_tables(parts).cast(spec.schema)


def _typed_value(spec: TableSpec, raw: str):
    if raw == DEFAULT:
        return None
    kind = spec.schema.field(spec.partition_by).type
    if pa.types.is_date(kind):
        return date.fromisoformat(raw)
    if pa.types.is_integer(kind):
        return int(raw)
    return unquote(raw)


def write_partition(store: Store, spec: TableSpec, value, rows: pa.Table, run_id: str) -> list[str]:
    """Write `rows` (all of one partition) as one or more files; returns their relative paths."""
    folder = partition_dir(spec.name, value)
    rows = rows.select([f.name for f in file_schema(spec)]).cast(file_schema(spec))
    order = [c for c in (spec.sort_by or spec.key) if c != spec.partition_by]
    if order:
        rows = rows.sort_by([(c, "ascending") for c in order])
    out = []
    for i, start in enumerate(range(0, max(rows.num_rows, 1), MAX_ROWS_PER_FILE)):
        chunk = rows.slice(start, MAX_ROWS_PER_FILE)
        rel = f"{folder}/part-{run_id}-{i:03d}.parquet"
        sink = io.BytesIO()
        pq.write_table(chunk, sink, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        store.write_bytes_atomic(rel, sink.getvalue(), fsync=False)
        out.append(rel)
    return out


def split_by_partition(spec: TableSpec, rows: pa.Table) -> dict[str, tuple[object, pa.Table]]:
    """Group rows by partition folder name -> (typed value, rows)."""
    column = rows.column(spec.partition_by)
    groups: dict[str, tuple[object, pa.Table]] = {}
    for value in pc.unique(column).to_pylist():
        mask = (
            pc.is_null(column) if value is None else pc.equal(column, pa.scalar(value, column.type))
        )
        groups[partition_value(value)] = (value, rows.filter(mask))
    return groups


def write_table(
    store: Store, table: str, live: tuple[str, ...], night: pa.Table, run_id: str
) -> tuple[str, ...]:
    """Fold a night's rows into a table; returns the table's new list of live files.

    Every key lives in exactly one file. A keyed table rewrites only the stored files that
    hold one of the night's keys (merged with the night's rows by the table's rules); rows
    with new keys go to a new file beside the untouched ones, so a night costs in proportion
    to what it brings, not to the partitions it lands in. A partition holding too many files
    is compacted into one.
    """
    spec = ALL_TABLES[table]
    if night.num_rows == 0:
        return live
    night = night.select(spec.data_columns).cast(spec.schema)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for rel in live:
        by_folder[partition_of(rel)].append(rel)
    touched = {
        partition_dir(table, value)
        for value in pc.unique(night.column(spec.partition_by)).to_pylist()
    }
    candidates = sorted(f for folder in touched for f in by_folder.get(folder, []))
    replaced = colliding_files(store, spec, candidates, night) if spec.key else set()
    for folder in touched:
        files = by_folder.get(folder, [])
        if len([f for f in files if f not in replaced]) + 1 > MAX_FILES_PER_PARTITION:
            replaced |= set(files)  # compaction: the whole partition becomes one file
    stored = read_files(store, spec, sorted(replaced))
    if spec.key or stored.num_rows:
        night = merge(spec, stored, night)
    new_live = [f for f in live if f not in replaced]
    for _folder, (value, rows) in sorted(split_by_partition(spec, night).items()):
        new_live += write_partition(store, spec, value, rows, run_id)
    return tuple(sorted(new_live))


def colliding_files(store: Store, spec: TableSpec, files: list[str], night: pa.Table) -> set[str]:
    """Which of `files` hold a key of the night's rows (DuckDB reads only the key columns)."""
    if not files:
        return set()
    keys = [k for k in spec.key if k != spec.partition_by]
    uris = {store.uri(f): f for f in files}
    con = session(store)
    try:
        con.register("night_keys", night.select(keys))
        on = " AND ".join(f"s.{_q(k)} IS NOT DISTINCT FROM n.{_q(k)}" for k in keys)
        found = con.execute(
            f"SELECT DISTINCT s.filename FROM read_parquet($files, filename = true) s "  # noqa: S608
            f"SEMI JOIN night_keys n ON {on}",
            {"files": list(uris)},
        ).fetchall()
    finally:
        con.close()
    return {uris[name] for (name,) in found}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
