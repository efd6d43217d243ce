"""Volume and freshness of `articles`: per source and capture day, against the source's trailing
median. A source that went silent or doubled is a warning by default (a scraper broke, a site
changed its layout, a feed was replayed); ``Thresholds.volume_severity="critical"`` stops the run.

The checks run on a derived frame (one row per source and day of the night), not on article rows,
so their failures are never quarantined: they name sources, not records.
"""

from __future__ import annotations

import pandas as pd
from great_expectations.expectations.expectation import Expectation

from expectations.context import ValidationContext
from expectations.contract import WARNING, check
from expectations.custom import ExpectVolumeWithinBaseline, days

SUITE = "articles_volume"  # GX suite name; results are reported under the articles table
TABLE = "articles"
QUARANTINABLE = False
COLUMNS = ["source", "day", "articles", "baseline", "history_days", "median"]
CHECKS = (f"{TABLE}.source_not_silent", f"{TABLE}.source_not_doubled")


def expectations() -> list[Expectation]:
    silent, doubled = CHECKS
    return [
        check(
            silent,
            ExpectVolumeWithinBaseline,
            WARNING,
            column_list=["articles", "baseline"],
            min_ratio={"$PARAMETER": "min_volume_ratio"},
        ),
        check(
            doubled,
            ExpectVolumeWithinBaseline,
            WARNING,
            column_list=["articles", "baseline"],
            max_ratio={"$PARAMETER": "max_volume_ratio"},
        ),
    ]


def volume_frame(articles: pd.DataFrame, context: ValidationContext) -> pd.DataFrame:
    """One row per (source, day) for each capture day in the night's articles, including sources
    that published before but are absent tonight (articles = 0).

    ``median`` is the source's median daily count over the trailing window's days on which any
    source has history (a day the pipeline did not run is not a zero), counted from the source's
    first day; ``baseline`` is that median when the source is judged (enough days, loud enough),
    else null, and then both checks pass for the row.
    """
    th = context.thresholds
    if not {"source", "capture_date"} <= set(articles.columns) or not len(articles):
        return pd.DataFrame(columns=COLUMNS)
    tonight = articles.groupby(["source", days(articles["capture_date"]).rename("day")]).size()
    history = context.volume_history
    if history is None or not len(history):
        history = pd.DataFrame({"source": [], "day": [], "articles": []})
    history = history.assign(day=days(history["day"]))
    wide = history.pivot_table(
        index="day", columns="source", values="articles", aggfunc="sum"
    ).sort_index()
    first_seen = history.groupby("source")["day"].min()
    already = history.groupby(["source", "day"])["articles"].sum()
    rows = []
    for day in sorted(tonight.index.get_level_values("day").unique()):
        window = wide.loc[
            day - pd.Timedelta(days=th.volume_window_days) : day - pd.Timedelta(days=1)
        ]
        recent = window.columns[window.notna().any()]
        sources = set(recent) | set(tonight.xs(day, level="day").index)
        for source in sorted(sources):
            if source in window:
                counts = window.loc[window.index >= first_seen[source], source].fillna(0)
            else:
                counts = pd.Series(dtype="float64")
            median = counts.median() if len(counts) else float("nan")
            judged = len(counts) >= th.min_volume_history_days and median >= th.min_volume_baseline
            rows.append(
                {
                    "source": source,
                    "day": day.date(),
                    "articles": int(tonight.get((source, day), 0) + already.get((source, day), 0)),
                    "baseline": median if judged else float("nan"),
                    "history_days": len(counts),
                    "median": median,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def describe(frame: pd.DataFrame, rows: list[int]) -> str:
    """Failing source-days as text for the report's observed column."""
    shown = [
        f"{r.source} {r.day}: {r.articles} vs median {r.median:g}"
        for r in frame.iloc[rows[:5]].itertuples()
    ]
    more = f" (+{len(rows) - 5} more)" if len(rows) > 5 else ""
    return "; ".join(shown) + more
