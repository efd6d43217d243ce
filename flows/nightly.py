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
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from flows.progress import Progress, publish_summary
from flows.quality import Outcome, build_report, run_checks
from flows.settings import Settings
from transforms.assemble import INDEX, TOUCHES, Folded, RunInfo, StoredKeys, assemble
from transforms.decode import header_date
from transforms.dedupe import NEWS, band_rows, fold, signatures
from transforms.dedupe import versions as dedupe_versions
from transforms.pages import SCHEMAS, process_batch
from warehouse.landing import Landed, list_landed, peek, read_landed
from warehouse.schemas import ALL_TABLES, TABLES
from warehouse.snapshot import Snapshot
from warehouse.storage import Store
from warehouse.warehouse import Warehouse

HISTORY = ("runs", "dq_results")  # tables a rebuild keeps
# A night this large runs process-batch in a pool of worker processes (one per core) rather
# than in threads, which the GIL serialises; smaller nights are not worth the pool's start-up.
POOL_MIN_FILES = 2_000
# Tasks pass whole Arrow tables around: Prefect must neither hash them for a cache key nor
# persist them as results (both cost time and memory proportional to the night).
QUIET = {"cache_policy": NO_CACHE, "persist_result": False}
# Tasks that only touch storage retry a flaky store (S3 throttling, a network blip) with
# backoff; compute tasks do not: retrying a parse bug only repeats it.
IO_RETRIES = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(2),
    "retry_jitter_factor": 0.5,
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
    raw: str, wh: Warehouse, snap: Snapshot, window: tuple[date, date] | None = None
) -> tuple[int, list[Landed]]:
    """Files in the landing zone that the ledger has not seen (by path and size); with a
    window, only those whose capture-date header falls inside it (a backfill night)."""
    store = Store.open(raw)
    landed = list_landed(store)
    known = wh.ledger_keys(snap)
    new = [f for f in landed if (f.path, f.size) not in known]
    if window is not None:
        new = [f for f in new if (d := header_date(peek(store, f))) and window[0] <= d <= window[1]]
    return len(landed), new


@task(name="process-batch", **QUIET)
def process(
    raw: str, batch: list[Landed], today: date, boilerplate, max_bytes: int
) -> dict[str, pa.Table]:
    store = Store.open(raw)
    return process_batch(
        (read_landed(store, item, max_bytes) for item in batch), today, boilerplate
    )


@task(name="process-batches", **QUIET)
def process_pooled(
    raw: str, parts: list[list[Landed]], today: date, boilerplate, max_bytes: int
) -> list[dict[str, pa.Table]]:
    """Every batch in a pool of worker processes. This process reads the files (all reads stay
    in one place, behind the landing checks) and reads at most two batches per worker ahead,
    so raw bytes in memory stay bounded; workers only decode, parse and extract. (The batch
    results are all kept, as with threads: the night's tables still grow with the night.)"""
    store = Store.open(raw)
    workers = max(1, min(len(parts), os.cpu_count() or 1))
    progress = Progress(get_run_logger(), "process", sum(map(len, parts)))
    results: list[dict[str, pa.Table] | None] = [None] * len(parts)

    def collect(done: set[Future]) -> None:
        for f in done:
            i = pending.pop(f)
            results[i] = f.result()
            progress.advance(len(parts[i]))

    with ProcessPoolExecutor(workers, mp_context=_pool_context()) as pool:
        pending: dict[Future, int] = {}
        for i, part in enumerate(parts):
            if len(pending) >= 2 * workers:
                collect(wait_futures(pending, return_when=FIRST_COMPLETED).done)
            docs = [read_landed(store, item, max_bytes) for item in part]
            pending[pool.submit(process_batch, docs, today, boilerplate)] = i
        collect(wait_futures(pending).done)
    return [r for r in results if r is not None]


