"""Every expectation passes on a valid night and fails on a batch crafted to break it.

Cases are generated for the checks every table gets from its schema (columns, types, non-null,
unique key, ranges, accepted values, references) and written by hand for the domain rules. A
final test makes sure no expectation is left without a case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
import pyarrow as pa
import pytest

from expectations import volume
from expectations.context import Thresholds
from expectations.runner import TABLE_SUITES, engine, validate
from tests.expectations.factories import history, loss, night, night_context
from warehouse.schemas import TABLES


@dataclass
class Case:
    name: str  # the expectation
    mutate: Callable[[pd.DataFrame], pd.DataFrame | None]  # breaks the table's good frame
    rows: list[int] | None = None  # failing rows it must report (row-level checks)
    context: dict = field(default_factory=dict)  # ValidationContext overrides for the bad run
    label: str = ""

    @property
    def table(self) -> str:
        return self.name.split(".")[0]

    @property
    def id(self) -> str:
        return self.name + (f"[{self.label}]" if self.label else "")


def put(frame: pd.DataFrame, row: int, column: str, value) -> None:
    """Set one cell, widening the column to object when pandas refuses the value's type."""
    try:
        frame.loc[row, column] = value
    except (TypeError, ValueError):
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value


def setter(column: str, value, row: int = 0):
    def mutate(frame: pd.DataFrame) -> None:
        put(frame, row, column, value)

    return mutate


