"""The warehouse as the flow sees it: open, lock, recover, look up keys, stage, publish."""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import catalog, duck, snapshot
from warehouse.lock import Lock
from warehouse.schemas import ALL_TABLES, TableSpec
from warehouse.snapshot import Snapshot
from warehouse.storage import Store
from warehouse.tables import (
    file_schema,
    one_row_per_key,
    outdated,
    relayout,
    repeated_keys,
    stale_files,
    upgraded,
    write_new_rows,
)

if TYPE_CHECKING:
    from transforms.dedupe.config import DedupeConfig

STAGING = "_staging"
MIN_BOILERPLATE_PAGES = 3  # a line repeated on this many pages of a source is chrome
CANDIDATE_BATCH_ROWS = 65_536  # near-duplicate candidates streamed per batch (~40 MB)


# The stored articles sharing an uncrowded band bucket with the night: their keys, exactly.
_HITS = (
    "SELECT DISTINCT b.article_key FROM read_parquet($bands, "
    " hive_partitioning = true, hive_types = {'band': SMALLINT}) b"
    " SEMI JOIN night_bands n ON b.band = n.band AND b.band_hash = n.band_hash"
    " QUALIFY count(*) OVER (PARTITION BY b.band, b.band_hash) <= $max_bucket"
)
# Their signatures, `multi`: the article has other versions stored. The hit keys are fetched
# first rather than joined as a subquery: DuckDB guessed that subquery's size from estimates
# (~110k rows for 1.9M) and, on some layouts of the signature files, built its hash table on
# the signatures side instead, payload and all (+340 MB at a million stored; bench/README).
# A registered Arrow table is estimated as tiny, so the join is built on the keys.
_CANDIDATES = (
    "WITH multi AS ("
    " SELECT article_key FROM read_parquet($sigs, hive_partitioning = true)"
    " WHERE sketch = $sketch GROUP BY article_key HAVING count(*) > 1) "
    "SELECT s.article_id, s.content_hash, s.capture_date, s.signature, "
    " s.article_key IN (SELECT article_key FROM multi) AS multi "
    "FROM read_parquet($sigs, hive_partitioning = true) s "
    "WHERE s.sketch = $sketch AND s.article_key IN (SELECT article_key FROM hits)"
)


