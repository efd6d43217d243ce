"""Report data: a few weeks of runs with failures, quarantine and several sources."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import duckdb
import numpy as np
import pandas as pd

from reporting.data import ReportData

CHECKS = [
    ("articles", "articles.columns_present", "critical"),
    ("articles", "articles.article_id_not_null", "critical"),
    ("articles", "articles.key_unique", "critical"),
    ("articles", "articles.language_iso_639_1", "warning"),
    ("articles", "articles.published_at_not_after_capture", "critical"),
    ("articles", "articles.source_not_silent", "warning"),
    ("loss_reports", "loss_reports.totals_never_fall", "critical"),
    ("loss_reports", "loss_reports.totals_match_public_series", "warning"),
    ("quotes", "quotes.article_id_references_articles", "critical"),
    ("raw_files", "raw_files.status_accepted", "critical"),
]
SOURCES = [
    "kyiv-independent",
    "ukrainska-pravda",
    "meduza",
    "novaya-gazeta",
    "bbc",
    "reuters",
    "ap",
    "dw",
    "rfe-rl",
    "the-insider",
]


def run_id(day: date) -> str:
    return f"{day.isoformat()}T01-00-00Z"


def sample_frames(days: int = 21, seed: int = 1) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    first = date(2024, 3, 11) - timedelta(days=days - 1)
    runs, checks, quarantine, volumes = [], [], [], []
    for k in range(days):
        day = first + timedelta(days=k)
        rid = run_id(day)
        status = "failed_validation" if k == days - 5 else "nothing_new" if k == 3 else "published"
        started = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=1)
        runs.append(
            {
                "run_id": rid,
                "started_at": started,
                "finished_at": started + timedelta(seconds=95 + k),
                "status": status,
                "files_seen": 1000 + 40 * k,
                "files_new": 40,
                "docs_decoded": 39,
                "articles_new": 30,
                "articles_updated": 5,
                "live_updates": 12,
                "loss_reports": 14,
                "duplicates": 4,
                "quarantined": 2,
                "run_date": day,
            }
        )
        for table, name, severity in CHECKS:
            fails = (
                status == "failed_validation" and name == "loss_reports.totals_never_fall"
            ) or (severity == "warning" and rng.random() < 0.3)
            checks.append(
                {
                    "run_id": rid,
                    "table": table,
                    "expectation": name,
                    "severity": severity,
                    "success": not fails,
                    "observed": f"{int(fails) * 3} of 40 rows fail"
                    + ("; e.g. 'xx'" if fails else ""),
                    "unexpected_count": 3 if fails else 0,
                    "run_date": day,
                }
            )
        for i, (stage, reason) in enumerate(
            [("decode", "binary"), ("validate", "articles.key_unique")]
        ):
            quarantine.append(
                {
                    "path": f"landing/{day}/{i}.txt",
                    "stage": stage,
                    "reason": reason,
                    "detail": "NUL bytes at offset 12",
                    "run_id": rid,
                    "run_date": day,
                }
            )
        for j, source in enumerate(SOURCES):
            n = int(rng.poisson(40 - 3 * j)) if not (source == "meduza" and k > days - 4) else 0
            volumes.extend({"source": source, "capture_date": day} for _ in range(n))
    return {
        "runs": pd.DataFrame(runs),
        "dq_results": pd.DataFrame(checks),
        "quarantine": pd.DataFrame(quarantine),
        "articles": pd.DataFrame(volumes),
    }


def sample_catalog(frames: dict[str, pd.DataFrame] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory catalog with the report's tables (views named as in schemas.py)."""
    con = duckdb.connect()
    for name, frame in (frames or sample_frames()).items():
        con.register(f"_{name}", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{name}")  # noqa: S608 (constant names)
        con.unregister(f"_{name}")
    return con


def sample_data(frames: dict[str, pd.DataFrame] | None = None) -> ReportData:
    from reporting.data import load_report_data

    return load_report_data(sample_catalog(frames))