def append_copy_of_first(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([frame, frame.iloc[[0]]], ignore_index=True)


def generated_cases() -> list[Case]:
    """Cases for the rule families named by suffix."""
    cases = []
    good = night()
    for name in engine().order:
        table, rule = name.split(".", 1)
        if table not in TABLES:
            continue
        spec = TABLES[table]
        n = len(good[table])
        if rule == "columns_present":
            dropped = spec.data_columns[-1]
            cases.append(Case(name, lambda f, c=dropped: f.drop(columns=[c])))
        elif rule == "types_match_schema":
            column = next(f.name for f in spec.schema if f.type != pa.string())
            cases.append(Case(name, setter(column, "not-a-value")))
        elif rule == "key_unique":
            cases.append(Case(name, append_copy_of_first, rows=[0, n]))
        elif m := re.fullmatch(r"(\w+)_not_null", rule):
            cases.append(Case(name, setter(m[1], None), rows=[0]))
        elif m := re.fullmatch(r"(\w+)_non_negative", rule):
            cases.append(Case(name, setter(m[1], -1), rows=[0]))
        elif m := re.fullmatch(r"(\w+)_at_least_one", rule):
            cases.append(Case(name, setter(m[1], 0), rows=[0]))
        elif m := re.fullmatch(r"(\w+)_accepted", rule):
            cases.append(Case(name, setter(m[1], "bogus"), rows=[0]))
        elif m := re.fullmatch(r"(\w+)_references_articles", rule):
            cases.append(Case(name, setter(m[1], "ghost-article"), rows=[0]))
    return cases


def _loss_rows(*rows: dict) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        from tests.expectations.factories import frame as build

        return build("loss_reports", list(rows))

    return mutate


D = date
HAND_WRITTEN = [
    Case("articles.not_empty_when_new_files", lambda f: f.iloc[0:0]),
    Case("articles.language_iso_639_1", setter("language", "english", 1), rows=[1]),
    Case(
        "articles.published_at_since_1990",
        setter("published_at", pd.Timestamp("1989-12-31 23:00", tz="UTC"), 2),
        rows=[2],
    ),
    Case(
        "articles.published_at_not_after_capture",
        setter("published_at", pd.Timestamp("2024-03-13 00:30", tz="UTC"), 1),
        rows=[1],
        label="two days after",
    ),
    Case(
        "live_updates.published_at_since_1990",
        setter("published_at", pd.Timestamp("1970-01-01", tz="UTC")),
        rows=[0],
    ),
    Case(
        "loss_reports.report_date_since_2022_02_24",
        _loss_rows(loss(D(2022, 2, 23), 10), loss(D(2022, 2, 25), 20)),
        rows=[0],
    ),
    Case(
        "loss_reports.report_date_not_after_capture",
        # u2 was shown on 2024-03-10, so it cannot report 2024-03-11's figure
        _loss_rows(
            loss(D(2024, 3, 10), 1250, update_id="u2"), loss(D(2024, 3, 11), 1300, update_id="u2")
        ),
        rows=[1],
    ),
    Case(
        "loss_reports.totals_never_fall",
        # stored 2024-03-08 is 1000: a later report of 990 fell
        _loss_rows(loss(D(2024, 3, 9), 990), loss(D(2024, 3, 10), 1250)),
        rows=[0],
        label="below stored",
    ),
    Case(
        "loss_reports.totals_never_fall",
        # a one-day spike inside the batch is blamed, not the days after it
        _loss_rows(
            loss(D(2024, 3, 9), 1100),
            loss(D(2024, 3, 10), 91250),
            loss(D(2024, 3, 11), 1400),
            loss(D(2024, 3, 12), 1500),
        ),
        rows=[1],
        label="spike in batch",
    ),
    Case(
        "loss_reports.totals_never_fall",
        # a backfilled day above a later stored figure
        _loss_rows(loss(D(2024, 3, 7), 1001)),
        rows=[0],
        label="above later stored",
    ),
    Case(
        "loss_reports.delta_matches_totals",
        _loss_rows(loss(D(2024, 3, 9), 1100, 100), loss(D(2024, 3, 10), 1250, 120)),
        rows=[1],
        label="previous day in batch",
    ),
    Case(
        "loss_reports.delta_matches_totals",
        _loss_rows(loss(D(2024, 3, 9), 1100, 99)),
        rows=[0],
        label="previous day stored",
    ),
    Case(
        "loss_reports.restatements_agree",
        _loss_rows(
            loss(D(2024, 3, 9), 1100),
            loss(D(2024, 3, 10), 1250),
            loss(D(2024, 3, 10), 1205),
        ),
        rows=[1, 2],
        label="two figures in batch, a tie",
    ),
    Case(
        "loss_reports.restatements_agree",
        _loss_rows(
            loss(D(2024, 3, 10), 1250) | {"times_reported": 40},
            loss(D(2024, 3, 10), 1205),
        ),
        rows=[1],
        label="the figure most pages gave stands",
    ),
    Case(
        "loss_reports.restatements_agree",
        _loss_rows(
            loss(D(2024, 3, 8), 1000, category="tanks"), loss(D(2024, 3, 9), 52, category="tanks")
        ),
        rows=[0],
        label="differs from stored",
    ),
    Case(
        "loss_reports.totals_match_public_series",
        _loss_rows(loss(D(2024, 3, 9), 1100), loss(D(2024, 3, 10), 1260, 160)),
        rows=[1],
    ),
    Case("quotes.quote_not_blank", setter("quote", "", 1), rows=[1]),
    Case("authors.name_length", setter("name", "J"), rows=[0]),
    Case(
        "boilerplate_lines.first_seen_not_after_last_seen",
        setter("first_seen", D(2024, 3, 12), 1),
        rows=[1],
    ),
    Case("duplicates.similarity_in_unit_range", setter("similarity", 1.2, 1), rows=[1]),
    Case("raw_files.sha256_hex", setter("sha256", "XYZ"), rows=[0]),
    Case("raw_files.reason_when_not_published", setter("reason", None, 2), rows=[2]),
    Case(
        "runs.started_before_finished",
        setter("finished_at", pd.Timestamp(datetime(2024, 3, 11, 0, 59, tzinfo=UTC))),
        rows=[0],
    ),
    Case(
        "articles.source_not_silent",
        lambda f: None,
        rows=[1],
        context={"volume_history": history(per_day=10, sources=("kyiv-independent", "other-site"))},
    ),
    Case(
        "articles.source_not_doubled",
        lambda f: None,
        rows=[0],
        context={
            "volume_history": history(per_day=1),
            "thresholds": Thresholds(min_volume_baseline=1),
        },
        label="3 articles vs 1 a day",
    ),
]

CASES = generated_cases() + HAND_WRITTEN
NEEDED_BY = {"loss_reports": ("articles", "live_updates")}


@pytest.fixture(scope="module")
def good():
    return validate(night(), night_context())


def result(outcome, name: str) -> dict:
    (row,) = [r for r in outcome.dq_rows if r["expectation"] == name]
    return row


def test_valid_night_passes_every_check(good):
    failed = [(r["expectation"], r["observed"]) for r in good.dq_rows if not r["success"]]
    assert failed == []
    assert good.passed and good.verdict == "pass"
    assert {r["expectation"] for r in good.dq_rows} == set(engine().order)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_check_fails_on_crafted_batch(case: Case, good):
    assert result(good, case.name)["success"], "must pass on the good night"
    tables = night()
    table = case.table
    mutated = case.mutate(tables[table])
    if mutated is not None:
        tables[table] = mutated
    subset = {t: tables[t] for t in ("articles", table, *NEEDED_BY.get(table, ()))}
    outcome = validate(subset, night_context(**case.context))

    bad = result(outcome, case.name)
    assert bad["success"] is False, bad
    label = f"{case.name}: "
    if case.rows is None:  # batch-level: stops the run (or warns)
        where = outcome.critical_failures if bad["severity"] == "critical" else outcome.warnings
        assert any(msg.startswith(label) for msg in where)
        return
    assert bad["unexpected_count"] == len(case.rows)
    quarantinable = TABLE_SUITES[table].QUARANTINABLE and case.name not in volume.CHECKS
    if not quarantinable:
        where = outcome.critical_failures if bad["severity"] == "critical" else outcome.warnings
        assert any(msg.startswith(label) for msg in where)
    elif bad["severity"] == "critical":
        assert outcome.failing_rows[table][case.name] == case.rows
    else:
        assert outcome.warning_rows[table][case.name] == case.rows
        assert case.name not in outcome.failing_rows.get(table, {})


def test_every_expectation_has_a_failing_case():
    covered = {c.name for c in CASES}
    assert set(engine().order) - covered == set()
