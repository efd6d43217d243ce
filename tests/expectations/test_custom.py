"""The pieces the custom expectations and the runner's context columns are built from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from expectations import loss_reports, volume
from expectations.context import Thresholds
from expectations.custom import days, longest_non_decreasing
from tests.expectations.factories import RUN_DATE, articles, context, frame, loss


@pytest.mark.parametrize(
    ("values", "blamed"),
    [
        ([1, 2, 3], []),
        ([100, 200, 150], [1]),  # the spike, not the later figure
        ([100, 99999, 150, 160, 170], [1]),  # one typo does not condemn every later day
        ([100, 200, 300, 50], [3]),  # the drop
        ([5, 5, 5], []),  # flat is allowed
        ([3, 2, 1], [0, 1]),
        ([], []),
    ],
)
def test_longest_non_decreasing_blames_the_fewest_rows(values, blamed):
    keep = longest_non_decreasing(values)
    assert list(np.flatnonzero(~keep)) == blamed


def test_days_mix_dates_naive_and_aware_timestamps():
    mixed = pd.Series(
        [date(2024, 3, 11), datetime(2024, 3, 11, 23, 30), None, "not a date"], dtype=object
    )
    assert days(mixed).tolist()[:2] == [pd.Timestamp("2024-03-11")] * 2
    assert days(mixed).isna().tolist() == [False, False, True, True]
    kyiv = pd.Series(pd.to_datetime(["2024-03-12 01:30"]).tz_localize("Europe/Kyiv"))
    assert days(kyiv).tolist() == [pd.Timestamp("2024-03-11")]  # 23:30 UTC the day before


def test_loss_context_columns_come_from_stored_reference_and_pages():
    rows = frame(
        "loss_reports",
        [
            loss(date(2024, 3, 9), 1100, update_id="u1"),
            loss(date(2024, 3, 11), 1300, update_id=None, article_id="a000000"),
            loss(date(2024, 3, 5), 900, update_id="unknown"),
        ],
    )
    live = frame(
        "live_updates",
        [{"update_id": "u1", "published_date": date(2024, 3, 10), "source": "s"}],
    )
    stored = {
        date(2024, 3, 4): {"personnel": 800},
        date(2024, 3, 8): {"personnel": 1000},
        date(2024, 3, 10): {"personnel": 1200},
    }
    ctx = context(loss_history=stored, reference_series={date(2024, 3, 9): {"personnel": 1101}})
    tables = {"live_updates": live, "articles": articles(1, capture_date=date(2024, 3, 12))}
    out = loss_reports.prepare(rows, tables, ctx)
    assert out[loss_reports.CTX_FLOOR].tolist() == [1000, 1200, 800]
    assert out[loss_reports.CTX_CEILING].fillna(-1).tolist() == [1200, -1, 1000]
    assert out[loss_reports.CTX_PREVIOUS].fillna(-1).tolist() == [1000, 1200, 800]
    assert out[loss_reports.CTX_STORED].isna().all()
    assert out[loss_reports.CTX_REFERENCE].fillna(-1).tolist() == [1101, -1, -1]
    assert out[loss_reports.CTX_CAPTURED].tolist() == [
        pd.Timestamp("2024-03-10"),  # the live item's day
        pd.Timestamp("2024-03-12"),  # the article's capture date
        pd.Timestamp(RUN_DATE),  # unknown page: the night itself
    ]


def _history(counts: dict[str, list[int | None]]) -> pd.DataFrame:
    """counts[source][k] = articles on RUN_DATE - (k + 1) days (None: no row that day)."""
    rows = [
        {"source": s, "day": RUN_DATE - timedelta(days=k + 1), "articles": n}
        for s, per_day in counts.items()
        for k, n in enumerate(per_day)
        if n is not None
    ]
    return pd.DataFrame(rows)


def test_volume_frame_has_absent_sources_and_zero_fills_only_days_the_pipeline_ran():
    past = _history({"a": [10] * 8, "b": [None, 10, None, 10, None, 10, None, 10]})
    tonight = articles(4, source="a")
    out = volume.volume_frame(tonight, context(volume_history=past)).set_index("source")
    assert out.loc["a", "articles"] == 4 and out.loc["a", "median"] == 10
    assert out.loc["b", "articles"] == 0  # silent tonight, still listed
    assert out.loc["b", "median"] == 5  # b's missing days are zeros: a had articles then
    assert out.loc["b", "history_days"] == 8


def test_volume_frame_ignores_days_nobody_published():
    past = _history({"a": [10, None, None, 10, 10, 10, 10, 10, 10, 10]})
    out = volume.volume_frame(articles(10, source="a"), context(volume_history=past))
    assert out.loc[0, "median"] == 10 and out.loc[0, "history_days"] == 8


def test_volume_frame_judges_only_sources_with_enough_loud_history():
    past = _history({"new": [10] * 3, "quiet": [1] * 14, "steady": [10] * 14})
    out = volume.volume_frame(articles(1, source="steady"), context(volume_history=past))
    baseline = out.set_index("source")["baseline"]
    assert baseline.isna().to_dict() == {"new": True, "quiet": True, "steady": False}
    loose = Thresholds(min_volume_history_days=3, min_volume_baseline=0.5)
    out = volume.volume_frame(
        articles(1, source="steady"), context(volume_history=past, thresholds=loose)
    )
    assert out["baseline"].notna().all()


def test_volume_frame_adds_counts_already_published_for_the_same_day():
    past = pd.concat(
        [
            _history({"a": [10] * 10}),
            pd.DataFrame([{"source": "a", "day": RUN_DATE, "articles": 6}]),
        ]
    )
    out = volume.volume_frame(articles(4, source="a"), context(volume_history=past))
    assert out.loc[0, "articles"] == 10


def test_volume_frame_for_a_night_without_articles_is_empty():
    assert volume.volume_frame(articles(0), context()).empty


def test_describe_names_sources():
    rows = pd.DataFrame(
        [
            {"source": "x", "day": date(2024, 3, 11), "articles": 0, "median": 40.0},
            {"source": "y", "day": date(2024, 3, 11), "articles": 90, "median": 40.0},
        ]
    )
    assert volume.describe(rows, [1]) == "y 2024-03-11: 90 vs median 40"


def test_published_at_bound_uses_utc_days():
    # 23:30 in New York on the capture day is the next UTC day: allowed with one day of slack
    late = datetime(2024, 3, 12, 3, 30, tzinfo=UTC)
    from expectations.runner import validate

    batch = articles(2)
    batch.loc[0, "published_at"] = pd.Timestamp(late)
    batch.loc[1, "published_at"] = pd.Timestamp(late + timedelta(days=1))
    outcome = validate({"articles": batch}, context())
    assert outcome.failing_rows["articles"] == {"articles.published_at_not_after_capture": [1]}
