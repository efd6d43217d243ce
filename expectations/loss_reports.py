"""Checks for `loss_reports`: the General Staff's cumulative loss figures per day and category.

The domain rules need what is already known: `prepare` adds ``ctx_*`` columns from the stored
series, the public reference series and the night's pages, so the suite itself never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
from great_expectations.expectations.expectation import Expectation

from expectations.context import LossSeries, ValidationContext
from expectations.contract import (
    WARNING,
    at_least_one,
    check,
    contract_checks,
    non_negative,
    one_of,
    references_articles,
)
from expectations.custom import (
    ExpectColumnPairValuesANotAfterB,
    ExpectLossDeltasToMatchTotals,
    ExpectLossRestatementsToAgree,
    ExpectLossTotalsToMatchReference,
    ExpectLossTotalsToNeverFall,
    days,
)
from transforms.extract.losses import CATEGORIES as EXTRACTED_CATEGORIES
from warehouse.schemas import LOSS_REPORTS

TABLE = LOSS_REPORTS.name
QUARANTINABLE = True
CATEGORIES: tuple[str, ...] = EXTRACTED_CATEGORIES  # one list, owned by the extractor
SERIES_START = date(2022, 2, 24)  # totals count from the full-scale invasion

CTX_FLOOR = "ctx_stored_floor"  # highest stored total before report_date
CTX_CEILING = "ctx_stored_ceiling"  # lowest stored total after report_date
CTX_STORED = "ctx_stored_total"  # stored total on report_date
CTX_PREVIOUS = "ctx_stored_previous"  # stored total on report_date - 1 day
CTX_REFERENCE = "ctx_reference_total"  # public series total on report_date
CTX_CAPTURED = "ctx_capture_date"  # capture date of the page that reported it


def expectations() -> list[Expectation]:
    return [
        *contract_checks(LOSS_REPORTS),
        one_of(TABLE, "category", CATEGORIES),
        *non_negative(TABLE, "total", "delta"),
        *at_least_one(TABLE, "times_reported"),
        check(
            f"{TABLE}.report_date_since_2022_02_24",
            gxe.ExpectColumnValuesToBeBetween,
            column="report_date",
            min_value=SERIES_START,
        ),
        check(
            f"{TABLE}.report_date_not_after_capture",
            ExpectColumnPairValuesANotAfterB,
            column_A="report_date",
            column_B=CTX_CAPTURED,
        ),
        check(
            f"{TABLE}.totals_never_fall",
            ExpectLossTotalsToNeverFall,
            column_list=["report_date", "category", "total", CTX_FLOOR, CTX_CEILING],
        ),
        check(
            f"{TABLE}.delta_matches_totals",
            ExpectLossDeltasToMatchTotals,
            column_list=["report_date", "category", "total", "delta", CTX_PREVIOUS],
        ),
        check(
            f"{TABLE}.restatements_agree",
            ExpectLossRestatementsToAgree,
            column_list=["report_date", "category", "total", "times_reported", CTX_STORED],
        ),
        check(
            f"{TABLE}.totals_match_public_series",
            ExpectLossTotalsToMatchReference,
            WARNING,
            column_list=["total", CTX_REFERENCE],
            max_abs_diff={"$PARAMETER": "max_reference_diff"},
        ),
        references_articles(TABLE),
    ]


def series_frame(series: LossSeries) -> pd.DataFrame:
    """A loss series as rows (day, category, total), sorted; days as naive midnight timestamps."""
    rows = [(d, c, t) for d, per in series.items() for c, t in per.items() if t is not None]
    frame = pd.DataFrame(rows, columns=["day", "category", "total"])
    frame["day"] = pd.to_datetime(frame["day"])
    frame["total"] = frame["total"].astype("float64")
    return frame.sort_values(["category", "day"], ignore_index=True)


def _lookup(series: pd.DataFrame, category: pd.Series, day: pd.Series) -> np.ndarray:
    table = series.drop_duplicates(["category", "day"], keep="last").set_index(["category", "day"])
    wanted = pd.MultiIndex.from_arrays([category.astype(object), day])
    return table["total"].reindex(wanted).to_numpy(dtype="float64")


def _bounds(series: pd.DataFrame, category: pd.Series, day: pd.Series) -> tuple[np.ndarray, ...]:
    """Per row: the highest stored total strictly before its day and lowest strictly after."""
    floor = np.full(len(day), np.nan)
    ceiling = np.full(len(day), np.nan)
    positions = np.arange(len(day))
    for cat, stored in series.groupby("category", sort=False):
        rows = positions[(category == cat).to_numpy() & day.notna().to_numpy()]
        if not len(rows):
            continue
        stored_days = stored["day"].to_numpy()
        totals = stored["total"].to_numpy()
        prefix_max = np.maximum.accumulate(totals)
        suffix_min = np.minimum.accumulate(totals[::-1])[::-1]
        row_days = day.to_numpy()[rows]
        before = np.searchsorted(stored_days, row_days, side="left")
        after = np.searchsorted(stored_days, row_days, side="right")
        has_before = before > 0
        floor[rows[has_before]] = prefix_max[before[has_before] - 1]
        has_after = after < len(totals)
        ceiling[rows[has_after]] = suffix_min[after[has_after]]
    return floor, ceiling


def _capture_dates(
    frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame], run_date: date
) -> pd.Series:
    """Capture date of the reporting page: the live item's date, else the article's, else the
    run's date (a report can never be dated after the night it was read)."""
    found = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    live = tables.get("live_updates")
    if live is not None and len(live) and "update_id" in frame:
        by_id = days(live["published_date"]).set_axis(live["update_id"]).groupby(level=0).min()
        found = found.fillna(frame["update_id"].map(by_id))
    articles = tables.get("articles")
    if articles is not None and len(articles) and "article_id" in frame:
        by_id = days(articles["capture_date"]).set_axis(articles["article_id"])
        found = found.fillna(frame["article_id"].map(by_id.groupby(level=0).max()))
    return found.fillna(pd.Timestamp(run_date))


def prepare(
    frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame], context: ValidationContext
) -> pd.DataFrame:
    if not {"report_date", "category"} <= set(frame.columns):
        return frame  # the schema check fails; the domain rules then report errors, not crash
    day = days(frame["report_date"])
    category = frame["category"]
    stored = series_frame(context.loss_history)
    floor, ceiling = _bounds(stored, category, day)
    reference = series_frame(context.reference_series or {})
    return frame.assign(
        **{
            CTX_FLOOR: floor,
            CTX_CEILING: ceiling,
            CTX_STORED: _lookup(stored, category, day),
            CTX_PREVIOUS: _lookup(stored, category, day - pd.Timedelta(days=1)),
            CTX_REFERENCE: _lookup(reference, category, day),
            CTX_CAPTURED: _capture_dates(frame, tables, context.run_date),
        }
    )
