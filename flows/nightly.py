"""The nightly flow: discover -> read/decode/parse/extract (mapped over batches) -> dedupe ->
validate -> publish -> report. Prefect lives here only; every step calls plain functions."""

from __future__ import annotations

import gc
import multiprocessing
import os
import secrets
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote

from flows.held import HELD_TABLES, Held
from flows.memory import release_memory, settled
from flows.progress import Progress, publish_summary
from flows.quality import NightSoFar, Outcome, build_report, run_checks
from flows.settings import Settings
from flows.workers import read_and_process
from transforms.assemble import INDEX, TOUCHES, Folded, RunInfo, StoredKeys, assemble
from transforms.dedupe import NEWS, band_rows, fold, narrow
from transforms.dedupe import versions as dedupe_versions
from transforms.dedupe.index import article_keys
from transforms.formats.dated import capture_date, head_bytes
from transforms.limits import Limits
from transforms.pages import SCHEMAS
from warehouse.landing import Landed, landed, listing, peek
from warehouse.schemas import ALL_TABLES, TABLES
from warehouse.snapshot import Snapshot
from warehouse.storage import Store
from warehouse.warehouse import Warehouse

HISTORY = ("runs", "dq_results")  # tables a rebuild keeps
# A night this large runs process-batch in a pool of worker processes (one per core) rather
# than in threads, which the GIL serialises; smaller nights are not worth the pool's start-up.
POOL_MIN_FILES = 2_000
# Batches a worker process takes before a fresh one replaces it: a safety net only, since a
# worker's memory stays flat (it hands back what each batch freed) and a fresh one pays ~0.5 s
# to load its language model again.
WORKER_BATCHES = 400
# Tasks pass whole Arrow tables around: Prefect must neither hash them for a cache key nor
# persist them as results (both cost time and memory proportional to the night).
QUIET = {"cache_policy": NO_CACHE, "persist_result": False}
# Tasks that only touch storage retry a flaky store (S3 throttling, a network blip) with
# backoff; compute tasks do not: retrying a parse bug only repeats it.
PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def transient(task, task_run, state) -> bool:
    """Retry I/O errors that may pass (connection, timeout, throttling), nothing else."""
    error = state.data if isinstance(state.data, BaseException) else None
    if error is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as raised:  # noqa: BLE001 - we only classify it
            error = raised
    return isinstance(error, OSError | TimeoutError) and not isinstance(error, PERMANENT)


IO_RETRIES = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(2),
    "retry_jitter_factor": 0.5,
    "retry_condition_fn": transient,
}


class ValidationFailed(RuntimeError):
    """A critical data-quality check failed; nothing of the night was published."""


