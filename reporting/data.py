"""What the report shows, read from the DuckDB catalog with bound parameters only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pandas as pd

from warehouse.schemas import TABLES

QUARANTINE_COLUMNS = ["run_id", "stage", "reason", "rows"]
EXAMPLE_COLUMNS = ["run_id", "stage", "reason", "path", "detail"]
VOLUME_COLUMNS = ["source", "day", "articles"]


@dataclass
class ReportData:
    runs: pd.DataFrame  # `runs` rows, oldest first (runs known only from dq_results included)
    checks: pd.DataFrame  # `dq_results` rows of those runs
    quarantine: pd.DataFrame  # run_id, stage, reason, rows: quarantined records per reason
    examples: pd.DataFrame  # run_id, stage, reason, path, detail: a few per reason
    volumes: pd.DataFrame  # source, day, articles: articles captured per source per day
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    title: str = "newsware data quality"


def empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])


def load_report_data(
    con: duckdb.DuckDBPyConnection,
    *,
    max_runs: int = 90,
    volume_days: int = 90,
    examples_per_reason: int = 3,
) -> ReportData:
    """The last ``max_runs`` runs with their checks and quarantine, and ``volume_days`` days of
    per-source volume. Missing catalog views read as empty."""
    has = {name: _exists(con, name) for name in ("runs", "dq_results", "quarantine", "articles")}
    run_columns = TABLES["runs"].data_columns
    runs = (
        con.execute(
            "SELECT * FROM runs ORDER BY started_at DESC NULLS LAST, run_id DESC LIMIT ?",
            [max_runs],
        ).df()
        if has["runs"]
        else empty(run_columns)
    )
    if has["dq_results"]:
        # a run that wrote checks but no `runs` row (it died after validating) is still shown
        orphans = con.execute(
            "SELECT run_id, min(run_date) AS run_date FROM dq_results "
            "WHERE NOT list_contains(?, run_id) GROUP BY run_id ORDER BY run_id DESC LIMIT ?",
            [runs["run_id"].tolist(), max_runs],
        ).df()
        if len(orphans):
            runs = pd.concat([runs, orphans.assign(status="unknown")], ignore_index=True)
    runs = _oldest_first(runs).tail(max_runs).reset_index(drop=True)
    ids = runs["run_id"].astype(str).tolist()
    checks = (
        con.execute(
            "SELECT * FROM dq_results WHERE list_contains(?, run_id) ORDER BY run_id", [ids]
        ).df()
        if has["dq_results"]
        else empty(TABLES["dq_results"].data_columns)
    )
    quarantine = empty(QUARANTINE_COLUMNS)
    examples = empty(EXAMPLE_COLUMNS)
    if has["quarantine"]:
        quarantine = con.execute(
            "SELECT run_id, stage, reason, count(*) AS rows FROM quarantine "
            "WHERE list_contains(?, run_id) GROUP BY ALL ORDER BY rows DESC, reason",
            [ids],
        ).df()
        examples = con.execute(
            "SELECT run_id, stage, reason, path, detail FROM ("
            "  SELECT *, row_number() OVER (PARTITION BY run_id, stage, reason ORDER BY path) AS n"
            "  FROM quarantine WHERE list_contains(?, run_id)"
            ") WHERE n <= ? ORDER BY run_id, reason, path",
            [ids, examples_per_reason],
        ).df()
    volumes = empty(VOLUME_COLUMNS)
    if has["articles"]:
        volumes = con.execute(
            "SELECT source, capture_date AS day, count(*) AS articles FROM articles "
            "WHERE capture_date > (SELECT max(capture_date) FROM articles) - CAST(? AS INTEGER) "
            "GROUP BY ALL ORDER BY day, source",
            [volume_days],
        ).df()
    return ReportData(runs, checks, quarantine, examples, volumes)


def _oldest_first(runs: pd.DataFrame) -> pd.DataFrame:
    if "started_at" not in runs:
        runs = runs.assign(started_at=pd.NaT)
    started = pd.to_datetime(runs["started_at"], utc=True, errors="coerce")
    if "run_date" in runs:
        fallback = pd.to_datetime(runs["run_date"], errors="coerce").dt.tz_localize("UTC")
        started = started.fillna(fallback)
    return runs.assign(_order=started).sort_values(["_order", "run_id"]).drop(columns="_order")
