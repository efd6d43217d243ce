"""Validate a night's tables with the Great Expectations suites and decide what happens next.

``validate(tables, context)`` runs one GX checkpoint per table (plus the per-source volume
suite) on an ephemeral context that is built once per process, and returns:

- ``dq_rows``: one row per expectation, shaped like the ``dq_results`` table;
- ``failing_rows``: per table and critical check, the failing row positions, to quarantine with
  the check's name as reason (the run then proceeds without them);
- ``critical_failures``: why the run must stop (a failed batch-level critical check, a critical
  row-level check failing more than ``max_failing_fraction`` of a table and at least
  ``min_failing_rows_to_stop`` rows, a ledger or run-table row failing, a check that could not
  run). ``passed`` is true when there are none.

Warnings never stop a run and never quarantine; their rows are in ``warning_rows``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter
from types import ModuleType
from typing import Any

import great_expectations as gx
import pandas as pd
import pyarrow as pa
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.execution_engine import pandas_execution_engine

from expectations import (
    article_versions,
    articles,
    authors,
    boilerplate_lines,
    custom,
    dq_results,
    duplicates,
    entities,
    live_updates,
    loss_reports,
    quarantine,
    quotes,
    raw_files,
    related_links,
    runs,
    volume,
)
from expectations.context import ValidationContext
from expectations.contract import ARTICLE_IDS
from warehouse.schemas import DQ_RESULTS, TABLES

# GX is chatty at INFO; one of its module loggers is pinned at INFO and announces a temporary
# docs folder on every validation, so it is quietened by name too
logging.getLogger("great_expectations").setLevel(logging.WARNING)
logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)

TABLE_SUITES: dict[str, ModuleType] = {
    m.TABLE: m
    for m in (
        articles,
        article_versions,
        live_updates,
        loss_reports,
        quotes,
        entities,
        authors,
        related_links,
        boilerplate_lines,
        duplicates,
        raw_files,
        quarantine,
        dq_results,
        runs,
    )
}
if set(TABLE_SUITES) != set(TABLES):
    raise RuntimeError(f"tables without a suite: {sorted(set(TABLES) - set(TABLE_SUITES))}")


@dataclass
class ValidationOutcome:
    run_id: str
    run_date: date
    dq_rows: list[dict[str, Any]] = field(default_factory=list)
    failing_rows: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    warning_rows: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    critical_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0  # wall time of validate()

    @property
    def passed(self) -> bool:
        return not self.critical_failures

    @property
    def verdict(self) -> str:
        """stop (publish nothing) | quarantine (publish the rest) | warn | pass."""
        if self.critical_failures:
            return "stop"
        if any(self.failing_rows.values()):
            return "quarantine"
        return "warn" if self.warnings else "pass"

    def dq_table(self) -> pa.Table:
        return pa.Table.from_pylist(self.dq_rows, schema=DQ_RESULTS.schema)

    def quarantine_reasons(self, table: str) -> dict[int, str]:
        """Row position -> the first critical check it failed (suite order), for one table."""
        reasons: dict[int, str] = {}
        for name, rows in self.failing_rows.get(table, {}).items():
            for row in rows:
                reasons.setdefault(row, name)
        return reasons


class _Engine:
    """The GX objects, built once: one pandas data source, and per suite a dataframe asset,
    a whole-dataframe batch definition, the suite, a validation definition and a checkpoint."""

    def __init__(self) -> None:
        # GX fingerprints every pandas batch for its batch markers (md5 of the whole frame,
        # pickled when a column holds lists): 2 of 3 seconds on 100,000 articles, used by
        # nothing here. A threshold of 0 bytes skips it.
        pandas_execution_engine.HASH_THRESHOLD = 0

        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = self.context.data_sources.add_pandas("newsware")
        self.source = source
        suites = {name: m.expectations() for name, m in TABLE_SUITES.items()}
        suites[volume.SUITE] = volume.expectations()
        self.checkpoints = {}
        # suite order, so results, dq rows and quarantine reasons come out in a stable order
        self.order = {c.meta["name"]: i for checks in suites.values() for i, c in enumerate(checks)}
        for name, checks in suites.items():
            batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
            suite = self.context.suites.add(gx.ExpectationSuite(name=name, expectations=checks))
            definition = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite)
            )
            self.checkpoints[name] = self.context.checkpoints.add(
                gx.Checkpoint(
                    name=name,
                    validation_definitions=[definition],
                    result_format={"result_format": "COMPLETE"},
                )
            )

    def run(self, suite: str, frame: pd.DataFrame, parameters: dict[str, Any]) -> list:
        result = self.checkpoints[suite].run(
            batch_parameters={"dataframe": frame}, expectation_parameters=parameters
        )
        self._forget_batches()
        (validation,) = result.run_results.values()
        return sorted(
            validation.results, key=lambda r: self.order[r.expectation_config.meta["name"]]
        )

    def _forget_batches(self) -> None:
        """Drop the frame GX keeps of the batch it just validated: one per suite, it would
        hold the last chunk's tables (hundreds of MB on a big night) until the next run."""
        manager = self.source.get_execution_engine().batch_manager
        manager.reset_batch_cache()
        manager.batch_data_cache.clear()


