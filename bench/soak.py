"""Crash soak: SIGKILL `newsware run` at random moments and check the warehouse every time.

Scenario (two nights, so "before" is not empty): night 1 takes the first half of a generated
corpus, uninterrupted; its warehouse is the template every trial starts from. Night 2 takes the
rest. An uninterrupted night 2 is the reference: its duration sets the kill window and its
tables are "after". Each trial copies the template, starts night 2 as ``newsware run`` in its own
process group, SIGKILLs the whole group after a random delay, then checks that

1. the catalog opens read-only and every table equals "before" or "after", the same one for
   all tables (run ids and timestamps left out; `runs` and `dq_results` left out);
2. the next run completes and every table equals "after", with no orphan data files.

Half the delays are uniform over the whole run, half over its publish window (measured on the
reference run), since that is where a crash can hurt.

Every `newsware run` talks to one Prefect API started once for the soak (``prefect server
start``, or the caller's via `api_url`), so a run costs its own work, not a temporary server's
~10 s start-up. Usage: ``python -m bench.soak --trials 100 [--files 120] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parents[1]
RUN_COLUMNS = {"first_seen_run", "last_seen_run", "run_id", "run_date", "started_at", "finished_at"}
HISTORY_TABLES = {"runs", "dq_results"}  # their rows are run-specific by nature
RUN_TIMEOUT_S = 600.0

Rows = dict[str, list[tuple]]


@dataclass
class Trial:
    index: int
    delay: float  # seconds after start when the process group was killed
    killed: bool = False  # the run was still going when the kill landed
    phase: str = ""  # where the kill landed, read from the warehouse afterwards
    state_after_kill: str = ""  # before | after | mixed | unreadable
    consistent: bool = False
    converged: bool = False
    error: str | None = None
    ran: float | None = None  # the run's duration, when it finished before the kill


@dataclass
class Tally:
    trials: int = 0
    killed_mid_run: int = 0
    consistent_after_kill: int = 0
    converged_after_rerun: int = 0
    reference_seconds: float = 0.0
    publish_window: tuple[float, float] = (0.0, 0.0)
    phases: dict[str, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.trials > 0 and not self.failures

    def lines(self) -> list[str]:
        return [
            f"trials                      {self.trials}",
            f"kills that landed mid-run   {self.killed_mid_run}",
            f"consistent after kill       {self.consistent_after_kill}",
            f"converged after rerun       {self.converged_after_rerun}",
            f"reference run               {self.reference_seconds:.1f} s "
            f"(publish window {self.publish_window[0]:.1f}-{self.publish_window[1]:.1f} s)",
            f"where kills landed          {dict(sorted(self.phases.items()))}",
            f"state seen after the kill   {dict(sorted(self.states.items()))}",
            f"failures                    {len(self.failures)}",
            *(f"  - {json.dumps(f, default=str)}" for f in self.failures),
        ]


# -- the warehouse as rows ------------------------------------------------------------------


def table_rows(wh: Path) -> Rows:
    """Every table's rows (run-specific columns left out), sorted, read through the catalog."""
    import duckdb

    from warehouse.schemas import TABLES

    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    try:
        out: Rows = {}
        for name, spec in TABLES.items():
            if name in HISTORY_TABLES:
                continue
            cols = ", ".join(f'"{c}"' for c in spec.data_columns if c not in RUN_COLUMNS)
            rows = con.execute(f"SELECT {cols} FROM {name}").fetchall()  # noqa: S608 - schema names
            out[name] = sorted((_hashable(r) for r in rows), key=repr)
        return out
    finally:
        con.close()


def _hashable(value):
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def which_state(rows: Rows, before: Rows, after: Rows) -> str:
    """ "before" or "after" if every table matches that reference, else "mixed"."""
    fits = {"before", "after"}
    for name, got in rows.items():
        fits &= {label for label, ref in (("before", before), ("after", after)) if got == ref[name]}
    return "mixed" if not fits else ("after" if fits == {"after"} else "before")


def phase(wh: Path, template_files: set[str], template_seq: int) -> str:
    """Where a kill landed, judged from what it left on disk."""
    import duckdb

    from warehouse import catalog, snapshot
    from warehouse.storage import Store

    store = Store.open(str(wh))
    seq = snapshot.current(store).seq
    new_files = set(store.find("tables")) - template_files
    if seq == template_seq:
        return "writing files" if new_files else "before publish"
    try:
        con = duckdb.connect(str(wh / catalog.CATALOG), read_only=True)
        cat_seq = catalog.snapshot_seq(con)
        con.close()
    except duckdb.Error:
        cat_seq = None
    return "after flip, old catalog" if cat_seq != seq else "after catalog"


