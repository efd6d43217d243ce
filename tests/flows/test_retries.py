"""Storage tasks retry transient I/O errors, and only those."""

from __future__ import annotations

import pytest
from prefect import flow, task

from flows.nightly import IO_RETRIES

FAST = IO_RETRIES | {"retry_delay_seconds": 0, "retry_jitter_factor": None}


def _flaky(error: BaseException, failures: int):
    calls = []

    @task(**FAST)
    def step() -> int:
        calls.append(1)
        if len(calls) <= failures:
            raise error
        return len(calls)

    @flow
    def run() -> int:
        return step()

    return run, calls


def test_a_connection_error_is_retried(prefect_harness):
    run, calls = _flaky(ConnectionResetError("peer reset"), failures=2)
    assert run() == 3


@pytest.mark.parametrize("error", [ValueError("bug"), FileNotFoundError("gone")])
def test_bugs_and_missing_files_are_not_retried(prefect_harness, error):
    run, calls = _flaky(error, failures=1)
    with pytest.raises(type(error)):
        run()
    assert len(calls) == 1
