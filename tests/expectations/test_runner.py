"""The runner's decisions: quarantine and proceed, stop, warn; its outputs and its GX wiring."""

from __future__ import annotations

from datetime import date

import great_expectations as gx
import pyarrow as pa
import pytest

from expectations import runner, volume
from expectations.context import Thresholds, default_reference_series
from expectations.loss_reports import CATEGORIES
from expectations.runner import TABLE_SUITES, engine, validate
from tests.expectations.factories import (
    RUN_ID,
    articles,
    context,
    frame,
    history,
    loss,
    night,
    night_context,
)
from tests.expectations.test_suites import put
from warehouse.schemas import DQ_RESULTS, TABLES


def names(outcome, success: bool | None = None) -> set[str]:
    return {r["expectation"] for r in outcome.dq_rows if success is None or r["success"] is success}


def test_suites_are_real_gx_objects_built_once(monkeypatch):
    built = engine()
    assert engine() is built
    for name in [*TABLE_SUITES, volume.SUITE]:
        checkpoint = built.context.checkpoints.get(name)
        (definition,) = checkpoint.validation_definitions
        assert isinstance(definition.suite, gx.ExpectationSuite)
        assert definition.suite.name == name
    calls = []
    real_run = gx.Checkpoint.run

    def counting_run(self, *args, **kwargs):
        calls.append(self.name)
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(gx.Checkpoint, "run", counting_run)
    outcome = validate({"articles": articles(2), "quotes": night()["quotes"]}, context())
    assert sorted(calls) == sorted(["articles", "quotes", volume.SUITE])
    assert engine() is built
    suite_size = len(built.context.suites.get("quotes").expectations)
    assert len([r for r in outcome.dq_rows if r["table"] == "quotes"]) == suite_size


def test_a_few_bad_rows_are_quarantined_and_the_run_proceeds():
    batch = articles(100)
    put(batch, 3, "word_count", -1)
    put(batch, 50, "word_count", -7)
    outcome = validate({"articles": batch}, context())
    assert outcome.passed and outcome.verdict == "quarantine"
    assert outcome.failing_rows == {"articles": {"articles.word_count_non_negative": [3, 50]}}
    assert outcome.quarantine_reasons("articles") == {
        3: "articles.word_count_non_negative",
        50: "articles.word_count_non_negative",
    }
    (row,) = [r for r in outcome.dq_rows if r["expectation"] == "articles.word_count_non_negative"]
    assert row["unexpected_count"] == 2 and row["success"] is False
    assert "2 of 100 rows" in row["observed"] and "-7" in row["observed"]


def test_too_many_failing_rows_stop_the_run_unless_the_limit_allows_them():
    batch = articles(100)
    for i in range(0, 100, 10):
        put(batch, i, "content_hash", None)
    stopped = validate({"articles": batch}, context())
    assert stopped.verdict == "stop" and not stopped.passed
    assert any(
        "articles.content_hash_not_null" in m and "10.0%" in m for m in stopped.critical_failures
    )
    assert stopped.failing_rows["articles"]["articles.content_hash_not_null"] == list(
        range(0, 100, 10)
    )

    allowed = validate(
        {"articles": batch}, context(thresholds=Thresholds(max_failing_fraction=0.2))
    )
    assert allowed.verdict == "quarantine"
    few = validate({"articles": batch}, context(thresholds=Thresholds(min_failing_rows_to_stop=11)))
    assert few.verdict == "quarantine"
    small_night = articles(3)
    put(small_night, 0, "word_count", -1)  # a third of the night, but a single row
    assert validate({"articles": small_night}, context()).verdict == "quarantine"


def test_the_stopping_share_counts_the_earlier_chunks_of_the_night():
    batch = articles(100)
    for i in range(0, 100, 10):
        put(batch, i, "content_hash", None)  # 10% of this chunk
    earlier = {"earlier_rows": {"articles": 900}}  # 1% of the night so far
    assert validate({"articles": batch}, context(**earlier)).verdict == "quarantine"
    failing_before = {"articles.content_hash_not_null": 60}  # 7% of the night so far
    again = validate({"articles": batch}, context(**earlier, earlier_failing=failing_before))
    assert again.verdict == "stop"
    assert any("7.0% of articles rows" in m for m in again.critical_failures)