def orphans(wh: Path) -> list[str]:
    """Data files that no kept snapshot names (a finished run leaves none)."""
    from warehouse.snapshot import SNAPSHOTS, Snapshot
    from warehouse.storage import Store

    store = Store.open(str(wh))
    live: set[str] = set()
    for rel in store.find(SNAPSHOTS):
        if rel.endswith(".json"):
            live |= Snapshot.from_json(store.read_bytes(rel)).all_files()
    return sorted(set(store.find("tables")) - live)


# -- running the CLI ------------------------------------------------------------------------


def run_env(api_url: str | None, prefect_home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    }
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def newsware_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("newsware")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "flows.cli"]


def start_run(raw: Path, wh: Path, env: dict[str, str]) -> subprocess.Popen:
    """`newsware run` in a process group of its own (so a kill takes all its children); its
    output goes to ``<wh>.log``."""
    with open(f"{wh}.log", "wb") as out:
        return subprocess.Popen(
            [*newsware_cmd(), "run", "--raw", str(raw), "--warehouse", str(wh)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _output(wh: Path) -> str:
    return Path(f"{wh}.log").read_bytes().decode(errors="replace")[-2000:]


def kill_group(proc: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def run_to_end(raw: Path, wh: Path, env: dict[str, str]) -> tuple[int, str]:
    proc = start_run(raw, wh, env)
    try:
        proc.wait(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        proc.wait()
        return -1, "timed out"
    return proc.returncode, (_output(wh) if proc.returncode else "")


@contextmanager
def prefect_server(home: Path):
    """`prefect server start` on a free loopback port, once for the whole soak."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = run_env(None, home)
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start"]
        + ["--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("prefect server did not start")
            time.sleep(0.5)
        yield url
    finally:
        kill_group(proc)
        proc.wait()


# -- the soak -------------------------------------------------------------------------------


@dataclass
class Scenario:
    raw_night1: Path
    raw: Path
    wh: Path  # where every run writes (fixed: the catalog names files by absolute path)
    template: Path  # the warehouse after night 1
    before: Rows
    after: Rows
    template_files: set[str]
    template_seq: int
    seconds: float
    window: tuple[float, float]


def prepare(work: Path, files: int, seed: int, env: dict[str, str]) -> Scenario:
    from corpus.generate import write_corpus
    from warehouse import snapshot
    from warehouse.storage import Store

    raw, raw1 = work / "raw", work / "raw-night1"
    write_corpus(raw, n=files, seed=seed)
    names = sorted(p.name for p in raw.iterdir())
    raw1.mkdir()
    for name in names[: len(names) // 2]:
        shutil.copy2(raw / name, raw1 / name)
    wh, template = work / "wh", work / "wh-night1"
    code, err = run_to_end(raw1, wh, env)
    if code:
        raise RuntimeError(f"night 1 failed: {err}")
    before = table_rows(wh)
    store = Store.open(str(wh))
    template_files, template_seq = set(store.find("tables")), snapshot.current(store).seq
    shutil.move(wh, template)

    after: Rows | None = None
    for _ in range(2):  # the second, warm run sets the timings; both must agree
        shutil.rmtree(wh, ignore_errors=True)
        shutil.copytree(template, wh, symlinks=True)
        seconds, first_file, flipped = _watched_run(raw, wh, env, template_files, template_seq)
        rows = table_rows(wh)
        if after is not None and rows != after:
            raise RuntimeError("two uninterrupted runs of night 2 disagree: not deterministic")
        after = rows
    if after == before:
        raise RuntimeError("night 2 changed nothing: the soak would prove nothing")
    start = max(0.0, (first_file or seconds) - 0.5)
    return Scenario(
        raw1,
        raw,
        wh,
        template,
        before,
        after,
        template_files,
        template_seq,
        seconds,
        (start, seconds),
    )


def _watched_run(
    raw: Path, wh: Path, env: dict[str, str], template_files: set[str], template_seq: int
) -> tuple[float, float | None, float | None]:
    """Run to the end, noting when the first data file appears and when CURRENT flips."""
    from warehouse import snapshot
    from warehouse.storage import Store

    t0 = time.monotonic()
    proc = start_run(raw, wh, env)
    first_file = flipped = None
    while proc.poll() is None:
        now = time.monotonic() - t0
        store = Store.open(str(wh))
        if first_file is None and set(store.find("tables")) - template_files:
            first_file = now
        if flipped is None and snapshot.current(store).seq != template_seq:
            flipped = now
        time.sleep(0.02)
    if proc.returncode:
        raise RuntimeError(f"reference night 2 failed: {_output(wh)}")
    return time.monotonic() - t0, first_file, flipped


def trial(sc: Scenario, index: int, delay: float, env: dict[str, str]) -> Trial:
    t = Trial(index, round(delay, 3))
    shutil.rmtree(sc.wh, ignore_errors=True)
    shutil.copytree(sc.template, sc.wh, symlinks=True)
    t0 = time.monotonic()
    proc = start_run(sc.raw, sc.wh, env)
    try:
        proc.wait(timeout=delay)
        t.ran = time.monotonic() - t0
    except subprocess.TimeoutExpired:
        t.killed = True
        kill_group(proc)
    proc.wait()
    t.phase = phase(sc.wh, sc.template_files, sc.template_seq) if t.killed else "finished"
    try:
        t.state_after_kill = which_state(table_rows(sc.wh), sc.before, sc.after)
    except Exception as err:  # the catalog must open and answer: anything else is a failure
        t.state_after_kill = "unreadable"
        t.error = f"after kill: {type(err).__name__}: {err}"
    t.consistent = t.state_after_kill in ("before", "after")
    code, err = run_to_end(sc.raw, sc.wh, env)
    if code:
        t.error = (t.error or "") + f" rerun exit {code}: {err}"
        return t
    try:
        final = table_rows(sc.wh)
    except Exception as err:
        t.error = (t.error or "") + f" after rerun: {type(err).__name__}: {err}"
        return t
    left = orphans(sc.wh)
    t.converged = final == sc.after and not left
    if not t.converged:
        diff = [name for name in final if final[name] != sc.after[name]]
        t.error = (t.error or "") + f" after rerun: tables differ {diff}, orphans {left[:3]}"
    return t


def soak(
    trials: int,
    files: int = 120,
    seed: int = 0,
    api_url: str | None = None,
    workdir: Path | None = None,
    log: Callable[[str], None] = print,
) -> Tally:
    """Run the crash soak; returns the tally (see the module docstring)."""
    work = Path(tempfile.mkdtemp(prefix="newsware-soak-", dir=workdir))
    try:
        with _api(api_url, work / "prefect-home") as url:
            env = run_env(url, work / "prefect-home")
            sc = prepare(work, files, seed, env)
            tally = Tally(reference_seconds=round(sc.seconds, 2), publish_window=sc.window)
            log(f"reference night 2: {sc.seconds:.1f} s, publish window {sc.window}")
            rng = Random(seed)
            phases: Counter[str] = Counter()
            states: Counter[str] = Counter()
            scale = 1.0  # runs get faster or slower than the reference as the machine's load moves
            for i in range(trials):
                lo, hi = (0.0, sc.seconds) if i % 2 == 0 else sc.window
                t = trial(sc, i, rng.uniform(lo * scale, hi * scale), env)
                if t.ran is not None:  # finished before the kill: aim earlier from now on
                    scale = min(scale, t.ran / sc.seconds)
                tally.trials += 1
                tally.killed_mid_run += t.killed
                tally.consistent_after_kill += t.consistent
                tally.converged_after_rerun += t.converged
                phases[t.phase] += 1
                states[t.state_after_kill] += 1
                if t.error or not (t.consistent and t.converged):
                    tally.failures.append(asdict(t))
                log(
                    f"trial {i:3d}: kill at {t.delay:5.2f}s {t.phase:24s} -> "
                    f"{t.state_after_kill:6s} rerun {'ok' if t.converged else 'FAILED'}"
                    + (f" ({t.error.strip()[:300]})" if t.error else "")
                )
            tally.phases, tally.states = dict(phases), dict(states)
            return tally
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def _api(api_url: str | None, home: Path):
    if api_url:
        yield api_url
        return
    with prefect_server(home) as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--files", type=int, default=120, help="dumps in the generated corpus")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--api-url", help="an already running Prefect API (default: start one)")
    ap.add_argument("--out", type=Path, help="also write the tally as JSON here")
    args = ap.parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGINT):  # clean up (server, temp folders) when stopped
        signal.signal(sig, lambda *_, s=sig: sys.exit(128 + s))
    tally = soak(args.trials, args.files, args.seed, args.api_url)
    print("\n".join(tally.lines()))
    if args.out:
        args.out.write_text(json.dumps(asdict(tally), indent=1, default=str))
    return 0 if tally.ok else 1


if __name__ == "__main__":
    sys.exit(main())