_lock = threading.Lock()  # a GX context is not thread-safe


@functools.cache
def engine() -> _Engine:
    return _Engine()


def suite_parameters(context: ValidationContext) -> dict:
    """Values the suites leave as ``$PARAMETER``, so one built suite serves every night."""
    th = context.thresholds
    return {
        "min_articles": 1 if context.had_new_files else 0,
        "min_volume_ratio": th.min_volume_ratio,
        "max_volume_ratio": th.max_volume_ratio,
        "max_reference_diff": th.max_reference_diff,
    }


def key_sets(
    frames: Mapping[str, pd.DataFrame], context: ValidationContext, dropped: Collection[int] = ()
) -> dict:
    """Sets the referential checks look keys up in: ``article_ids`` is the night's articles,
    less the rows being quarantined (``dropped`` positions), plus ``context.known_article_ids``.
    So the quotes, entities, ... of a quarantined article are quarantined with it."""
    parts = [pa.array(list(context.known_article_ids), type=pa.string())]
    if "article_id" in frames["articles"]:
        kept = frames["articles"]["article_id"]
        if dropped:
            kept = kept.drop(index=kept.index[sorted(dropped)])
        # not text: the articles type check fails and stops the run
        with contextlib.suppress(pa.ArrowException, TypeError, ValueError):
            parts += custom.arrow(kept).cast(pa.string()).drop_null().chunks
    return {ARTICLE_IDS: pa.concat_arrays(parts).unique()}


def validate(
    tables: Mapping[str, pd.DataFrame | pa.Table], context: ValidationContext
) -> ValidationOutcome:
    """Validate the night's tables (any subset of warehouse tables; ``articles`` is always
    checked, empty if absent). Row numbers in the outcome are positions in the given frames."""
    started = perf_counter()
    unknown = set(tables) - set(TABLE_SUITES)
    if unknown:
        raise ValueError(f"no suite for {sorted(unknown)}; tables are {sorted(TABLE_SUITES)}")
    frames = {name: _frame(t) for name, t in tables.items()}
    frames.setdefault("articles", TABLES["articles"].schema.empty_table().to_pandas())
    parameters = suite_parameters(context)
    outcome = ValidationOutcome(context.run_id, context.run_date)
    with _lock:
        gx_engine = engine()
        try:
            # articles first: the other tables' references exclude its quarantined rows
            for name in sorted(frames, key=lambda t: t != "articles"):
                if name != "articles" and ARTICLE_IDS not in custom.KEY_SETS:
                    dropped = outcome.quarantine_reasons("articles")
                    custom.KEY_SETS.update(key_sets(frames, context, dropped))
                module = TABLE_SUITES[name]
                prepare = getattr(module, "prepare", None)
                frame = frames[name]
                batch = prepare(frame, frames, context) if prepare else frame
                results = gx_engine.run(name, batch, parameters)
                _collect(outcome, context, name, module.QUARANTINABLE, results)
            counts = volume.volume_frame(frames["articles"], context)
            results = gx_engine.run(volume.SUITE, counts, parameters)
            _collect(
                outcome,
                context,
                volume.TABLE,
                volume.QUARANTINABLE,
                results,
                describe=lambda rows: volume.describe(counts, rows),
            )
        finally:
            custom.KEY_SETS.clear()
    outcome.seconds = perf_counter() - started
    return outcome


