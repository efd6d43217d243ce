"""Real SIGKILLs: `newsware run` killed at random moments, a few times (`bench.soak` does 100+)."""

from __future__ import annotations

import pytest

from bench.soak import soak


@pytest.mark.slow
def test_a_few_random_kills(tmp_path, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    lines: list[str] = []
    tally = soak(
        3, files=60, seed=3, api_url=PREFECT_API_URL.value(), workdir=tmp_path, log=lines.append
    )
    report = "\n".join(lines + tally.lines())
    assert tally.trials == 3, report
    assert tally.failures == [], report
    assert tally.consistent_after_kill == tally.converged_after_rerun == 3, report
