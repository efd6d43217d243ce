"""Run a command under a hard memory limit, as a container would, and report what it used.

    sudo python -m bench.limit --mb 2048 -- python -m bench.run --sizes 1000000 --no-queries

The command and every process it starts run in a fresh memory cgroup (v1 or v2) capped at
`--mb`, with no swap. The kernel charges each page to the group once, however many processes
map it, so this answers the question a summed RSS cannot (the forkserver's pages are counted
again in every worker there): does the run fit in that much memory? Past the cap the kernel
first drops file pages (the page cache, the libraries' code, which then fault back in: slower)
and then kills a process (an OOM kill, reported below).

Sampled every 0.2 s: the group's anonymous memory (the heap of every process, each page once)
and that plus the file pages its processes map. File pages another process brought into the
cache first are charged there, not here, so the second figure can read a little low; the first
is exact. Needs a cgroup file system this user may write to (root, or a delegated subtree).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


@dataclass
class Usage:
    limit_mb: int
    returncode: int = 0
    seconds: float = 0.0
    peak_anon_mb: int = 0
    peak_anon_mapped_mb: int = 0
    at_s: float = 0.0  # seconds into the run when the anon + mapped peak was seen
    oom_kills: int = 0
    hit_limit: int = 0  # times the group reached its cap (and the kernel reclaimed)


class Group:
    """A memory cgroup of our own under the one this process is in (v1 or v2)."""

    def __init__(self, path: Path, v2: bool) -> None:
        self.path, self.v2 = path, v2

    @classmethod
    def create(cls, name: str, limit_mb: int) -> Group:
        path, v2 = _parent()
        group = cls(path / name, v2)
        group.path.mkdir()
        limit = str(limit_mb << 20)
        if v2:
            group._write("memory.max", limit)
            if (group.path / "memory.swap.max").exists():
                group._write("memory.swap.max", "0")
        else:
            group._write("memory.limit_in_bytes", limit)  # swap: see `swap_mb`
        return group

    def _write(self, name: str, value: str) -> None:
        (self.path / name).write_text(value)

    def _read(self, name: str) -> dict[str, int]:
        pairs = (line.split() for line in (self.path / name).read_text().splitlines())
        return {k: int(v) for k, v in pairs}

    def join(self) -> None:
        """Move the calling process into the group (its children follow)."""
        self._write("cgroup.procs", str(os.getpid()))

    def memory(self) -> tuple[int, int]:
        """(anonymous, anonymous + mapped file) bytes charged to the group now."""
        s = self._read("memory.stat")
        if self.v2:
            return s["anon"], s["anon"] + s["file_mapped"]
        return s["total_rss"], s["total_rss"] + s["total_mapped_file"]

    def events(self) -> tuple[int, int]:
        """(OOM kills, times the cap was hit)."""
        if self.v2:
            e = self._read("memory.events")
            return e.get("oom_kill", 0), e.get("max", 0)
        oom = self._read("memory.oom_control").get("oom_kill", 0)
        return oom, int((self.path / "memory.failcnt").read_text())

    def remove(self) -> None:
        for _ in range(50):  # the last processes may take a moment to leave
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.1)


def swap_mb() -> int:
    """The machine's swap: with some, a v1 group can page out past its cap instead of failing
    (v2 groups here get no swap), so a run that "fits" may only fit with it."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("SwapTotal:"):
            return int(line.split()[1]) >> 10
    return 0


def _parent() -> tuple[Path, bool]:
    """The memory cgroup this process is in, and whether it is cgroup v2."""
    lines = Path("/proc/self/cgroup").read_text().splitlines()
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return ROOT / "memory" / path.lstrip("/"), False
    for line in lines:
        if line.startswith("0::"):
            return ROOT / line[3:].lstrip("/"), True
    raise OSError("no memory cgroup found for this process")


class NoCgroup(RuntimeError):
    """No memory cgroup this process may create."""


def run(command: list[str], limit_mb: int, every: float = 0.2) -> Usage:
    """Run `command` in a fresh memory cgroup capped at `limit_mb` MB; return what it used."""
    try:
        group = Group.create(f"newsware-limit-{os.getpid()}", limit_mb)
    except OSError as e:
        raise NoCgroup(f"cannot make a memory cgroup here ({e}); run as root on Linux") from e
    usage, stop = Usage(limit_mb), threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            anon, mapped = group.memory()
            usage.peak_anon_mb = max(usage.peak_anon_mb, anon >> 20)
            if mapped >> 20 > usage.peak_anon_mapped_mb:
                usage.peak_anon_mapped_mb = mapped >> 20
                usage.at_s = round(time.monotonic() - started, 1)
            stop.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    try:
        # the child joins the group before exec; the sampler starts after the fork, so the
        # child is forked from a process with no other thread
        proc = subprocess.Popen(command, preexec_fn=group.join)  # noqa: PLW1509
        sampler.start()
        usage.returncode = proc.wait()
    finally:
        usage.seconds = round(time.monotonic() - started, 1)
        stop.set()
        if sampler.is_alive():
            sampler.join()
        usage.oom_kills, usage.hit_limit = group.events()
        group.remove()
    return usage


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--mb", type=int, default=2048, help="the memory limit, in MB (default 2048)")
    p.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    p.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run")
    args = p.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        p.error("give the command to run after --")
    try:
        usage = run(command, args.mb)
    except NoCgroup as e:
        print(e, file=sys.stderr)
        return 2
    verdict = "fits" if usage.returncode == 0 and not usage.oom_kills else "does not fit"
    print(
        f"\nunder a {usage.limit_mb} MB limit: {verdict} (exit {usage.returncode}, "
        f"{usage.oom_kills} OOM kills, {usage.seconds} s); peak anonymous memory "
        f"{usage.peak_anon_mb} MB, with mapped files {usage.peak_anon_mapped_mb} MB "
        f"(at {usage.at_s} s); the limit was reached {usage.hit_limit} times"
    )
    if swap := swap_mb():
        print(f"note: this machine has {swap} MB of swap, which the limit may not cover")
    if args.out:
        args.out.write_text(json.dumps(asdict(usage), indent=1))
    return usage.returncode


if __name__ == "__main__":
    sys.exit(main())