def _frame(table: pd.DataFrame | pa.Table) -> pd.DataFrame:
    frame = table.to_pandas() if isinstance(table, pa.Table) else table
    if (
        not isinstance(frame.index, pd.RangeIndex)
        or frame.index.start != 0
        or frame.index.step != 1
    ):
        frame = frame.reset_index(drop=True)
    return frame


def _collect(
    outcome: ValidationOutcome,
    context: ValidationContext,
    table: str,
    quarantinable: bool,
    results: list,
    describe=None,
) -> None:
    th = context.thresholds
    for result in results:
        config = result.expectation_config
        name = config.meta["name"]
        severity = th.severity_overrides.get(name) or (
            th.volume_severity if name in volume.CHECKS else config.severity.value
        )
        details = result.result or {}
        error = _error(result)
        rows = [int(i) for i in details.get("unexpected_index_list") or []]
        row_level = "unexpected_count" in details and "element_count" in details
        success = bool(result.success) and error is None
        observed = _observed(details, error)
        if not success and describe is not None and rows:
            observed = describe(rows)
        outcome.dq_rows.append(
            {
                "run_id": context.run_id,
                "table": table,
                "expectation": name,
                "severity": severity,
                "success": success,
                "observed": observed,
                "unexpected_count": details.get("unexpected_count"),
                "run_date": context.run_date,
            }
        )
        if success:
            continue
        label = f"{name}: {observed}"
        if severity != "critical":
            outcome.warnings.append(label)
            if row_level and quarantinable and rows:
                outcome.warning_rows.setdefault(table, {})[name] = rows
        elif error is not None or not row_level or not quarantinable:
            outcome.critical_failures.append(label)
        else:
            outcome.failing_rows.setdefault(table, {})[name] = rows
            failing = details["unexpected_count"] + context.earlier_failing.get(name, 0)
            rows_seen = details["element_count"] + context.earlier_rows.get(table, 0)
            share = failing / max(rows_seen, 1)
            if share > th.max_failing_fraction and failing >= th.min_failing_rows_to_stop:
                outcome.critical_failures.append(
                    f"{name}: {share:.1%} of {table} rows fail, above the "
                    f"{th.max_failing_fraction:.1%} a night may quarantine"
                )


def _error(result) -> str | None:
    info = result.exception_info or {}
    if "raised_exception" in info:
        infos = [info]
    else:
        infos = [v for v in info.values() if isinstance(v, dict)]
    for item in infos:
        if item.get("raised_exception"):
            message = str(item.get("exception_message") or "check could not run")
            return message.strip().splitlines()[0][:300] if message.strip() else "error"
    return None


def _short(value: Any, limit: int = 60, quote: bool = True) -> str:
    text = repr(value) if quote and isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _observed(details: dict, error: str | None) -> str:
    if error is not None:
        return f"error: {error}"
    if "unexpected_count" in details and "element_count" in details:
        total, failing = details["element_count"], details["unexpected_count"] or 0
        text = f"{failing:,} of {total:,} rows fail"
        if total:
            text += f" ({failing / total:.2%})"
        examples = details.get("partial_unexpected_list") or []
        if failing and examples:
            text += "; e.g. " + ", ".join(_short(v) for v in examples[:3])
        return text
    mismatch = (details.get("details") or {}).get("mismatched")
    if mismatch:  # expect_table_columns_to_match_set
        return "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in mismatch.items() if v)
    observed = details.get("observed_value")
    if isinstance(observed, list):
        return f"{len(observed)} columns"
    return _short(observed, 300, quote=False)