def test_zero_articles_stop_a_night_with_new_files_only():
    empty = articles(0)
    assert validate({"articles": empty}, context(had_new_files=True)).verdict == "stop"
    assert (
        validate({}, context(had_new_files=True))
        .critical_failures[0]
        .startswith("articles.not_empty_when_new_files")
    )
    assert validate({"articles": empty}, context(had_new_files=False)).verdict == "pass"


def test_a_missing_column_stops_the_run():
    outcome = validate({"articles": articles(3).drop(columns=["source"])}, context())
    assert outcome.verdict == "stop"
    assert "articles.columns_present: missing: source" in outcome.critical_failures
    # checks on the missing column could not run: failures, never silent passes
    assert "articles.source_not_null" in names(outcome, success=False)


def test_a_list_column_holding_text_is_a_type_failure():
    batch = articles(2)
    batch["authors"] = batch["authors"].astype(object)
    batch.at[1, "authors"] = "Jane Doe"  # Arrow would store ["J", "a", "n", ...]
    outcome = validate({"articles": batch}, context())
    assert any(
        m.startswith("articles.types_match_schema: authors") for m in outcome.critical_failures
    )


def test_warnings_neither_stop_nor_quarantine():
    batch = articles(10)
    put(batch, 4, "language", "English")
    outcome = validate({"articles": batch}, context())
    assert outcome.passed and outcome.verdict == "warn"
    assert outcome.failing_rows == {}
    assert outcome.warning_rows == {"articles": {"articles.language_iso_639_1": [4]}}
    assert outcome.warnings[0].startswith("articles.language_iso_639_1: 1 of 10 rows")


def test_severity_can_be_raised_per_check():
    batch = articles(30)
    put(batch, 4, "language", "English")
    strict = Thresholds(severity_overrides={"articles.language_iso_639_1": "critical"})
    outcome = validate({"articles": batch}, context(thresholds=strict))
    assert outcome.failing_rows == {"articles": {"articles.language_iso_639_1": [4]}}
    row = [r for r in outcome.dq_rows if r["expectation"] == "articles.language_iso_639_1"][0]
    assert row["severity"] == "critical"


def test_ledger_rows_are_never_quarantined_a_bad_one_stops_the_run():
    ledger = night()["raw_files"]
    put(ledger, 1, "status", "lost")
    outcome = validate({"raw_files": ledger, "articles": articles(3)}, context())
    assert outcome.verdict == "stop"
    assert "raw_files" not in outcome.failing_rows
    assert any(m.startswith("raw_files.status_accepted") for m in outcome.critical_failures)


def test_volume_collapse_warns_by_default_and_stops_when_configured_critical():
    past = history(per_day=40, sources=("kyiv-independent", "other-site"))
    batch = articles(40)  # kyiv-independent as usual; other-site silent tonight
    warned = validate({"articles": batch}, context(volume_history=past))
    assert warned.verdict == "warn"
    (message,) = warned.warnings
    assert message.startswith("articles.source_not_silent: other-site 2024-03-11: 0 vs median 40")

    critical = Thresholds(volume_severity="critical")
    stopped = validate({"articles": batch}, context(volume_history=past, thresholds=critical))
    assert stopped.verdict == "stop"
    assert stopped.critical_failures == [message]


def test_volume_within_baseline_passes():
    past = history(per_day=40)
    outcome = validate({"articles": articles(45)}, context(volume_history=past))
    assert outcome.verdict == "pass"


def test_doubled_source_is_flagged():
    outcome = validate({"articles": articles(80)}, context(volume_history=history(per_day=40)))
    assert [w.split(":")[0] for w in outcome.warnings] == ["articles.source_not_doubled"]


def test_dq_rows_match_the_dq_results_table():
    outcome = validate(night(), night_context())
    table = outcome.dq_table()
    assert table.schema == DQ_RESULTS.schema
    assert table.num_rows == len(outcome.dq_rows) == len(engine().order)
    assert set(table.column("run_id").to_pylist()) == {RUN_ID}
    assert set(table.column("run_date").to_pylist()) == {date(2024, 3, 11)}
    assert set(table.column("table").to_pylist()) == set(TABLES)