@dataclass
class RunSummary:
    run_id: str
    status: str
    warehouse: str
    files_seen: int = 0
    files_new: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # rows published per table
    ledger: dict[str, int] = field(default_factory=dict)  # new files per status
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    failed_checks: list[str] = field(default_factory=list)
    report: str | None = None
    staged: str | None = None
    stages: dict[str, float] = field(default_factory=dict)  # wall seconds per stage

    def to_dict(self) -> dict:
        return asdict(self)


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def batches(items: list[Landed], size: int) -> list[list[Landed]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@contextmanager
def timed(stages: dict[str, float], name: str) -> Iterator[None]:
    """Add the wall time of the block to stages[name]."""
    start = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = round(stages.get(name, 0.0) + time.perf_counter() - start, 3)


@contextmanager
def no_gc() -> Iterator[None]:
    """Assembling makes millions of small dicts and tuples, none of them cyclic garbage; the
    cyclic collector would walk the whole growing heap again and again (time grew faster than
    the night). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@task(name="discover", **QUIET, **IO_RETRIES)
def discover(
    raw: str,
    wh: Warehouse,
    snap: Snapshot,
    window: tuple[date, date] | None = None,
    today: date | None = None,
) -> tuple[int, pa.Table, int]:
    """Files in the landing zone that the ledger has not seen (by path and size), as listing
    rows (path, size); with a window, only those captured inside it (a backfill night, dated
    from each file's first bytes: transforms/formats/dated.py), and how many new files could
    not be dated so (left for a nightly run)."""
    store = Store.open(raw)
    seen, new = unseen_files(store, wh, snap)
    undated = 0
    if window is not None:
        dates = capture_dates(store, new, today or date.today())
        undated = dates.count(None)
        new = new.filter(pa.array([_inside(d, window) for d in dates], pa.bool_()))
    return seen, new, undated


def unseen_files(store: Store, wh: Warehouse, snap: Snapshot) -> tuple[int, pa.Table]:
    """How many files the landing zone lists, and the listing rows of those the ledger has
    not seen (by path and size)."""
    listed = listing(store)
    return listed.num_rows, listed.take(wh.unseen(snap, listed))


def capture_dates(store: Store, files: pa.Table, today: date) -> list[date | None]:
    """Each listed file's capture date, read from its first bytes (None: it could not be)."""
    return [capture_date(peek(store, f, head_bytes(f.path)), f.path, today) for f in landed(files)]


def backfill_days(
    raw: str, warehouse: str, window: tuple[date, date], today: date | None = None
) -> tuple[list[date], int]:
    """The capture dates in `window` that files not yet in the ledger hold, oldest first (the
    nights a backfill runs), and how many such files could not be dated. Read-only, without
    the lock: each night discovers again under it, so this only spares the days with nothing
    to take their listing and dating."""
    store, wh = Store.open(raw), Warehouse.open(warehouse)
    _, new = unseen_files(store, wh, wh.snapshot())
    dates = capture_dates(store, new, today or date.today())
    return sorted({d for d in dates if _inside(d, window)}), dates.count(None)


def _inside(day: date | None, window: tuple[date, date]) -> bool:
    return day is not None and window[0] <= day <= window[1]


@task(name="process-batch", **QUIET)
def process(
    raw: str, batch: list[Landed], today: date, boilerplate, limits: Limits
) -> dict[str, pa.Table]:
    return read_and_process(raw, batch, today, boilerplate, limits)


@task(name="process-batches", **QUIET)
def process_pooled(
    raw: str,
    parts: list[list[Landed]],
    today: date,
    boilerplate,
    limits: Limits,
    pool: ProcessPoolExecutor,
    progress: Progress,
) -> list[dict[str, pa.Table]]:
    """Every batch in a pool of worker processes, which read, decode, parse and extract. At
    most two batches per worker are queued, so results arrive as fast as they are collected."""
    workers = pool._max_workers  # noqa: SLF001 - the executor's own size
    results: list[dict[str, pa.Table] | None] = [None] * len(parts)
    pending: dict[Future, int] = {}

    def collect(done: set[Future]) -> None:
        for f in done:
            i = pending.pop(f)
            results[i] = f.result()
            progress.advance(len(parts[i]))

    for i, part in enumerate(parts):
        if len(pending) >= 2 * workers:
            collect(wait_futures(pending, return_when=FIRST_COMPLETED).done)
        pending[pool.submit(read_and_process, raw, part, today, boilerplate, limits)] = i
    collect(wait_futures(pending).done)
    return [r for r in results if r is not None]


@contextmanager
def worker_pool(files: int, batches: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for process-batch when the night is big enough to pay for them and
    tasks run in this process's threads (on Dask the cluster's workers do that job). A worker
    is replaced after WORKER_BATCHES batches."""
    if files < POOL_MIN_FILES or batches < 2 or not _threads_only():
        yield None
        return
    workers = max(1, min(batches, os.cpu_count() or 1))
    ctx = _pool_context()
    try:
        with ProcessPoolExecutor(
            workers, mp_context=ctx, max_tasks_per_child=WORKER_BATCHES
        ) as pool:
            yield pool
    finally:
        _stop_forkserver(ctx)


def _pool_context() -> multiprocessing.context.BaseContext:
    """Forkserver where there is one (a clean parent that preloads the transforms once; forking
    this process would copy Prefect's threads mid-flight), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["flows.preload"])
        return ctx
    return multiprocessing.get_context("spawn")


def _stop_forkserver(ctx: multiprocessing.context.BaseContext) -> None:
    """multiprocessing keeps the forkserver for the next pool, but the rest of the night (the
    held rows, the commit, the full-text index: its memory peak) has no use for its ~160 MB.
    A later pool starts a new one. `_stop` is private (multiprocessing's own tests use it)."""
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        stop = getattr(forkserver._forkserver, "_stop", None)  # noqa: SLF001
        if stop is not None:
            stop()


def _threads_only() -> bool:
    """True under the default task runner (threads in this process): the pool then pays. On a
    Dask cluster the mapped tasks are spread over its workers instead."""
    ctx = FlowRunContext.get()
    return ctx is None or isinstance(ctx.task_runner, ThreadPoolTaskRunner)


@task(name="dedupe", **QUIET)
def dedupe(
    night: dict[str, pa.Table], wh: Warehouse, snap: Snapshot, run: RunInfo
) -> dict[str, pa.Table]:
    sha_paths = wh.sha_paths(snap, night["files"]["sha256"].to_pylist())
    stored = StoredKeys(sha_paths, wh.articles_of_files(snap, sorted(set(sha_paths.values()))))
    with no_gc():
        rows = assemble(night, stored, run, lambda docs: fold_night(docs, wh, snap))
    tables = {}
    for name, spec in ALL_TABLES.items():
        got = rows.get(name, [])
        tables[name] = (
            got if isinstance(got, pa.Table) else pa.Table.from_pylist(got, schema=spec.schema)
        )
    tables[TOUCHES] = pa.Table.from_pylist(rows.get(TOUCHES, []), schema=TABLES["articles"].schema)
    return tables


def fold_night(sigs: pa.Table, wh: Warehouse, snap: Snapshot) -> Folded:
    """Near-duplicate search of the night's sketched documents against the stored LSH index."""
    near = narrow(sigs, wh.lsh_candidate_batches(snap, band_rows(sigs), NEWS), NEWS)
    result = fold(sigs, near.candidates, NEWS, crowded=near.crowded)
    stored_ids = sorted({a["article_id"] for a in result.articles.to_pylist() if not a["is_new"]})
    latest = wh.latest_versions(snap, stored_ids)
    dates = {k: v["published_date"] for k, v in wh.article_state(snap, stored_ids).items()}
    return Folded(result, dedupe_versions(result.new_versions, latest), dates)


@task(name="validate", **QUIET)
def validate(
    tables: dict[str, pa.Table],
    wh: Warehouse,
    snap: Snapshot,
    run: RunInfo,
    earlier: NightSoFar | None = None,
) -> Outcome:
    return run_checks(tables, wh, snap, run, earlier=earlier)


@task(name="write-files", **QUIET, **IO_RETRIES)
def write_files(
    tables: dict[str, pa.Table],
    wh: Warehouse,
    snap: Snapshot,
    write_id: str,
    hold: tuple[str, ...] = (),
) -> tuple[Snapshot, dict[str, pa.Table]]:
    return wh.write(snap, tables, write_id, hold)


@task(name="publish", **QUIET, **IO_RETRIES)
def publish(wh: Warehouse, base: Snapshot, written: Snapshot, run_id: str) -> Snapshot:
    return wh.commit(base, written, run_id)


@task(name="report", **QUIET, **IO_RETRIES)
def report(wh: Warehouse) -> str | None:
    return build_report(wh)


def _concat(results: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    return {
        k: pa.concat_tables([r[k] for r in results] or [SCHEMAS[k].empty_table()]) for k in SCHEMAS
    }


@flow(name="nightly", log_prints=False)
def nightly(
    raw: str | None = None,
    warehouse: str | None = None,
    batch_files: int | None = None,
    today: date | None = None,
    window: tuple[date, date] | None = None,
    from_scratch: bool = False,
) -> dict:
    """Take what is new in the landing zone into the warehouse, or fail before publishing.

    `window` limits the night to dumps captured in [since, until] (backfill); `from_scratch`
    rebuilds every table from the raw files, keeping only the run history.
    """
    settings = Settings.from_env(raw=raw, warehouse=warehouse, batch_files=batch_files)
    log = get_run_logger()
    started = datetime.now(UTC)
    today = today or started.date()
    run = RunInfo(new_run_id(started), started.date())
    wh = Warehouse.open(settings.warehouse)
    stages: dict[str, float] = {}
    with wh.lock(run.run_id, settings.lock_wait_seconds) as lock:
        with timed(stages, "discover"):
            snap = wh.recover()
            if from_scratch:
                snap = Snapshot(snap.seq, snap.run_id, {t: snap.table_files(t) for t in HISTORY})
            seen, new, undated = discover(settings.raw, wh, snap, window, today)
        log.info("run %s: %d files landed, %d new", run.run_id, seen, new.num_rows)
        if undated:
            log.info(
                "%d new files could not be dated from their first bytes to place them in "
                "the window (no capture date there, or unreadable): left for a nightly run",
                undated,
            )
        summary = RunSummary(run.run_id, "nothing_new", wh.url, seen, new.num_rows, stages=stages)
        written, checks = snap, []
        if new.num_rows:
            summary.status = "published"
            written = _take(new, settings, today, run, wh, snap, summary, checks)
        tables = {"dq_results": combine_checks(checks), "runs": _run_row(summary, started)}
        with timed(stages, "publish"):  # the last files, the snapshot switch and the catalog
            written, _ = write_files(tables, wh, written, run.run_id)
            lock.check()  # a run whose lock was taken over must not flip the snapshot
            snap = publish(wh, snap, written, run.run_id)
        del tables, written
        with timed(stages, "report"):
            summary.report = report(wh)
    log.info("run %s: %s in %.1f s", run.run_id, summary.status, sum(stages.values()))
    publish_summary(summary.to_dict())
    if summary.status == "failed_validation":
        raise ValidationFailed(
            f"run {run.run_id} stopped before publish: {', '.join(summary.failed_checks)}; "
            f"staged rows kept at {summary.staged}; report at {summary.report}"
        )
    return summary.to_dict()


def _take(
    new: pa.Table,
    settings: Settings,
    today: date,
    run: RunInfo,
    wh: Warehouse,
    snap: Snapshot,
    summary: RunSummary,
    checks: list[pa.Table],
) -> Snapshot:
    """The night's new files, a chunk at a time so memory stays bounded however big the night:
    each chunk is processed, deduplicated (against what is stored and the chunks before it),
    validated and written as files of a snapshot that is not current yet. Returns that
    snapshot, or `snap` itself if a chunk failed a critical check (nothing of the night is
    published then; the failing chunk's rows are staged for inspection).

    Rows that would rewrite stored files are held and written once, after the last chunk
    (flows/held.py). With a worker pool the chunks overlap: the workers process chunk k+1
    while this process deduplicates, validates and writes chunk k. Stage times are then this
    process's waits: "process" is only the time spent waiting for a chunk's pages."""
    stages, log = summary.stages, get_run_logger()
    # the listing rows stay Arrow; only the chunk at hand becomes `Landed` items
    size = settings.chunk_files
    chunks = [new.slice(i, size) for i in range(0, new.num_rows, size)]
    boiler = wh.boilerplate(snap)  # the same learned chrome for every chunk of the night
    progress = Progress(log, "process", new.num_rows)
    written, so_far, held = snap, NightSoFar(), Held()
    with settled(), worker_pool(new.num_rows, -(-new.num_rows // settings.batch_files)) as pool:
        ahead = Ahead(settings, today, boiler, progress, pool)
        ahead.start(landed(chunks[0]))
        for k in range(len(chunks)):
            with timed(stages, "process"):
                chunk, night = ahead.take()
            if k + 1 < len(chunks):
                ahead.start(landed(chunks[k + 1]))
            write_id = run.run_id if len(chunks) == 1 else f"{run.run_id}-{k:03d}"
            with timed(stages, "dedupe"):
                tables = dedupe(night, wh, written, run)
                check_ledger(chunk, tables["raw_files"])
                summary.counts["docs_decoded"] = (
                    summary.counts.get("docs_decoded", 0) + night["docs"].num_rows
                )
            del night
            with timed(stages, "validate"):
                tables, outcome = _validated(tables, wh, written, run, so_far)
            checks.append(tables.pop("dq_results"))
            so_far.add(outcome, checks[-1])
            _summarise(summary, tables)
            if outcome.critical_failures:
                ahead.drop()
                summary.status = "failed_validation"
                summary.failed_checks = outcome.critical_failures
                summary.staged = wh.stage(write_id, tables)
                return snap
            with timed(stages, "publish"):
                written, later = write_files(tables, wh, written, write_id, HELD_TABLES)
                held.add(later)
                if held.full() or (held and k + 1 == len(chunks)):
                    written, _ = write_files(held.take(), wh, written, f"{write_id}-held")
            del tables, later
            release_memory()  # the chunk's garbage goes before the next chunk grows the heap
            if len(chunks) > 1:
                log.info("chunk %d/%d written (%s files)", k + 1, len(chunks), f"{len(chunk):,}")
    return written


class Ahead:
    """The next chunk's processing, started before the current chunk is deduplicated.

    With a worker pool, `start` hands the chunk to a feeder thread (Prefect's task runner)
    that reads its files and keeps the workers busy; `take` waits for its page tables. Without
    one (small nights, or a Dask cluster whose workers take the mapped tasks) `take` runs the
    chunk there and then."""

    def __init__(self, settings, today, boiler, progress: Progress, pool) -> None:
        self.settings, self.today, self.boiler = settings, today, boiler
        self.progress, self.pool = progress, pool
        self.chunk: list[Landed] = []
        self.future = None

    def start(self, chunk: list[Landed]) -> None:
        self.chunk = chunk
        if self.pool is not None:
            parts = batches(chunk, self.settings.batch_files)
            s = self.settings
            # `quote`: Prefect would walk the 25k file items and the boilerplate lines twice
            # per call looking for futures (~0.6 s a chunk). Dask rebuilds a quote as a bare
            # tuple, so `_process` passes its batches plain.
            self.future = process_pooled.submit(
                s.raw,
                quote(parts),
                self.today,
                quote(self.boiler),
                s.limits,
                self.pool,
                self.progress,
            )

    def take(self) -> tuple[list[Landed], dict[str, pa.Table]]:
        """The started chunk's files and their page tables."""
        chunk, self.chunk = self.chunk, []
        if self.future is None:
            s = self.settings
            return chunk, _process(chunk, s, self.today, self.boiler, self.progress)
        results, self.future = self.future.result(), None
        return chunk, _concat(results)

    def drop(self) -> None:
        """Let a started chunk finish (its worker tasks cannot be recalled) and discard it."""
        if self.future is not None:
            self.future.wait()
            self.future = None


def _process(
    chunk: list[Landed], settings: Settings, today: date, boiler, progress: Progress
) -> dict[str, pa.Table]:
    """A chunk's files -> its page tables, as mapped tasks on the flow's task runner (threads
    in this process, or a Dask cluster's workers)."""
    parts = batches(chunk, settings.batch_files)
    futures = [process.submit(settings.raw, b, today, boiler, settings.limits) for b in parts]
    sizes = {id(f): len(b) for f, b in zip(futures, parts, strict=True)}
    for future in as_completed(futures):
        progress.advance(sizes[id(future)])
    return _concat([f.result() for f in futures])


def _validated(
    tables: dict[str, pa.Table], wh: Warehouse, snap: Snapshot, run: RunInfo, so_far: NightSoFar
) -> tuple[dict[str, pa.Table], Outcome]:
    """Validate the chunk's rows (failing rows move to quarantine). Partial article rows and
    the near-duplicate index are not new data: they skip the checks and rejoin after, minus
    the index rows of any article quarantined (it must not attract tomorrow's copies)."""
    aside = {name: tables.pop(name) for name in (TOUCHES, *INDEX)}
    night_ids = set(tables["articles"]["article_id"].to_pylist())
    outcome = validate(tables, wh, snap, run, so_far)
    tables = outcome.tables
    tables["articles"] = pa.concat_tables([tables["articles"], aside[TOUCHES]])
    dropped = pa.array(night_ids - set(tables["articles"]["article_id"].to_pylist()), pa.string())
    dropped_keys = article_keys(dropped)
    for name in INDEX:  # both name the article by its key
        index = aside[name]
        tables[name] = index.filter(pc.invert(pc.is_in(index["article_key"], dropped_keys)))
    return tables, outcome


def combine_checks(checks: list[pa.Table]) -> pa.Table:
    """One dq_results row per expectation for the run, however many chunks it validated:
    passed only if it passed on every chunk, failing rows summed, the observed value of the
    first failure (else of the last chunk)."""
    schema = TABLES["dq_results"].schema
    if len(checks) <= 1:
        return checks[0] if checks else schema.empty_table()
    merged: dict[tuple[str, str], dict] = {}
    for row in pa.concat_tables(checks).to_pylist():
        key = (row["table"], row["expectation"])
        seen = merged.get(key)
        if seen is None:
            merged[key] = row
            continue
        failed_before = not seen["success"]
        seen["unexpected_count"] = (seen["unexpected_count"] or 0) + (row["unexpected_count"] or 0)
        if not failed_before:
            seen["observed"] = row["observed"]
        seen["success"] = seen["success"] and row["success"]
    return pa.Table.from_pylist(list(merged.values()), schema=schema)


class LedgerViolation(RuntimeError):
    """A new file has no ledger row (or one it should not have): never publish that."""


def check_ledger(new: list[Landed], ledger: pa.Table) -> None:
    """landed = published + duplicate + quarantined: each new file exactly one ledger row."""
    expected = sorted((f.path, f.size) for f in new)
    got = sorted(zip(ledger["path"].to_pylist(), ledger["size"].to_pylist(), strict=True))
    if expected != got:
        lost = sorted(set(expected) - set(got))[:5]
        extra = sorted(set(got) - set(expected))[:5]
        raise LedgerViolation(
            f"ledger does not match the landed files: missing {lost}, unexpected {extra}"
        )


def _summarise(summary: RunSummary, tables: dict[str, pa.Table]) -> None:
    """Add a chunk's rows to the run's counts."""
    counts = summary.counts
    for name, t in tables.items():
        if name in TABLES and name != "dq_results":
            counts[name] = counts.get(name, 0) + t.num_rows
    versions = tables["article_versions"]["version"].to_pylist()
    counts["articles_new"] = counts.get("articles_new", 0) + sum(1 for v in versions if v == 1)
    counts["articles_updated"] = counts.get("articles_updated", 0) + sum(
        1 for v in versions if v > 1
    )
    ledger = Counter(summary.ledger) + Counter(tables["raw_files"]["status"].to_pylist())
    summary.ledger = dict(ledger)
    q = tables["quarantine"]
    reasons = Counter(summary.quarantine_reasons) + Counter(
        f"{s}: {r}" for s, r in zip(q["stage"].to_pylist(), q["reason"].to_pylist(), strict=True)
    )
    summary.quarantine_reasons = dict(reasons)


def _run_row(summary: RunSummary, started: datetime) -> pa.Table:
    c = summary.counts
    row = {
        "run_id": summary.run_id,
        "started_at": started,
        "finished_at": datetime.now(UTC),
        "status": summary.status,
        "files_seen": summary.files_seen,
        "files_new": summary.files_new,
        "docs_decoded": c.get("docs_decoded", 0),
        "articles_new": c.get("articles_new", 0),
        "articles_updated": c.get("articles_updated", 0),
        "live_updates": c.get("live_updates", 0),
        "loss_reports": c.get("loss_reports", 0),
        "duplicates": c.get("duplicates", 0),
        "quarantined": summary.ledger.get("quarantined", 0),
        "run_date": started.date(),
    }
    return pa.Table.from_pylist([row], schema=TABLES["runs"].schema)
