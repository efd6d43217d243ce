"""One writer: the warehouse lock on a local disk and on a real local S3 server (moto)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from warehouse.lock import (
    LOCK,
    Lock,
    LockLost,
    WarehouseLocked,
    boot_id,
    process_start,
)
from warehouse.storage import Store

REPO = Path(__file__).resolve().parents[2]

HOLD = """
import sys, time
from warehouse.lock import Lock
from warehouse.storage import Store
lock = Lock(Store.open(sys.argv[1]), sys.argv[2], heartbeat_seconds=0.2)
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[3]))
lock.release()
"""

RACE = """
import sys, time
from warehouse.lock import Lock, WarehouseLocked
from warehouse.storage import Store
lock = Lock(Store.open(sys.argv[1]), sys.argv[2])
start = float(sys.argv[3])
while time.time() < start:
    time.sleep(0.001)
try:
    lock.acquire()
except WarehouseLocked:
    print("refused", flush=True)
    sys.exit(0)
print("won", flush=True)
time.sleep(2)
lock.release()
"""


def python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def eventually(condition, timeout: float = 10.0) -> bool:
    """Poll `condition` until it holds (heartbeats run on their own thread and clock)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def body(**fields) -> bytes:
    base = {
        "run_id": "old",
        "token": "t",
        "host": socket.gethostname(),
        "boot_id": boot_id(),
        "pid": os.getpid(),
        "pid_start": process_start(os.getpid()),
        "since": time.time(),
        "heartbeat": time.time(),
    }
    return json.dumps(base | fields).encode()


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.open(str(tmp_path / "wh"))


def plant(store: Store, data: bytes) -> None:
    store.makedirs("")
    store.fs.pipe(store.path(LOCK), data)


# -- local disk ---------------------------------------------------------------------------


def test_second_run_refuses_with_the_holders_name(store):
    with Lock(store, "run-a") as held:
        assert held.holder()["run_id"] == "run-a"
        with pytest.raises(WarehouseLocked, match=r"is locked by run run-a \(pid \d+"):
            Lock(store, "run-b").acquire()
    assert not store.exists(LOCK)
    with Lock(store, "run-b") as second:
        assert second.holder()["run_id"] == "run-b"


def test_second_run_waits_for_the_first(store):
    first = Lock(store, "run-a")
    first.acquire()
    threading.Timer(1.0, first.release).start()
    t0 = time.monotonic()
    with Lock(store, "run-b", wait_seconds=10, poll_seconds=0.05) as second:
        assert second.holder()["run_id"] == "run-b"
    assert 0.9 < time.monotonic() - t0 < 5


def test_waiting_gives_up_after_lock_wait_seconds(store):
    with Lock(store, "run-a"):
        t0 = time.monotonic()
        with pytest.raises(WarehouseLocked, match="waited 0.6s"):
            Lock(store, "run-b", wait_seconds=0.6, poll_seconds=0.05).acquire()
        assert time.monotonic() - t0 >= 0.6


def test_lock_of_a_killed_run_is_broken(store):
    holder = python(HOLD, store.url, "killed-run", "60")
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(WarehouseLocked, match="killed-run"):
        Lock(store, "next").acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with Lock(store, "next") as lock:
        assert lock.holder()["run_id"] == "next"


@pytest.mark.parametrize(
    ("fields", "stale"),
    [
        ({}, False),  # this very process: alive
        ({"pid_start": "1"}, True),  # our pid, but another process's start time: pid reused
        ({"boot_id": "another-boot"}, True),  # written before the host rebooted
        ({"host": "elsewhere", "heartbeat": time.time() - 10_000}, True),  # silent too long
        ({"host": "elsewhere"}, False),  # fresh heartbeat from another host
        ({"heartbeat": time.time() - 10_000}, False),  # alive here: never broken
    ],
)
def test_staleness(store, fields, stale):
    plant(store, body(**fields))
    lock = Lock(store, "new", max_age_seconds=60)
    assert lock.stale(json.loads(store.read_bytes(LOCK))) is stale
    if stale:
        with lock:
            assert lock.holder()["run_id"] == "new"
    else:
        with pytest.raises(WarehouseLocked, match="run old"):
            lock.acquire()


def test_unreadable_lock_is_broken(store):
    plant(store, b"\x00garbage")
    with Lock(store, "new") as lock:
        assert lock.holder()["run_id"] == "new"


def test_heartbeat_refreshes_and_a_takeover_is_noticed(store):
    lock = Lock(store, "run-a", heartbeat_seconds=0.1)
    lock.acquire()
    first = lock.holder()["heartbeat"]
    assert eventually(lambda: lock.holder()["heartbeat"] > first)
    lock.check()
    plant(store, body(run_id="thief", host="elsewhere"))  # someone broke our lock
    assert eventually(lambda: lock.lost)
    with pytest.raises(LockLost):
        lock.check()
    lock.release()
    assert json.loads(store.read_bytes(LOCK))["run_id"] == "thief"  # not ours to delete


