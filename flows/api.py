"""The Prefect API a run reports to.

A run uses the configured API (PREFECT_API_URL, a profile, a test harness) when there is one.
Otherwise `embedded_api` serves Prefect's own API app from a thread of the run's process, where
Prefect by default would start it as a child process: the same server and database, without a
second interpreter and a second copy of the libraries (~170 MB of resident memory). Scheduling
and Dask workers need a server that outlives a run: `local_server` starts `prefect server start`.
"""

from __future__ import annotations

import contextlib
import contextvars
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

SERVER_PORT = 4200
STARTUP_TIMEOUT_S = 90.0


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


def _wait_healthy(
    url: str, proc: subprocess.Popen | None = None, timeout: float = STARTUP_TIMEOUT_S
) -> None:
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


@contextmanager
def embedded_api() -> Iterator[str]:
    """Inside: this process talks to the configured Prefect API, else to Prefect's API app
    served on a free loopback port by a thread of this process (an ephemeral server: no UI,
    only the services a temporary server runs, no telemetry), stopped on exit."""
    url = configured_api_url()
    if url:
        yield url
        return
    import uvicorn
    from prefect.server.api.server import create_app
    from prefect.settings import (
        PREFECT_SERVER_ANALYTICS_ENABLED,
        PREFECT_UI_URL,
        temporary_settings,
    )

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # bound here and handed over: no other process can take it
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/api"
    with temporary_settings(updates={PREFECT_SERVER_ANALYTICS_ENABLED: False}):
        app = create_app(ephemeral=True, final=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="error"))
        # the thread runs in a copy of these settings: a new thread would start from none
        run = contextvars.copy_context().run
        thread = threading.Thread(
            target=run, args=(server.run, [sock]), name="prefect-api", daemon=True
        )
    thread.start()
    try:
        _wait_started(server, thread, url)
        # no UI is served, so runs log no "View at" link
        with pointed_at(url), temporary_settings(updates={PREFECT_UI_URL: ""}):
            try:
                yield url
            finally:
                _drain()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def _wait_started(server, thread: threading.Thread, url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"Prefect's API at {url} stopped while starting")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Prefect's API at {url} did not start in {STARTUP_TIMEOUT_S:.0f}s")
        time.sleep(0.05)
