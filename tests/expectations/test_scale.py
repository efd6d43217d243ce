"""Validation time at the scale of a 100,000-dump night (run with `-m slow -s` to see it)."""

from __future__ import annotations

import pytest

from expectations.runner import validate
from tests.expectations.factories import articles, context, history, many_night

N = 100_000


@pytest.mark.slow
def test_a_100k_dump_night_validates_in_seconds():
    validate({"articles": articles(1)}, context())  # GX objects are built once per process
    tables = many_night(N)
    past = history(per_day=N // 20, sources=tuple(f"source-{i:02d}" for i in range(20)))
    only_articles = validate({"articles": tables["articles"]}, context(volume_history=past))
    outcome = validate(tables, context(volume_history=past))
    rows = sum(len(t) for t in tables.values())
    print(
        f"\nvalidate {N:,} articles: {only_articles.seconds:.2f} s; "
        f"whole night ({rows:,} rows in {len(tables)} tables): {outcome.seconds:.2f} s"
    )
    assert only_articles.verdict == outcome.verdict == "pass", outcome.critical_failures
    assert outcome.seconds < 30  # measured ~2 s on 2 shared cores

    tables["entities"].loc[::1000, "kind"] = "planet"  # 0.1 % bad rows are quarantined
    bad = validate(tables, context(volume_history=past))
    assert bad.verdict == "quarantine"
    assert len(bad.failing_rows["entities"]["entities.kind_accepted"]) == 500
