"""Die at each step of publishing: the warehouse shows the old night or the new, never a mix,
and the next run (breaking the dead run's lock) ends exactly where an uninterrupted one does.

In-process and deterministic: each step is made to raise, then a lock as a SIGKILLed run leaves
it is put back. `bench.soak` does the same with real SIGKILLs at random moments.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

import flows.nightly as nightly_module
import warehouse.catalog as catalog_module
import warehouse.snapshot as snapshot_module
import warehouse.tables as tables_module
from bench.soak import orphans, table_rows, which_state
from flows.nightly import nightly
from tests.crash.conftest import dead_pid
from warehouse.lock import LOCK, boot_id
from warehouse.snapshot import CURRENT
from warehouse.storage import Store


class Killed(Exception):
    """Stands in for SIGKILL at one step."""


def fail_on_call(n: int, real):
    calls = {"n": 0}

    def step(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise Killed(f"killed at call {n} of {real.__name__}")
        return real(*args, **kwargs)

    return step


def _kill_when_current_written(real):
    def write(self, rel, data, fsync=True):
        if rel == CURRENT:
            raise Killed("killed between the snapshot file and CURRENT")
        return real(self, rel, data, fsync)

    return write


def nth(n: int):
    return lambda real: fail_on_call(n, real)


# (name, object, attribute, patch, what readers see after the kill, whether CURRENT had flipped)
KILL_POINTS = [
    ("mid data files", tables_module, "write_partition", nth(3), "before", False),
    ("before snapshot", snapshot_module, "commit", nth(1), "before", False),
    (
        "snapshot, not CURRENT",
        Store,
        "write_bytes_atomic",
        _kill_when_current_written,
        "before",
        False,
    ),
    ("after flip, no catalog", catalog_module, "build", nth(1), "before", True),
    ("catalog half built", catalog_module, "_full_text", nth(1), "before", True),
    ("before garbage", snapshot_module, "garbage", nth(2), "after", True),
    ("during report", nightly_module, "build_report", nth(1), "after", True),
]


def plant_dead_lock(wh) -> None:
    body = {
        "run_id": "killed-run",
        "token": "x",
        "host": socket.gethostname(),
        "boot_id": boot_id(),
        "pid": dead_pid(),
        "heartbeat": time.time(),
    }
    (wh / LOCK).write_text(json.dumps(body))


@pytest.mark.parametrize(
    ("target", "attr", "patch", "expected", "flipped"),
    [p[1:] for p in KILL_POINTS],
    ids=[p[0] for p in KILL_POINTS],
)
def test_a_kill_at_each_step_leaves_one_state_and_the_next_run_converges(
    two_nights, monkeypatch, target, attr, patch, expected, flipped
):
    two_nights.reset()
    with monkeypatch.context() as m:
        m.setattr(target, attr, patch(getattr(target, attr)))
        with pytest.raises(Killed):
            nightly(raw=str(two_nights.raw), warehouse=str(two_nights.wh))
    plant_dead_lock(two_nights.wh)

    seen = which_state(table_rows(two_nights.wh), two_nights.before, two_nights.after)
    # a catalog that was not rebuilt still shows the old night, even after the flip
    assert seen == expected

    summary = nightly(raw=str(two_nights.raw), warehouse=str(two_nights.wh))
    assert summary["status"] == ("nothing_new" if flipped else "published")
    assert table_rows(two_nights.wh) == two_nights.after
    assert orphans(two_nights.wh) == []
    assert not (two_nights.wh / LOCK).exists()