@dataclass(frozen=True)
class Warehouse:
    store: Store

    @classmethod
    def open(cls, url: str, **storage_options) -> Warehouse:
        return cls(Store.open(url, **storage_options))

    @property
    def url(self) -> str:
        return self.store.url

    def lock(self, run_id: str, wait_seconds: float = 0.0) -> Lock:
        return Lock(self.store, run_id, wait_seconds)

    def snapshot(self) -> Snapshot:
        return snapshot.current(self.store)

    def recover(self) -> Snapshot:
        """After a crash: drop files no snapshot names, and make the catalog match CURRENT.
        A warehouse written in an older partition layout or schema is rewritten in the
        current one, and a table storing a key twice (see `repeated_keys`) is mended.

        Must run under the lock. Staged data of failed runs is kept for inspection.
        """
        snap = self.snapshot()
        snapshot.garbage(self.store, snap)
        if any(self._needs_rewrite(snap, spec) for spec in ALL_TABLES.values()):
            return self._relayout(snap)
        if self._catalog_seq() != snap.seq:
            catalog.build(self.store, snap)
        return snap

    def _needs_rewrite(self, snap: Snapshot, spec: TableSpec) -> bool:
        live = snap.table_files(spec.name)
        return (
            bool(stale_files(spec, live))
            or outdated(self.store, spec, live)
            or repeated_keys(self.store, spec, live)
        )

    def _relayout(self, snap: Snapshot) -> Snapshot:
        """Rewrite tables written in an older partition layout or schema, or storing a key
        twice; one commit for all of them."""
        write_id, files = f"relayout-{snap.seq + 1}", dict(snap.files)
        for t, spec in ALL_TABLES.items():
            if stale_files(spec, snap.table_files(t)):
                files[t] = relayout(self.store, spec, snap.table_files(t), write_id)
            if outdated(self.store, spec, files.get(t, ())):
                files[t] = upgraded(self.store, spec, files[t], f"{write_id}-upgrade")
            if repeated_keys(self.store, spec, files.get(t, ())):
                files[t] = one_row_per_key(self.store, spec, files[t], f"{write_id}-keys")
        return self.commit(snap, Snapshot(snap.seq, snap.run_id, files), snap.run_id)

    def _catalog_seq(self) -> int | None:
        if not self.store.exists(catalog.CATALOG):
            return None
        try:
            con = duckdb.connect(catalog.catalog_file(self.store), read_only=True)
        except duckdb.Error:
            return None
        try:
            return catalog.snapshot_seq(con)
        finally:
            con.close()

    # -- lookups: parameterised queries over the snapshot's files -------------------------

    def query(self, snap: Snapshot, table: str, sql: str, params: Iterable = ()) -> pa.Table:
        """Run `sql` with the table's live files bound as `$files` (an empty table if none).

        `sql` reads ``read_parquet($files, hive_partitioning = true)``; values are always bound.
        """
        files = [self.store.uri(f) for f in snap.table_files(table)]
        if not files:
            return None
        con = self._connect()
        try:
            return con.execute(sql, {"files": files, **dict(params)}).to_arrow_table()
        finally:
            con.close()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return duck.session(self.store)

    def unseen(self, snap: Snapshot, listed: pa.Table) -> pa.Array:
        """Positions (ascending) of the `listed` files (path, size) the ledger lacks. DuckDB
        anti-joins them with the ledger's files: no million Python tuples for one comparison."""
        positions = listed.select(["path", "size"]).append_column(
            "pos", pa.array(range(listed.num_rows), pa.int64())
        )
        files = [self.store.uri(f) for f in snap.table_files("raw_files")]
        if not files:
            return positions.column("pos").combine_chunks()
        con = self._connect()
        try:
            con.register("listed", positions)
            t = con.execute(
                "SELECT pos FROM listed ANTI JOIN (SELECT path, size FROM read_parquet($files)) "
                "USING (path, size) ORDER BY pos",
                {"files": files},
            ).to_arrow_table()
        finally:
            con.close()
        return t.column("pos").combine_chunks()

    def sha_paths(self, snap: Snapshot, shas: list[str]) -> dict[str, str]:
        t = self.query(
            snap,
            "raw_files",
            "SELECT sha256, min(path) AS path FROM read_parquet($files) "
            "WHERE sha256 IN (SELECT unnest($shas)) AND status <> 'quarantined' GROUP BY sha256",
            {"shas": shas},
        )
        return (
            {}
            if t is None
            else dict(zip(t["sha256"].to_pylist(), t["path"].to_pylist(), strict=True))
        )

    def articles_of_files(self, snap: Snapshot, paths: list[str]) -> dict[str, str]:
        """The article each stored file was published as, or folded into."""
        out: dict[str, str] = {}
        for table, sql in (
            ("duplicates", "SELECT raw_file, min(canonical_id) AS article_id FROM read_parquet($files) "
             "WHERE raw_file IN (SELECT unnest($paths)) GROUP BY raw_file"),
            ("article_versions", "SELECT raw_file, min(article_id) AS article_id FROM read_parquet($files) "
             "WHERE raw_file IN (SELECT unnest($paths)) GROUP BY raw_file"),
        ):  # fmt: skip
            t = self.query(snap, table, sql, {"paths": paths})
            if t is not None:
                out.update(
                    (r["raw_file"], r["article_id"]) for r in t.to_pylist() if r["article_id"]
                )
        return out

    def article_hashes(self, snap: Snapshot, hashes: list[str]) -> dict[str, str]:
        t = self.query(
            snap,
            "article_versions",
            "SELECT content_hash, min(article_id) AS article_id FROM read_parquet($files) "
            "WHERE content_hash IN (SELECT unnest($hashes)) GROUP BY content_hash",
            {"hashes": hashes},
        )
        return (
            {}
            if t is None
            else dict(zip(t["content_hash"].to_pylist(), t["article_id"].to_pylist(), strict=True))
        )

    def article_state(self, snap: Snapshot, article_ids: list[str]) -> dict[str, dict]:
        t = self.query(
            snap,
            "articles",
            "SELECT article_id, published_date, versions, word_count "
            "FROM read_parquet($files) "
            "WHERE article_id IN (SELECT unnest($ids))",
            {"ids": article_ids},
        )
        return {} if t is None else {r.pop("article_id"): r for r in t.to_pylist()}

    def lsh_candidates(
        self, snap: Snapshot, night_bands: pa.Table, config: DedupeConfig
    ) -> pa.Table | None:
        """`lsh_candidate_batches` at once (for a look at all of them: the flow streams)."""
        batches = list(self.lsh_candidate_batches(snap, night_bands, config))
        return pa.Table.from_batches(batches) if batches else None

    def lsh_candidate_batches(
        self,
        snap: Snapshot,
        night_bands: pa.Table,
        config: DedupeConfig,
        rows: int = CANDIDATE_BATCH_ROWS,
    ) -> Iterator[pa.RecordBatch]:
        """Stored signatures of every article sharing a band hash with the night's documents,
        streamed in batches of about `rows` (at a million stored articles they are hundreds of
        MB). Only the columns `fold` reads, and `multi`: the article has other versions stored.

        A band bucket already holding more than `max_bucket` stored articles is passed over:
        those articles are distinct (duplicates were folded), so the band is template text
        they share, not evidence; true duplicates share several other bands. Without the cap
        a night's candidates grow with the warehouse."""
        bands = [self.store.uri(f) for f in snap.table_files("lsh_bands")]
        sigs = [self.store.uri(f) for f in snap.table_files("lsh_signatures")]
        if not bands or not sigs or night_bands.num_rows == 0:
            return
        con = self._connect()
        try:
            con.register("night_bands", night_bands.select(["band", "band_hash"]))
            hits = con.execute(
                _HITS, {"bands": bands, "max_bucket": config.max_bucket}
            ).to_arrow_table()
            if hits.num_rows == 0:
                return
            con.register("hits", hits)
            reader = con.execute(
                _CANDIDATES, {"sigs": sigs, "sketch": config.sketch_id}
            ).to_arrow_reader(rows)
            yield from reader
        finally:
            con.close()

    def latest_versions(self, snap: Snapshot, article_ids: list[str]) -> pa.Table | None:
        """Per stored article: its highest version number and that version's word count."""
        return self.query(
            snap,
            "article_versions",
            "SELECT article_id, max(version) AS version, arg_max(word_count, version) AS word_count "
            "FROM read_parquet($files) WHERE article_id IN (SELECT unnest($ids)) GROUP BY article_id",
            {"ids": article_ids},
        )

    def volume_history(self, snap: Snapshot, until: date, days: int = 21):
        """Articles per source per capture day over the trailing `days` (pandas, for the
        volume checks)."""
        t = self.query(
            snap,
            "articles",
            "SELECT source, capture_date AS day, count(*) AS articles FROM read_parquet($files) "
            "WHERE capture_date >= $since AND capture_date < $until GROUP BY ALL ORDER BY ALL",
            {"since": until - timedelta(days=days), "until": until},
        )
        return None if t is None else t.to_pandas()

    def loss_series(self, snap: Snapshot) -> dict[date, dict[str, int]]:
        """The stored loss figures: report_date -> category -> the total most pages gave (a
        rare misread figure must not become the yardstick every later restatement fails)."""
        t = self.query(
            snap,
            "loss_reports",
            "SELECT report_date, category, arg_max(total, (times_reported, total)) AS total "
            "FROM read_parquet($files) GROUP BY ALL",
        )
        series: dict[date, dict[str, int]] = {}
        for r in [] if t is None else t.to_pylist():
            series.setdefault(r["report_date"], {})[r["category"]] = r["total"]
        return series

    def boilerplate(self, snap: Snapshot) -> dict[str, frozenset[str]]:
        t = self.query(
            snap,
            "boilerplate_lines",
            "SELECT source, list(line_hash) AS hashes "
            "FROM read_parquet($files, hive_partitioning = true) WHERE pages_seen >= $min GROUP BY source",
            {"min": MIN_BOILERPLATE_PAGES},
        )
        return {} if t is None else {r["source"]: frozenset(r["hashes"]) for r in t.to_pylist()}

    # -- write, audit, publish -----------------------------------------------------------

    def stage(self, run_id: str, tables: Mapping[str, pa.Table]) -> str:
        """Keep a night's rows for inspection (a run that failed validation publishes nothing)."""
        for name, table in tables.items():
            sink = io.BytesIO()
            pq.write_table(table, sink, compression="zstd")
            self.store.write_bytes_atomic(f"{STAGING}/{run_id}/{name}.parquet", sink.getvalue())
        return self.store.uri(f"{STAGING}/{run_id}")

    def write(
        self,
        snap: Snapshot,
        tables: Mapping[str, pa.Table],
        write_id: str,
        hold: Collection[str] = (),
    ) -> tuple[Snapshot, dict[str, pa.Table]]:
        """Write every table's new files; returns a snapshot naming them that is not current
        yet (lookups against it see the rows, readers do not), and the rows held back: those
        of the tables in `hold` that would change stored rows (see `write_new_rows`). The
        caller writes them later. `write_id` names the files: one per write of a run."""
        files, held = dict(snap.files), {}
        for name in ALL_TABLES:
            rows = tables.get(name)
            if rows is not None and rows.num_rows:
                live = snap.table_files(name)
                files[name], later = write_new_rows(
                    self.store, name, live, rows, write_id, hold=name in hold
                )
                if later.num_rows:
                    held[name] = later
        return Snapshot(snap.seq, snap.run_id, files), held

    def commit(self, base: Snapshot, written: Snapshot, run_id: str) -> Snapshot:
        """Make `written` (written on top of `base`) current in one atomic step, then refresh
        the catalog and drop files no snapshot needs."""
        new = Snapshot(base.seq + 1, run_id, written.files)
        self.store.sync()  # data files durable before the snapshot that names them
        snapshot.commit(self.store, new)
        catalog.build(self.store, new)
        snapshot.garbage(self.store, new)
        return new

    def publish(self, snap: Snapshot, run_id: str, tables: Mapping[str, pa.Table]) -> Snapshot:
        """Write every table's new files, then flip to a new snapshot in one atomic step."""
        return self.commit(snap, self.write(snap, tables, run_id)[0], run_id)


__all__ = ["Warehouse", "file_schema"]
