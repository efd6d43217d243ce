"""The nightly deployment and its schedule, served by a long-running `newsware serve`.

Scheduling needs a real Prefect server (the temporary one refuses schedules). When no
PREFECT_API_URL is set, `serve` starts a local server on 127.0.0.1 and stops it on exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from flows.settings import Settings

NIGHTLY_CRON = "0 2 * * *"  # 02:00 every night, in the server's time zone (UTC by default)
DEPLOYMENT = "nightly"


def nightly_deployment(settings: Settings, cron: str = NIGHTLY_CRON):
    from flows.nightly import nightly

    return nightly.to_deployment(
        name=DEPLOYMENT,
        cron=cron,
        parameters={"raw": settings.raw, "warehouse": settings.warehouse},
        description="Take the night's new dumps into the warehouse (newsware run).",
        tags=["newsware"],
    )


@contextmanager
def local_server(port: int = 4200):
    """A Prefect server for scheduling, unless one is configured already."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_healthy(url)
        os.environ["PREFECT_API_URL"] = url
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_healthy(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:  # noqa: S310 - loopback
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"Prefect server at {url} did not become healthy in {timeout:.0f}s")


def serve(settings: Settings, cron: str = NIGHTLY_CRON) -> None:
    from prefect import serve as prefect_serve

    with local_server():
        prefect_serve(nightly_deployment(settings, cron))