def test_arrow_tables_and_any_index_give_row_positions():
    batch = articles(5)
    put(batch, 2, "word_count", -1)
    as_arrow = pa.Table.from_pandas(batch, schema=TABLES["articles"].schema, preserve_index=False)
    assert validate({"articles": as_arrow}, context()).failing_rows["articles"] == {
        "articles.word_count_non_negative": [2]
    }
    batch.index = [10, 11, 12, 13, 14]
    assert validate({"articles": batch}, context()).failing_rows["articles"] == {
        "articles.word_count_non_negative": [2]
    }


def test_unknown_table_is_an_error():
    with pytest.raises(ValueError, match="no suite for"):
        validate({"article": articles(1)}, context())


def test_without_a_reference_series_the_reference_check_has_nothing_to_compare():
    losses = frame("loss_reports", [loss(date(2024, 3, 9), 777)])
    outcome = validate(
        {"articles": articles(1), "loss_reports": losses}, context(reference_series=None)
    )
    assert "loss_reports.totals_match_public_series" in names(outcome, success=True)
    with_series = validate(
        {"articles": articles(1), "loss_reports": losses},
        context(reference_series={date(2024, 3, 9): {"personnel": 778}}),
    )
    assert "loss_reports.totals_match_public_series" in names(with_series, success=False)


def test_loss_history_carries_monotonicity_across_nights():
    tonight = frame("loss_reports", [loss(date(2024, 3, 12), 1299)])
    stored = {date(2024, 3, 11): {"personnel": 1300}}
    outcome = validate(
        {"articles": articles(1), "loss_reports": tonight}, context(loss_history=stored)
    )
    assert outcome.failing_rows["loss_reports"]["loss_reports.totals_never_fall"] == [0]


def test_categories_are_the_extractors():
    losses = pytest.importorskip("transforms.extract.losses")
    assert tuple(losses.CATEGORIES) == CATEGORIES
    assert len(CATEGORIES) == 14


def test_default_reference_series_is_the_bundled_one_when_present():
    pytest.importorskip("corpus.losses")
    series = default_reference_series()
    assert series, "corpus.losses.load_series() returned nothing"
    day, per = next(iter(series.items()))
    assert isinstance(day, date) and set(per) <= set(CATEGORIES)


def test_runner_names_are_unique_and_qualified():
    order = list(runner.engine().order)
    assert len(order) == len(set(order))
    assert all(n.split(".")[0] in TABLES for n in order)


def test_referential_checks_see_each_nights_articles_and_known_ids():
    quotes = night()["quotes"]  # quote articles a000000 and a000001
    with_parents = validate({"articles": articles(2), "quotes": quotes}, context())
    assert with_parents.verdict == "pass"
    orphans = validate({"articles": articles(1), "quotes": quotes}, context())
    assert orphans.failing_rows["quotes"] == {"quotes.article_id_references_articles": [1]}
    known = validate(
        {"articles": articles(1), "quotes": quotes}, context(known_article_ids={"a000001"})
    )
    assert known.verdict == "pass"
    assert runner.custom.KEY_SETS == {}  # published for one validation only


def test_rows_pointing_at_a_quarantined_article_are_quarantined_with_it():
    batch = articles(30)
    put(batch, 1, "word_count", -1)  # a000001 is quarantined ...
    tables = night()
    outcome = validate(
        {"articles": batch, "quotes": tables["quotes"], "entities": tables["entities"]},
        context(),  # 1 of 2 quotes fails: a big share, but a handful of rows never stops a run
    )
    assert outcome.verdict == "quarantine"
    assert outcome.failing_rows == {
        "articles": {"articles.word_count_non_negative": [1]},
        # ... and so are its quote and entity, which would otherwise point at nothing
        "quotes": {"quotes.article_id_references_articles": [1]},
        "entities": {"entities.article_id_references_articles": [1]},
    }
