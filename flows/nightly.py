"""The nightly flow: discover -> read/decode/parse/extract (mapped over batches) -> dedupe ->
validate -> publish -> report. Prefect lives here only; every step calls plain functions."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.futures import wait

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

    def to_dict(self) -> dict:
        return asdict(self)


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def batches(items: list[Landed], size: int) -> list[list[Landed]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@task(name="discover")
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


@task(name="process-batch")
def process(
    raw: str, batch: list[Landed], today: date, boilerplate, max_bytes: int
) -> dict[str, pa.Table]:
    store = Store.open(raw)
    return process_batch(
        (read_landed(store, item, max_bytes) for item in batch), today, boilerplate
    )


@task(name="dedupe")
def dedupe(
    night: dict[str, pa.Table], wh: Warehouse, snap: Snapshot, run: RunInfo
) -> dict[str, pa.Table]:
    stored = StoredKeys(sha_paths=wh.sha_paths(snap, night["files"]["sha256"].to_pylist()))
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


@task(name="validate")
def validate(tables: dict[str, pa.Table], wh: Warehouse, snap: Snapshot, run: RunInfo) -> Outcome:
    return run_checks(tables, wh, snap, run)


@task(name="publish")
def publish(tables: dict[str, pa.Table], wh: Warehouse, snap: Snapshot, run_id: str) -> Snapshot:
    return wh.publish(snap, run_id, tables)


@task(name="report")
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
    with wh.lock(run.run_id, settings.lock_wait_seconds):
        snap = wh.recover()
        if from_scratch:
            snap = Snapshot(snap.seq, snap.run_id, {t: snap.table_files(t) for t in HISTORY})
        seen, new = discover(settings.raw, wh, snap, window)
        log.info("run %s: %d files landed, %d new", run.run_id, seen, len(new))
        summary = RunSummary(run.run_id, "nothing_new", wh.url, seen, len(new))
        if new:
            boiler = wh.boilerplate(snap)
            futures = [
                process.submit(settings.raw, b, today, boiler, settings.max_file_bytes)
                for b in batches(new, settings.batch_files)
            ]
            wait(futures)
            night = _concat([f.result() for f in futures])
            tables = dedupe(night, wh, snap, run)
            check_ledger(new, tables["raw_files"])
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
            summary.counts["docs_decoded"] = night["docs"].num_rows
            if outcome.critical_failures:
                summary.status = "failed_validation"
                summary.staged = wh.stage(run.run_id, tables)
                tables = {"dq_results": tables["dq_results"]}
            else:
                summary.status = "published"
        else:
            tables = {}
        tables["runs"] = _run_row(summary, started)
        snap = publish(tables, wh, snap, run.run_id)
        summary.report = report(wh)
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
