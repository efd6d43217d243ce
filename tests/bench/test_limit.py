"""bench.limit runs a command in a memory cgroup of its own: it must see what the command's
processes use, each page once, and an OOM kill when they go past the cap."""

from __future__ import annotations

import os
import sys

import pytest

from bench import limit

# Two processes touching 150 MB each of their own, then one more: 300 MB of anonymous memory.
TOUCH = (
    "import os, time\n"
    "def touch(mb):\n"
    "    b = bytearray(mb << 20)\n"
    "    b[::4096] = b'x' * len(b[::4096])\n"
    "    return b\n"
    "pid = os.fork()\n"
    "held = touch(150)\n"
    "time.sleep(1.5)\n"
    "if pid: os.waitpid(pid, 0)\n"
)


def _cgroups_writable() -> bool:
    try:
        path, _ = limit._parent()  # noqa: SLF001
    except OSError:
        return False
    return os.access(path, os.W_OK)


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not _cgroups_writable(),
    reason="needs a memory cgroup this user may write to",
)


def test_counts_every_process_of_the_command():
    usage = limit.run([sys.executable, "-c", TOUCH], limit_mb=1024, every=0.05)
    assert usage.returncode == 0
    assert usage.oom_kills == 0
    assert 290 <= usage.peak_anon_mb <= 600  # both processes' 150 MB, and not the parent's
    assert usage.peak_anon_mapped_mb >= usage.peak_anon_mb


def test_reports_the_oom_kill_past_the_cap():
    usage = limit.run([sys.executable, "-c", TOUCH], limit_mb=200, every=0.05)
    assert usage.oom_kills >= 1
    assert usage.hit_limit >= 1
    assert usage.peak_anon_mb <= 200


def test_the_command_line_says_whether_it_fits(capsys):
    rc = limit.main(["--mb", "1024", "--", sys.executable, "-c", "print('hello')"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "under a 1024 MB limit: fits" in out
