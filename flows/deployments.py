"""The nightly deployment and its schedule, served by a long-running `newsware serve`.

Scheduling needs a real Prefect server (the temporary one refuses schedules), and so do Dask
workers (without one each starts its own temporary server). When no Prefect API is configured,
`local_server` starts `prefect server start` on 127.0.0.1 and stops it on exit.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from flows.settings import Settings

NIGHTLY_CRON = "0 2 * * *"  # 02:00 every night, in this machine's time zone
DEPLOYMENT = "nightly"
SERVER_PORT = 4200


def local_timezone() -> str:
    """IANA name of this machine's time zone (TZ, else /etc/localtime), else UTC."""
    try:
        from tzlocal import get_localzone_name  # installed with great-expectations

        return get_localzone_name() or "UTC"
    except Exception:  # no zone information: schedule in UTC rather than fail
        return "UTC"


def nightly_deployment(settings: Settings, cron: str = NIGHTLY_CRON, timezone: str | None = None):
    from prefect.schedules import Cron

    from flows.nightly import nightly

    return nightly.to_deployment(
        name=DEPLOYMENT,
        schedule=Cron(cron, timezone=timezone or local_timezone()),
        parameters={"raw": settings.raw, "warehouse": settings.warehouse},
        description="Take the night's new dumps into the warehouse (newsware run).",
        tags=["newsware"],
    )


def configured_api_url() -> str | None:
    """The Prefect API this process talks to: PREFECT_API_URL (read when Prefect was imported),
    a profile, or a test harness's; None means Prefect would start a temporary server."""
    from prefect.settings import get_current_settings

    return get_current_settings().api.url or os.environ.get("PREFECT_API_URL") or None


@contextmanager
def pointed_at(url: str) -> Iterator[str]:
    """Inside: this process's Prefect settings and the environment that child processes (Dask
    workers, `serve`'s runs) inherit both name the API at `url`. Prefect reads the environment
    once, at import, so setting os.environ alone would not move this process."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_server(port: int | None = SERVER_PORT) -> Iterator[str]:
    """A real Prefect API for scheduling and for Dask workers: the configured one if any, else
    `prefect server start` on 127.0.0.1:`port` (a free port if None), stopped on exit."""
    url = configured_api_url()
    if url:
        with pointed_at(url):
            yield url
        return
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
        + ["--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_healthy(url, proc)
        with pointed_at(url), _exit_on_sigterm():
            try:
                yield url
            finally:
                _drain()
    finally:
        _stop(proc)


def _drain() -> None:
    """Send the logs and events still queued while the server is up (not into a closed port)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=5)


@contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """SIGTERM (a scheduler or `timeout` stopping us) unwinds like Ctrl-C, so the server we
    started is stopped too rather than left running in its own session."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum, frame):
        raise SystemExit(128 + signum)

    before = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and anything it started (it leads its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"Prefect server for {url} exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:  # noqa: S310 - loopback
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"Prefect server at {url} did not become healthy in {timeout:.0f}s")


def serve(settings: Settings, cron: str = NIGHTLY_CRON) -> None:
    """Serve the nightly deployment on `cron` until interrupted."""
    from prefect import serve as prefect_serve

    with local_server():
        prefect_serve(nightly_deployment(settings, cron))
