"""The data-quality report: one self-contained index page plus one page per run.

``build_report(con, out_dir)`` reads the catalog and writes ``out_dir/index.html`` and
``out_dir/runs/<run_id>.html`` atomically; ``render_index`` and ``render_run`` turn a
``ReportData`` into HTML and can be fed frames directly.
"""

from __future__ import annotations

import base64
import logging
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from reporting import svg
from reporting.data import ReportData, load_report_data
from reporting.html import card, e, number, page, pill, run_file, run_href, stat, table, when

__all__ = ["ReportData", "build_report", "load_report_data", "render_index", "render_run"]

MAX_SOURCES = 7  # volume chart: the biggest sources, the rest summed as "other sources"
LABELS = {
    "pass": "Passed",
    "warn": "Passed with warnings",
    "stop": "Stopped",
    "muted": "Nothing new",
}


@dataclass(frozen=True)
class RunSummary:
    run: dict[str, Any]  # the `runs` row
    checks: list[dict[str, Any]]  # its dq_results rows, failures first
    quarantined: int

    @property
    def run_id(self) -> str:
        return str(self.run["run_id"])

    @property
    def failed_critical(self) -> list[dict]:
        return [c for c in self.checks if not c["success"] and c["severity"] == "critical"]

    @property
    def failed_warning(self) -> list[dict]:
        return [c for c in self.checks if not c["success"] and c["severity"] != "critical"]

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c["success"])

    @property
    def rate(self) -> float:
        return self.passed / len(self.checks) if self.checks else 1.0

    @property
    def state(self) -> str:
        status = self.run.get("status")
        if status == "failed_validation":
            return "stop"
        if status == "nothing_new":
            return "muted"
        if status != "published" and self.failed_critical:
            return "stop"  # a run we only know from its checks
        if self.failed_critical or self.failed_warning:  # rows quarantined, or a warning
            return "warn"
        return "pass"


def summaries(data: ReportData) -> list[RunSummary]:
    """One summary per run, oldest first."""
    checks: dict[str, list[dict]] = {}
    for row in _records(data.checks):
        checks.setdefault(str(row["run_id"]), []).append(row)
    quarantined = (
        data.quarantine.groupby("run_id")["rows"].sum().to_dict() if len(data.quarantine) else {}
    )
    out = []
    for run in _records(data.runs):
        rows = sorted(
            checks.get(str(run["run_id"]), []),
            key=lambda c: (bool(c["success"]), c["severity"] != "critical", str(c["expectation"])),
        )
        out.append(RunSummary(run, rows, int(quarantined.get(run["run_id"], 0) or 0)))
    return out


# --- pages ---------------------------------------------------------------------------------------


def render_index(data: ReportData, charts: Sequence[tuple[str, str]] = ()) -> str:
    """The front page; `charts` are (title, path relative to the page) of PNGs to embed."""
    runs = summaries(data)
    parts = [
        '<header class="top"><h1>newsware · data quality</h1>'
        f'<span class="muted">generated {e(when(data.generated_at))}</span></header>'
    ]
    if not runs:
        parts.append(card("No runs yet", '<p class="empty">Run the nightly flow first.</p>'))
        return page(data.title, "".join(parts))
    last = runs[-1]
    parts.append(_verdict(last, link=True))
    parts.append(card(f"Checks in the last run ({len(last.checks)})", _checks(last.checks)))
    parts.append(card("Quarantined in the last run", _quarantine(data, last.run_id)))
    parts.append(card("Articles per source per day", _volumes(data.volumes)))
    parts.append(card("Checks passed per run", _pass_rate(runs)))
    for title, src in charts:
        img = f'<img src="{e(src)}" alt="{e(title)}" style="max-width:100%;height:auto">'
        parts.append(card(title, img))
    parts.append(card(f"Runs ({len(runs)})", _runs_table(runs)))
    parts.append(_footer())
    return page(data.title, "".join(parts))


def render_run(data: ReportData, run_id: str) -> str:
    by_id = {s.run_id: s for s in summaries(data)}
    if run_id not in by_id:
        raise KeyError(f"no run {run_id!r} in the report data")
    run = by_id[run_id]
    parts = [
        '<p class="crumb"><a href="../index.html">← All runs</a></p>'
        f'<header class="top"><h1>Run <code>{e(run_id)}</code></h1>'
        f'<span class="muted">generated {e(when(data.generated_at))}</span></header>',
        _verdict(run, link=False),
    ]
    tables = sorted({str(c["table"]) for c in run.checks})
    grouped = "".join(
        f"<h3>{e(t)}</h3>" + _check_table([c for c in run.checks if str(c["table"]) == t])
        for t in tables
    )
    parts.append(card(f"All checks ({len(run.checks)})", grouped or _none("No checks recorded.")))
    parts.append(card("Quarantined", _quarantine(data, run_id)))
    parts.append(_footer())
    return page(f"Run {run_id} · {data.title}", "".join(parts))


