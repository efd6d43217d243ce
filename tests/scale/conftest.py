"""A real local S3 endpoint (moto_server) and a real Prefect server for the scale tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.api import free_port


@pytest.fixture(scope="module")
def moto_endpoint():
    """moto_server on a free loopback port; skipped if moto[server] is not installed."""
    exe = Path(sys.executable).with_name("moto_server")
    if not exe.exists():
        pytest.skip("moto[server] is not installed")
    port = free_port()
    server = subprocess.Popen(
        [str(exe), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def s3_env(moto_endpoint, tmp_path_factory):
    """The standard AWS_* variables pointing at moto, in os.environ so that Dask worker
    processes started inside inherit them, as they would on a real cluster."""
    with pytest.MonkeyPatch.context() as mp:
        for k, v in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": moto_endpoint,
            "AWS_EC2_METADATA_DISABLED": "true",
            "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home-scale")),
        }.items():
            mp.setenv(k, v)
        for k in ("NEWSWARE_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE"):
            mp.delenv(k, raising=False)
        yield moto_endpoint


@pytest.fixture(scope="module")
def prefect_api(s3_env):
    """A real `prefect server start` on a free port (Dask workers need a real API)."""
    from flows.api import local_server

    with local_server(port=None) as url:
        yield url