def _pool_context() -> multiprocessing.context.BaseContext:
    """Forkserver where there is one (a clean parent that preloads the transforms once; forking
    this process would copy Prefect's threads mid-flight), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["transforms.pages"])
        return ctx
    return multiprocessing.get_context("spawn")


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


def fold_night(docs: pa.Table, wh: Warehouse, snap: Snapshot) -> Folded:
    """Near-duplicate search of the night's documents against the stored LSH index."""
    sigs = signatures(docs)
    candidates = wh.lsh_candidates(snap, band_rows(sigs), NEWS.sketch_id)
    result = fold(sigs, candidates)
    stored_ids = sorted({a["article_id"] for a in result.articles.to_pylist() if not a["is_new"]})
    latest = wh.latest_versions(snap, stored_ids)
    dates = {k: v["published_date"] for k, v in wh.article_state(snap, stored_ids).items()}
    return Folded(result, dedupe_versions(result.new_versions, latest), dates)


@task(name="validate", **QUIET)
def validate(tables: dict[str, pa.Table], wh: Warehouse, snap: Snapshot, run: RunInfo) -> Outcome:
    return run_checks(tables, wh, snap, run)


@task(name="publish", **QUIET, **IO_RETRIES)
def publish(tables: dict[str, pa.Table], wh: Warehouse, snap: Snapshot, run_id: str) -> Snapshot:
    return wh.publish(snap, run_id, tables)


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
            seen, new = discover(settings.raw, wh, snap, window)
        log.info("run %s: %d files landed, %d new", run.run_id, seen, len(new))
        summary = RunSummary(run.run_id, "nothing_new", wh.url, seen, len(new), stages=stages)
        if new:
            with timed(stages, "process"):
                boiler = wh.boilerplate(snap)
                parts = batches(new, settings.batch_files)
                if len(new) >= POOL_MIN_FILES and len(parts) > 1 and _threads_only():
                    results = process_pooled(
                        settings.raw, parts, today, boiler, settings.max_file_bytes
                    )
                else:
                    futures = [
                        process.submit(settings.raw, b, today, boiler, settings.max_file_bytes)
                        for b in parts
                    ]
                    sizes = {id(f): len(b) for f, b in zip(futures, parts, strict=True)}
                    progress = Progress(log, "process", len(new))
                    for future in as_completed(futures):
                        progress.advance(sizes[id(future)])
                    results = [f.result() for f in futures]
                night = _concat(results)
                del results
            with timed(stages, "dedupe"):
                tables = dedupe(night, wh, snap, run)
                check_ledger(new, tables["raw_files"])
            docs_decoded = night["docs"].num_rows
            del night
            with timed(stages, "validate"):
                held = {name: tables.pop(name) for name in (TOUCHES, *INDEX)}
                night_ids = set(tables["articles"]["article_id"].to_pylist())
                outcome = validate(tables, wh, snap, run)
                tables = outcome.tables
                tables["articles"] = pa.concat_tables([tables["articles"], held[TOUCHES]])
                dropped = night_ids - set(tables["articles"]["article_id"].to_pylist())
                for name in INDEX:  # a quarantined article must not attract tomorrow's copies
                    keep = [a not in dropped for a in held[name]["article_id"].to_pylist()]
                    tables[name] = held[name].filter(pa.array(keep, pa.bool_()))
            summary.failed_checks = outcome.critical_failures
            _summarise(summary, tables)
            summary.counts["docs_decoded"] = docs_decoded
            if outcome.critical_failures:
                summary.status = "failed_validation"
                summary.staged = wh.stage(run.run_id, tables)
                tables = {"dq_results": tables["dq_results"]}
            else:
                summary.status = "published"
        else:
            tables = {}
        tables["runs"] = _run_row(summary, started)
        with timed(stages, "publish"):  # data files, snapshot switch and the DuckDB catalog
            lock.check()  # a run whose lock was taken over must not flip the snapshot
            snap = publish(tables, wh, snap, run.run_id)
        del tables
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
    summary.counts = {name: t.num_rows for name, t in tables.items() if name in TABLES}
    versions = tables["article_versions"]["version"].to_pylist()
    summary.counts["articles_new"] = sum(1 for v in versions if v == 1)
    summary.counts["articles_updated"] = sum(1 for v in versions if v > 1)
    summary.ledger = dict(Counter(tables["raw_files"]["status"].to_pylist()))
    q = tables["quarantine"]
    summary.quarantine_reasons = dict(
        Counter(
            f"{s}: {r}"
            for s, r in zip(q["stage"].to_pylist(), q["reason"].to_pylist(), strict=True)
        )
    )


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
