"""Glue between the flow and the data-quality gate and report (plain functions, no Prefect)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from expectations.context import Thresholds, ValidationContext, default_reference_series
from expectations.runner import ValidationOutcome, validate
from transforms.assemble import RunInfo
from transforms.quarantine import quarantine_rows
from warehouse import catalog
from warehouse.snapshot import Snapshot
from warehouse.warehouse import Warehouse

AUDIT = ("raw_files", "quarantine", "dq_results", "runs")  # never validated row by row here


@dataclass
class Outcome:
    tables: dict[str, pa.Table]
    critical_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    checked_rows: dict[str, int] = field(default_factory=dict)  # rows validated per table


@dataclass
class NightSoFar:
    """What the earlier chunks of a night brought to validation: the share of failing rows
    that stops a run is the whole night's, not one chunk's (a chunk holds few loss reports,
    so one misread report date would otherwise stop a million-file night)."""

    rows: Counter = field(default_factory=Counter)  # table -> rows validated
    failing: Counter = field(default_factory=Counter)  # check -> rows failed

    def add(self, outcome: Outcome, dq: pa.Table) -> None:
        self.rows.update(outcome.checked_rows)
        for check, success, failed in zip(
            dq["expectation"].to_pylist(),
            dq["success"].to_pylist(),
            dq["unexpected_count"].to_pylist(),
            strict=True,
        ):
            if not success and failed:
                self.failing[check] += failed


def run_checks(
    tables: dict[str, pa.Table],
    wh: Warehouse,
    snap: Snapshot,
    run: RunInfo,
    thresholds: Thresholds | None = None,
    earlier: NightSoFar | None = None,
) -> Outcome:
    """Validate the night's rows; failing rows go to quarantine, a critical batch failure
    is reported for the flow to stop on."""
    ledger = tables["raw_files"]
    statuses = ledger["status"].to_pylist()
    parse_rejects = sum(
        1 for s in tables["quarantine"]["stage"].to_pylist() if s in ("parse", "extract")
    )
    referenced = {
        a
        for name in (
            "duplicates",
            "article_versions",
            "quotes",
            "entities",
            "related_links",
            "loss_reports",
        )
        for a in tables[name]
        .column("canonical_id" if name == "duplicates" else "article_id")
        .to_pylist()
        if a
    }
    context = ValidationContext(
        run_id=run.run_id,
        run_date=run.run_date,
        had_new_files=statuses.count("published") + parse_rejects > 0,
        volume_history=wh.volume_history(snap, run.run_date),
        loss_history=wh.loss_series(snap),
        reference_series=default_reference_series(),
        known_article_ids=frozenset(wh.article_state(snap, sorted(referenced))),
        thresholds=thresholds or Thresholds(),
        earlier_rows=dict(earlier.rows) if earlier else {},
        earlier_failing=dict(earlier.failing) if earlier else {},
    )
    checked = {name: t for name, t in tables.items() if name not in AUDIT}
    outcome: ValidationOutcome = validate(checked, context)
    reasons = {name: outcome.quarantine_reasons(name) for name in checked}
    out = quarantine_rows(tables, reasons, run.run_id, run.run_date)
    out["dq_results"] = outcome.dq_table()
    return Outcome(
        out,
        list(outcome.critical_failures),
        list(outcome.warnings),
        outcome.seconds,
        {name: t.num_rows for name, t in checked.items()},
    )


def build_report(wh: Warehouse) -> str:
    """Write the data-quality report next to the catalog; returns the index page's location."""
    from reporting.build import build_report as render

    con = catalog.connect(wh.store)
    try:
        if wh.store.is_local:
            return str(render(con, Path(wh.store.path("reports"))))
        import tempfile

        local = Path(tempfile.mkdtemp(prefix="newsware-report-"))
        render(con, local)
        wh.store.fs.put(str(local), wh.store.path("reports"), recursive=True)
        return wh.store.uri("reports/index.html")
    finally:
        con.close()
