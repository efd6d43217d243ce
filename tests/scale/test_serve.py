"""`newsware serve`: the nightly deployment served on its cron schedule against a real Prefect
server, and a run triggered through the API completes and publishes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from corpus.generate import write_corpus

pytestmark = pytest.mark.slow
CRON = "0 2 * * *"


@pytest.fixture
def served(prefect_api, tmp_path):
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    write_corpus(raw, n=20, seed=5)
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", "--raw", str(raw), "--warehouse", str(wh)]
        + ["--cron", CRON],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ | {"PREFECT_API_URL": prefect_api},
        start_new_session=True,
    )
    try:
        yield raw, wh, proc, tmp_path / "serve.log"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_served_deployment_runs_to_completion(served, prefect_api):
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    from flows.api import pointed_at
    from flows.deployments import local_timezone

    raw, wh, proc, log = served

    async def wait_for_deployment():
        async with get_client() as client:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                assert proc.poll() is None, log.read_text()[-2000:]
                try:
                    return await client.read_deployment_by_name("nightly/nightly")
                except Exception:
                    await asyncio.sleep(0.5)
            pytest.fail("the deployment was never registered:\n" + log.read_text()[-2000:])

    with pointed_at(prefect_api):
        deployment = asyncio.run(wait_for_deployment())
        assert [s.schedule.cron for s in deployment.schedules] == [CRON]
        assert [s.schedule.timezone for s in deployment.schedules] == [local_timezone()]
        assert deployment.parameters == {"raw": str(raw), "warehouse": str(wh)}
        flow_run = run_deployment("nightly/nightly", timeout=240)
    assert flow_run.state.is_completed(), (flow_run.state, log.read_text()[-2000:])
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    assert con.execute("select count(*) from raw_files").fetchone()[0] == 20
    assert con.execute("select count(*) from articles").fetchone()[0] > 0