def build_report(con: duckdb.DuckDBPyConnection, out_dir: Path) -> Path:
    """Write the index and a page per run (run pages first, so no link ever dangles)."""
    data = load_report_data(con)
    out_dir = Path(out_dir)
    for run_id in data.runs["run_id"].astype(str):
        write_atomic(out_dir / "runs" / run_file(run_id), render_run(data, run_id))
    index = out_dir / "index.html"
    write_atomic(index, render_index(data, _charts(con, out_dir)))
    return index


CHARTS = (  # (title, file, drawer in reporting.plots); the volume chart is drawn inline
    ("Personnel losses reported by the General Staff", "losses.png", "losses"),
    ("Top tags per week", "tags.png", "tags"),
)


def _charts(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[tuple[str, str]]:
    """The `newsware plot` charts, drawn into charts/ beside the page and embedded as data
    URIs (the page's content policy loads nothing from elsewhere, not even beside it)."""
    from reporting import plots

    made = []
    for title, name, drawer in CHARTS:
        path = out_dir / "charts" / name
        try:
            getattr(plots, drawer)(con, path)
        except (duckdb.Error, ValueError) as failed:  # a chart must never cost the report
            logging.getLogger(__name__).warning("chart %s not drawn: %s", name, failed)
            continue
        made.append(
            (title, "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode())
        )
    return made


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- sections -----------------------------------------------------------------------------------


def _verdict(run: RunSummary, *, link: bool) -> str:
    r = run.run
    started, finished = _ts(r.get("started_at")), _ts(r.get("finished_at"))
    took = ""
    if started and finished:
        took = f" · took {_duration((finished - started).total_seconds())}"
    head = (
        f'<div class="verdict-head"><span class="verdict-word">{e(LABELS[run.state])}</span>'
        f'<span class="muted">run <code>{e(run.run_id)}</code> · {e(r.get("status") or "")}'
        f" · started {e(when(started) or when(r.get('run_date')))}{e(took)}</span></div>"
    )
    stats = "".join(
        stat(number(r.get(key)), label)
        for key, label in (
            ("files_new", "new files"),
            ("docs_decoded", "documents decoded"),
            ("articles_new", "new articles"),
            ("articles_updated", "updated articles"),
            ("duplicates", "duplicates folded"),
            ("quarantined", "quarantined"),
        )
        if key in r
    )
    stats += stat(f"{run.passed}/{len(run.checks)}", "checks passed")
    body = [head, f'<div class="stats">{stats}</div>']
    if run.failed_critical:
        body.append("<h3>Critical checks that failed</h3>" + _reasons(run.failed_critical))
    if run.failed_warning:
        body.append("<h3>Warnings</h3>" + _reasons(run.failed_warning))
    if link:
        body.append(f'<p><a href="{run_href(run.run_id)}">Every check of this run →</a></p>')
    return card("", "".join(body), extra_class=f"verdict {run.state}")


def _reasons(checks: list[dict]) -> str:
    items = "".join(
        f"<li><code>{e(c['expectation'])}</code>: {e(c['observed'])}</li>" for c in checks[:12]
    )
    more = f"<li class='muted'>… and {len(checks) - 12} more</li>" if len(checks) > 12 else ""
    return f'<ul class="reasons">{items}{more}</ul>'


def _checks(checks: list[dict]) -> str:
    failed = [c for c in checks if not c["success"]]
    passed = [c for c in checks if c["success"]]
    out = _check_table(failed) if failed else '<p class="muted">Every check passed.</p>'
    if passed:
        out += f"<details><summary>{len(passed)} passing checks</summary>{_check_table(passed)}</details>"
    return out


def _check_table(checks: list[dict]) -> str:
    if not checks:
        return _none("No checks.")
    rows = []
    for c in checks:
        if c["success"]:
            status = pill("passed", "pass")
        elif c["severity"] == "critical":
            status = pill("failed", "stop")
        else:
            status = pill("warning", "warn")
        severity = pill(str(c["severity"]), "info" if c["severity"] == "critical" else "muted")
        rows.append(
            (
                status,
                severity,
                f"<code>{e(c['expectation'])}</code>",
                f'<span class="observed">{e(c["observed"])}</span>',
                e(number(c.get("unexpected_count"))),
            )
        )
    headers = ["Status", "Severity", "Check", "Observed", "Failing rows"]
    return table(headers, rows, numeric=[4], css="checks")


def _quarantine(data: ReportData, run_id: str) -> str:
    reasons = data.quarantine[data.quarantine["run_id"].astype(str) == run_id]
    if not len(reasons):
        return '<p class="muted">Nothing was quarantined.</p>'
    examples = data.examples[data.examples["run_id"].astype(str) == run_id]
    rows = []
    for r in _records(reasons):
        shown = examples[(examples["stage"] == r["stage"]) & (examples["reason"] == r["reason"])]
        items = "".join(
            f"<li><code>{e(x['path'])}</code> {e(_clip(x['detail']))}</li>" for x in _records(shown)
        )
        rows.append(
            (
                e(r["stage"]),
                f"<code>{e(r['reason'])}</code>",
                e(number(r["rows"])),
                f'<ul class="examples">{items}</ul>' if items else "",
            )
        )
    total = int(reasons["rows"].sum())
    return f'<p class="muted">{e(number(total))} records in {len(rows)} reasons.</p>' + table(
        ["Stage", "Reason", "Rows", "Examples"], rows, numeric=[2]
    )


def _volumes(volumes: pd.DataFrame) -> str:
    if not len(volumes):
        return _none("No articles yet.")
    frame = volumes.assign(
        day=pd.to_datetime(volumes["day"]).dt.date, source=volumes["source"].astype(str)
    )
    totals = frame.groupby("source")["articles"].sum().sort_values(ascending=False)
    top = list(totals.index[:MAX_SOURCES])
    if len(totals) > MAX_SOURCES:
        frame = frame.assign(
            source=frame["source"].where(frame["source"].isin(top), "other sources")
        )
        top.append("other sources")
    per_day = frame.groupby(["source", "day"])["articles"].sum()
    series = {s: [(d, float(v)) for d, v in per_day.xs(s, level="source").items()] for s in top}
    chart = svg.lines_by_day(series, label="Articles captured per source per day", unit=" articles")
    return chart + svg.legend(top)


def _pass_rate(runs: list[RunSummary]) -> str:
    points = [
        svg.RunPoint(
            label=when(_ts(r.run.get("started_at")) or r.run.get("run_date"))[:10],
            tooltip=f"{r.run_id}: {r.passed}/{len(r.checks)} checks passed, {LABELS[r.state]}",
            rate=r.rate,
            state=r.state,
            href=run_href(r.run_id),
        )
        for r in runs
    ]
    legend = " ".join(pill(LABELS[s], s) for s in ("pass", "warn", "stop", "muted"))
    return (
        svg.pass_rate(points, label="Share of checks passed per run")
        + f'<p class="legend">{legend}</p>'
    )


def _runs_table(runs: list[RunSummary]) -> str:
    rows = []
    for r in reversed(runs):
        run = r.run
        rows.append(
            (
                f'<a href="{run_href(r.run_id)}"><code>{e(r.run_id)}</code></a>',
                e(when(_ts(run.get("started_at")) or run.get("run_date"))),
                pill(LABELS[r.state], r.state),
                e(number(run.get("files_new"))),
                e(number(run.get("articles_new"))),
                e(number(run.get("articles_updated"))),
                e(number(run.get("duplicates"))),
                e(number(r.quarantined or run.get("quarantined"))),
                e(f"{r.passed}/{len(r.checks)}"),
            )
        )
    headers = [
        "Run",
        "Started",
        "Verdict",
        "New files",
        "New articles",
        "Updated",
        "Duplicates",
        "Quarantined",
        "Checks passed",
    ]
    return table(headers, rows, numeric=range(3, 9))


def _footer() -> str:
    return (
        "<footer>Checks are Great Expectations suites (expectations/); a failed critical check "
        "stops a run before publishing, failing rows are quarantined with the check's name as "
        "reason, warnings never stop a run.</footer>"
    )


# --- small helpers ------------------------------------------------------------------------------


def _none(message: str) -> str:
    return f'<p class="empty">{e(message)}</p>'


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if _missing(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _ts(value: object) -> datetime | None:
    if _missing(value) or not isinstance(value, datetime):
        return None
    ts = pd.Timestamp(value)
    return (ts.tz_convert(UTC) if ts.tzinfo else ts.tz_localize(UTC)).to_pydatetime()


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _clip(text: object, limit: int = 200) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"
