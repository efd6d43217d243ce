"""Custom Great Expectations for newsware's contract and domain rules (pandas engine).

Importing this module registers the metrics and expectations with GX. Row-level rules are map
expectations, so GX reports the failing row indices and the runner can quarantine exactly those
rows. Rules that need history (the stored loss series, the public reference series) read it from
``ctx_*`` columns the runner adds to the batch (see ``expectations/loss_reports.py``), so the
suites are built once per process and stay the same from night to night.
"""

from __future__ import annotations

import bisect
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from great_expectations.compatibility import pydantic
from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.core.suite_parameters import SuiteParameterDict
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import (
    BatchExpectation,
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    MulticolumnMapExpectation,
)
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    ColumnPairMapMetricProvider,
    MulticolumnMapMetricProvider,
    column_condition_partial,
    column_pair_condition_partial,
    multicolumn_condition_partial,
)
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider

from warehouse.schemas import TABLES

# --- helpers ------------------------------------------------------------------------------------


def utc(series: pd.Series) -> pd.Series:
    """Dates, naive or aware datetimes as aware UTC timestamps (naive values are taken as UTC)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC")
    return pd.to_datetime(series, utc=True, errors="coerce", format="ISO8601")


def days(series: pd.Series) -> pd.Series:
    """The UTC calendar day of each value, as naive midnight timestamps."""
    return utc(series).dt.tz_localize(None).dt.normalize()


def arrow(series: pd.Series) -> pa.ChunkedArray:
    """A column as Arrow (zero-copy when it already is); always chunked, whatever pandas holds."""
    values = pa.array(series, from_pandas=True)
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])


def longest_non_decreasing(values: list[float]) -> np.ndarray:
    """Mask of one longest non-decreasing subsequence (patience sort, O(n log n)).

    Rows outside it are the fewest that must go for the series to never fall; on a tie the
    later, lower value is kept, so a one-day spike is blamed rather than everything after it.
    """
    tails: list[float] = []
    tail_at: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        j = bisect.bisect_right(tails, v)
        if j == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[j] = v
            tail_at[j] = i
        prev[i] = tail_at[j - 1] if j else -1
    keep = np.zeros(len(values), dtype=bool)
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep[i] = True
        i = prev[i]
    return keep


# --- types against the warehouse schema ---------------------------------------------------------


class TableArrowCastErrors(TableMetricProvider):
    """Per column of the warehouse schema present in the batch: why it cannot be cast, if so."""

    metric_name = "table.newsware_arrow_cast_errors"
    value_keys = ("table_name",)

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(
        cls,
        execution_engine: PandasExecutionEngine,
        metric_domain_kwargs: dict,
        metric_value_kwargs: dict,
        metrics: dict[str, Any],
        runtime_configuration: dict,
    ) -> dict[str, str]:
        df, _, _ = execution_engine.get_compute_domain(
            domain_kwargs=metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE
        )
        errors: dict[str, str] = {}
        for field in TABLES[metric_value_kwargs["table_name"]].schema:
            if field.name not in df.columns:
                continue  # the columns-present expectation reports it
            column = df[field.name]
            try:
                pa.Array.from_pandas(column, type=field.type)
                # Arrow reads a str as a list of characters: "Jane Doe" would become 8 authors
                if pa.types.is_list(field.type) and column.map(_is_text).any():
                    raise TypeError("a text value where a list is expected")
            except (pa.ArrowException, ValueError, TypeError, OverflowError) as exc:
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                errors[field.name] = f"{column.dtype} is not {field.type}: {message}"[:200]
        return errors


def _is_text(value: object) -> bool:
    return isinstance(value, str | bytes)


class ExpectTableColumnsToCastToWarehouseTypes(BatchExpectation):
    """Every schema column present in the batch casts safely to its Arrow type in
    ``warehouse/schemas.py`` (no overflow, truncation or wrong kind), so publish cannot fail."""

    table_name: str

    metric_dependencies: ClassVar[tuple[str, ...]] = ("table.newsware_arrow_cast_errors",)
    success_keys: ClassVar[tuple[str, ...]] = ("table_name",)

    def _validate(self, metrics: dict, runtime_configuration=None, execution_engine=None) -> dict:
        errors = metrics["table.newsware_arrow_cast_errors"]
        observed = "; ".join(f"{k}: {v}" for k, v in errors.items()) or "all types match"
        return {"success": not errors, "result": {"observed_value": observed}}


# --- referential integrity ---------------------------------------------------------------------

# Key sets the runner publishes for the validation in progress (under its lock), by name. The
# expectation's configuration carries only the name: GX re-serialises every parameter of a check
# dozens of times per run, so a 100,000-id value_set made one night take minutes.
KEY_SETS: dict[str, pa.Array] = {}  # name -> distinct string keys


class ColumnValuesInKeySet(ColumnMapMetricProvider):
    condition_metric_name = "column_values.newsware_in_key_set"
    condition_value_keys = ("key_set",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column: pd.Series, key_set: str, **kwargs) -> pd.Series:
        # Arrow's is_in: pandas' own isin on str columns boxes every key (4 s for 100,000)
        keys = KEY_SETS[key_set]
        try:
            values = arrow(column).cast(keys.type)
        except (pa.ArrowException, TypeError, ValueError):
            return column.isin(keys.to_pylist())  # not text: compare as Python objects
        found = pc.is_in(values, value_set=keys).fill_null(False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=column.index)


class ExpectColumnValuesToBeInKeySet(ColumnMapExpectation):
    """Every non-null value is a key of the named set (e.g. ``article_ids``: the night's
    articles plus the published ids it may point to); an unpublished set fails the check."""

    key_set: str
    map_metric = "column_values.newsware_in_key_set"
    success_keys = ("key_set", "mostly")


# --- chronology ---------------------------------------------------------------------------------


class ColumnPairNotAfter(ColumnPairMapMetricProvider):
    condition_metric_name = "column_pair_values.newsware_a_not_after_b"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_A",
        "column_B",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )
    condition_value_keys = ("slack_days", "unit")

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A, column_B, **kwargs):  # noqa: N803 (GX's argument names)
        slack = pd.Timedelta(days=kwargs.get("slack_days") or 0)
        if (kwargs.get("unit") or "day") == "day":
            return days(column_A) <= days(column_B) + slack
        return utc(column_A) <= utc(column_B) + slack


class ExpectColumnPairValuesANotAfterB(ColumnPairMapExpectation):
    """A is not later than B + ``slack_days`` (dates, naive-UTC or aware timestamps mix freely).

    With ``unit="day"`` only UTC calendar days are compared: ``published_at`` on the day after
    ``capture_date`` passes with ``slack_days=1``, two days after fails. Rows where either value
    is missing are skipped (not-null is a separate expectation).
    """

    slack_days: int = 0
    unit: Literal["day", "exact"] = "day"
    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = (
        "either_value_is_missing"
    )

    map_metric = "column_pair_values.newsware_a_not_after_b"
    success_keys = ("column_A", "column_B", "ignore_row_if", "slack_days", "unit", "mostly")


# --- General Staff loss series ------------------------------------------------------------------
# Column order is part of each rule's contract; the runner adds the ctx_* columns.


class LossTotalsNeverFall(MulticolumnMapMetricProvider):
    condition_metric_name = "multicolumn_values.newsware_loss_totals_never_fall"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs) -> pd.Series:
        date_c, cat_c, total_c, floor_c, ceiling_c = column_list.columns
        total = column_list[total_c]
        ok = ~(
            (total < column_list[floor_c]).fillna(False)
            | (total > column_list[ceiling_c]).fillna(False)
        )
        frame = column_list.assign(_day=days(column_list[date_c]))
        frame = frame[ok & total.notna() & frame["_day"].notna()]
        for _, group in frame.groupby(cat_c, sort=False):
            group = group.sort_values(["_day", total_c], kind="stable")
            keep = longest_non_decreasing(group[total_c].astype(float).tolist())
            ok.loc[group.index[~keep]] = False
        return ok


class ExpectLossTotalsToNeverFall(MulticolumnMapExpectation):
    """A cumulative total never falls as report_date advances, per category.

    ``column_list`` = [report_date, category, total, floor, ceiling]: floor is the highest stored
    total before the row's date, ceiling the lowest stored total after it (either may be null).
    A row outside [floor, ceiling] fails; within the batch, the rows outside one longest
    non-decreasing run fail (the fewest rows whose removal restores the rule).
    """

    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
    map_metric = "multicolumn_values.newsware_loss_totals_never_fall"
    success_keys = ("mostly",)


class LossDeltasMatchTotals(MulticolumnMapMetricProvider):
    condition_metric_name = "multicolumn_values.newsware_loss_deltas_match_totals"
    condition_domain_keys = LossTotalsNeverFall.condition_domain_keys

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs) -> pd.Series:
        date_c, cat_c, total_c, delta_c, stored_prev_c = column_list.columns
        day = days(column_list[date_c])
        known = column_list.assign(_day=day).dropna(subset=["_day", total_c])
        per_day = known.groupby([cat_c, "_day"])[total_c].agg(["nunique", "first"])
        single = per_day.loc[per_day["nunique"] == 1, "first"]
        wanted = pd.MultiIndex.from_arrays([column_list[cat_c], day - pd.Timedelta(days=1)])
        batch_prev = pd.Series(single.reindex(wanted).to_numpy(), index=column_list.index)
        prev = column_list[stored_prev_c].astype(float).fillna(batch_prev.astype(float))
        expected = column_list[total_c].astype(float) - prev
        delta = column_list[delta_c].astype(float)
        return ~(delta.notna() & expected.notna() & (delta != expected))


class ExpectLossDeltasToMatchTotals(MulticolumnMapExpectation):
    """delta(d) = total(d) - total(d-1) whenever both days' totals are known.

    ``column_list`` = [report_date, category, total, delta, stored_previous_total]: the previous
    day's total comes from the stored series, else from the batch when the batch gives that day
    a single figure. Rows without a delta or without a previous day pass.
    """

    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
    map_metric = "multicolumn_values.newsware_loss_deltas_match_totals"
    success_keys = ("mostly",)


class LossRestatementsAgree(MulticolumnMapMetricProvider):
    condition_metric_name = "multicolumn_values.newsware_loss_restatements_agree"
    condition_domain_keys = LossTotalsNeverFall.condition_domain_keys

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs) -> pd.Series:
        date_c, cat_c, total_c, pages_c, stored_c = column_list.columns
        key = [column_list[cat_c], days(column_list[date_c])]
        figures = column_list[total_c].groupby(key).transform("nunique")
        pages = column_list[pages_c].fillna(1)
        most = pages == pages.groupby(key).transform("max")
        clear = most & (most.groupby(key).transform("sum") == 1)  # one figure most pages gave
        outvoted = (figures > 1) & ~clear
        clash = column_list[stored_c].notna() & (column_list[total_c] != column_list[stored_c])
        return ~(outvoted.fillna(False) | clash.fillna(False))


class ExpectLossRestatementsToAgree(MulticolumnMapExpectation):
    """The same report restated on several pages gives one total per report_date and category.

    ``column_list`` = [report_date, category, total, times_reported, stored_total]: where a
    (date, category) has two figures in the batch, the figure most pages gave stands and the
    others fail (all fail on a tie: nothing to prefer), and a row whose figure differs from
    the one already published for that day fails. One misread page then costs its own rows,
    not the hundred pages that agree.
    """

    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
    map_metric = "multicolumn_values.newsware_loss_restatements_agree"
    success_keys = ("mostly",)


class LossTotalsMatchReference(MulticolumnMapMetricProvider):
    condition_metric_name = "multicolumn_values.newsware_loss_totals_match_reference"
    condition_domain_keys = LossTotalsNeverFall.condition_domain_keys
    condition_value_keys = ("max_abs_diff",)

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs) -> pd.Series:
        total_c, reference_c = column_list.columns
        diff = (column_list[total_c].astype(float) - column_list[reference_c].astype(float)).abs()
        return ~(diff > (kwargs.get("max_abs_diff") or 0)).fillna(False)


class ExpectLossTotalsToMatchReference(MulticolumnMapExpectation):
    """A total agrees with the public daily series (``column_list`` = [total, reference_total]);
    days or categories the series lacks pass."""

    max_abs_diff: int | SuiteParameterDict = 0
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
    map_metric = "multicolumn_values.newsware_loss_totals_match_reference"
    success_keys = ("mostly", "max_abs_diff")


# --- volume -------------------------------------------------------------------------------------


class VolumeWithinBaseline(MulticolumnMapMetricProvider):
    condition_metric_name = "multicolumn_values.newsware_volume_within_baseline"
    condition_domain_keys = LossTotalsNeverFall.condition_domain_keys
    condition_value_keys = ("min_ratio", "max_ratio")

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs) -> pd.Series:
        count_c, baseline_c = column_list.columns
        count = column_list[count_c].astype(float)
        baseline = column_list[baseline_c].astype(float)
        bad = pd.Series(False, index=column_list.index)
        if kwargs.get("min_ratio") is not None:
            bad |= (count < kwargs["min_ratio"] * baseline).fillna(False)
        if kwargs.get("max_ratio") is not None:
            bad |= (count >= kwargs["max_ratio"] * baseline).fillna(False)
        return ~bad


class ExpectVolumeWithinBaseline(MulticolumnMapExpectation):
    """A day's count (``column_list`` = [count, baseline]) is at least ``min_ratio`` x baseline and
    below ``max_ratio`` x baseline; rows without a baseline (too little history) pass."""

    min_ratio: float | SuiteParameterDict | None = None
    max_ratio: float | SuiteParameterDict | None = None
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"
    map_metric = "multicolumn_values.newsware_volume_within_baseline"
    success_keys = ("mostly", "min_ratio", "max_ratio")

    @pydantic.root_validator(skip_on_failure=True)
    def _one_bound(cls, values: dict) -> dict:
        if values.get("min_ratio") is None and values.get("max_ratio") is None:
            raise ValueError("give min_ratio, max_ratio or both")
        return values