def test_only_one_of_many_racers_wins_a_stale_lock(store):
    plant(store, body(host="elsewhere", heartbeat=time.time() - 10_000))
    start = time.time() + 1.5
    racers = [python(RACE, store.url, f"racer-{i}", str(start)) for i in range(5)]
    outcomes = sorted(p.communicate(timeout=60)[0].strip() for p in racers)
    assert outcomes == ["refused"] * 4 + ["won"]


@pytest.mark.parametrize(
    "command",
    [["run"], ["rebuild"], ["backfill", "--since", "2024-03-10", "--until", "2024-03-10"]],
)
def test_cli_refuses_a_second_run_with_exit_code_3(tmp_path, prefect_harness, command):
    from typer.testing import CliRunner

    from flows.cli import app

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "d.txt").write_text(" date 2024-03-10 Skip to content\nBody\n")  # backfill's day
    wh = Store.open(str(tmp_path / "wh"))
    with Lock(wh, "the-first-run"):
        result = CliRunner().invoke(app, [*command, "--raw", str(raw), "--warehouse", wh.url])
    assert result.exit_code == 3, result.output
    text = " ".join(result.output.split())
    assert "not started" in text and "is locked by run the-first-run" in text


# -- S3 (moto_server) -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    port = _free_port()
    server = subprocess.Popen(
        [Path(sys.executable).with_name("moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def s3(moto_endpoint, monkeypatch, request) -> Store:
    for k, v in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }.items():
        monkeypatch.setenv(k, v)
    opts = {"client_kwargs": {"endpoint_url": moto_endpoint}, "key": "testing", "secret": "testing"}
    bucket = "lock-" + request.node.name.lower().replace("_", "-")[:40].strip("-[]")
    store = Store.open(f"s3://{bucket}/wh", **opts)
    store.fs.mkdir(bucket)
    return store


def test_moto_honours_conditional_puts(s3):
    """The premise of the S3 lock: PutObject with If-None-Match: * refuses to overwrite."""
    bucket, key = s3.path("probe").split("/", 1)
    s3.fs.call_s3("put_object", Bucket=bucket, Key=key, Body=b"1", IfNoneMatch="*")
    with pytest.raises(FileExistsError):
        s3.fs.call_s3("put_object", Bucket=bucket, Key=key, Body=b"2", IfNoneMatch="*")
    with pytest.raises(OSError):
        s3.fs.call_s3("put_object", Bucket=bucket, Key=key, Body=b"3", IfMatch='"nope"')
    assert s3.fs.cat_file(s3.path("probe")) == b"1"


def test_s3_second_run_refuses_then_gets_it(s3):
    first = Lock(s3, "run-a", heartbeat_seconds=0.1)
    first.acquire()
    with pytest.raises(WarehouseLocked, match="is locked by run run-a"):
        Lock(s3, "run-b").acquire()
    etag = first._version
    assert eventually(lambda: first._version != etag)  # heartbeats change the ETag
    first.check()
    first.release()
    assert not s3.exists(LOCK)
    with Lock(s3, "run-b") as second:
        assert second.holder()["run_id"] == "run-b"


def test_s3_stale_lock_is_taken_over_by_exactly_one(s3):
    plant(s3, body(host="elsewhere", heartbeat=time.time() - 10_000))
    results: list[str] = []
    barrier = threading.Barrier(4)

    def race(i: int) -> None:
        lock = Lock(s3, f"racer-{i}", heartbeat_seconds=30)
        barrier.wait()
        try:
            lock.acquire()
        except WarehouseLocked:
            results.append("refused")
            return
        results.append("won")
        time.sleep(1)
        lock.release()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["refused"] * 3 + ["won"]


def test_s3_takeover_is_noticed_by_the_old_holder(s3):
    lock = Lock(s3, "run-a", heartbeat_seconds=0.1)
    lock.acquire()
    plant(s3, body(run_id="thief", host="elsewhere"))
    assert eventually(lambda: lock.lost)
    with pytest.raises(LockLost):
        lock.check()
    lock.release()
    assert json.loads(s3.read_bytes(LOCK))["run_id"] == "thief"


def test_s3_best_effort_without_conditional_writes(s3):
    first = Lock(s3, "run-a")
    first._backend.conditional = False
    first.acquire()
    second = Lock(s3, "run-b")
    second._backend.conditional = False
    with pytest.raises(WarehouseLocked):
        second.acquire()
    first.release()
    second.acquire()
    assert second.holder()["run_id"] == "run-b"
    second.release()
