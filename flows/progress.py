"""What a person watching a run sees: progress while it works, a summary artifact when done.

Both go through Prefect (the run logger and artifacts), so the terminal, the Prefect UI and a
served deployment's run page show the same thing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    update_progress_artifact,
)
from prefect.context import FlowRunContext, TaskRunContext

ARTIFACT_KEY = "newsware-run-summary"  # Prefect keys: lowercase letters, digits and dashes


@dataclass
class Progress:
    """Logs `done/total` at most every `every` seconds (and at the end) with rate and ETA, and
    keeps a Prefect progress artifact up to date."""

    log: logging.Logger | logging.LoggerAdapter
    what: str
    total: int
    every: float = 10.0
    done: int = 0
    _start: float = field(default_factory=time.perf_counter)
    _last: float = 0.0
    _artifact: object = None

    def __post_init__(self) -> None:
        self._last = self._start
        if FlowRunContext.get() is None and TaskRunContext.get() is None:
            return  # not in a Prefect run: log lines only
        try:
            self._artifact = create_progress_artifact(0.0, description=f"{self.what}: done")
        except Exception:  # noqa: BLE001 - progress display must never fail a run
            self._artifact = None

    def advance(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if self.done < self.total and now - self._last < self.every:
            return
        self._last = now
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        self.log.info(
            "%s: %s/%s files (%.0f%%), %.0f files/s, %s left",
            self.what,
            f"{self.done:,}",
            f"{self.total:,}",
            100 * self.done / max(self.total, 1),
            rate,
            _duration(eta),
        )
        if self._artifact is not None:
            try:
                update_progress_artifact(self._artifact, 100 * self.done / max(self.total, 1))
            except Exception:  # noqa: BLE001
                self._artifact = None


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def summary_markdown(summary: dict) -> str:
    """The run summary as Markdown (values are counts and our own names, but reasons can carry
    text from dumps: table cells are escaped)."""
    lines = [
        f"# newsware run `{summary['run_id']}`: **{summary['status']}**",
        "",
        f"Warehouse: `{_cell(summary['warehouse'])}`",
    ]
    if summary.get("report"):
        lines.append(
            f"Data-quality report: [{_cell(summary['report'])}]({_link(summary['report'])})"
        )
    lines += ["", "| files | count |", "| --- | ---: |"]
    lines.append(f"| in landing | {summary['files_seen']:,} |")
    lines.append(f"| new | {summary['files_new']:,} |")
    for status in ("published", "duplicate", "quarantined"):
        lines.append(f"| {status} | {summary['ledger'].get(status, 0):,} |")
    if summary["counts"]:
        lines += ["", "| rows published | count |", "| --- | ---: |"]
        lines += [f"| {_cell(k)} | {v:,} |" for k, v in sorted(summary["counts"].items())]
    if summary["quarantine_reasons"]:
        lines += ["", "| quarantined because | files |", "| --- | ---: |"]
        ranked = sorted(summary["quarantine_reasons"].items(), key=lambda kv: -kv[1])
        lines += [f"| {_cell(reason)} | {n:,} |" for reason, n in ranked]
    if summary["failed_checks"]:
        lines += ["", "Failed critical checks: " + ", ".join(map(_cell, summary["failed_checks"]))]
    if summary["stages"]:
        lines += ["", "| stage | seconds |", "| --- | ---: |"]
        lines += [f"| {k} | {v:.1f} |" for k, v in summary["stages"].items()]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\n", " ")
    )


def _link(location: str) -> str:
    return location if "://" in location else "file://" + location.replace(" ", "%20")


def publish_summary(summary: dict) -> None:
    """The summary as this flow run's Markdown artifact (keyed, so runs form a history)."""
    create_markdown_artifact(
        summary_markdown(summary), key=ARTIFACT_KEY, description="newsware run summary"
    )
