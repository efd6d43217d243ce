"""What a validation run needs besides the night's tables: run identity, history, thresholds."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

Severity = Literal["critical", "warning"]
LossSeries = Mapping[date, Mapping[str, int]]  # report_date -> category -> cumulative total


@dataclass(frozen=True)
class Thresholds:
    """Named limits; every field is one knob with its unit."""

    max_failing_fraction: float = 0.05  # share of a table's rows one critical check may fail
    # before the run stops instead of quarantining them (0.05 = 5 %) ...
    min_failing_rows_to_stop: int = 5  # ... once at least this many rows fail (small nights)
    volume_window_days: int = 14  # trailing calendar days for a source's daily baseline
    min_volume_history_days: int = 7  # days of history a source needs before it is judged
    min_volume_baseline: float = 3.0  # articles/day; quieter sources are too noisy to judge
    min_volume_ratio: float = 0.25  # a day below this x baseline: the source went silent
    max_volume_ratio: float = 2.0  # a day at or above this x baseline: the source doubled
    volume_severity: Severity = "warning"  # "critical" makes a volume anomaly stop the run
    max_reference_diff: int = 0  # allowed |total - public series| per loss category and day
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)  # by check name


@dataclass(frozen=True, eq=False)
class ValidationContext:
    run_id: str
    run_date: date  # UTC date of the run; the latest plausible capture date
    had_new_files: bool = True  # new, non-duplicate files landed: zero articles is then an error
    # Articles already published per source and capture day, this run excluded:
    # columns source (str), day (date), articles (int).
    volume_history: pd.DataFrame | None = None
    loss_history: LossSeries = field(default_factory=dict)  # the stored loss series
    reference_series: LossSeries | None = None  # the public daily series; None skips the check
    known_article_ids: Collection[str] = ()  # published ids the night's rows may point to
    thresholds: Thresholds = field(default_factory=Thresholds)
    # A night taken in chunks: rows validated per table and rows failed per critical check by
    # the chunks before this one, so the failing share that stops a run is the night's.
    earlier_rows: Mapping[str, int] = field(default_factory=dict)
    earlier_failing: Mapping[str, int] = field(default_factory=dict)


def default_reference_series() -> LossSeries | None:
    """The bundled public loss series, or None when that module or its data is absent."""
    try:
        from corpus.losses import load_series  # written by another engineer
    except ImportError:
        return None
    try:
        return load_series()
    except (OSError, ValueError):
        return None
