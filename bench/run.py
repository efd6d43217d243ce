"""End-to-end benchmark of the nightly flow: throughput per stage, growth with N, memory,
output layout, incremental nights and query latency.

    python -m bench.run --sizes 10000,100000            # make bench
    python -m bench.run --sizes 10000,100000,1000000    # make bench-full

For each size N a corpus of N + `--night` dumps is generated once into `--cache` (reused when
present). The first N are hard-linked into a landing folder and the flow runs into a fresh
warehouse (the growth table); then the last `--night` dumps land and a second run takes them
(the incremental table: a night over a warehouse already holding N dumps' articles).

Each size runs in a fresh interpreter of its own, as each night runs in a process of its own;
there the flow function runs in-process, reporting to Prefect's API served from that process
as `newsware run` does (`flows.api.embedded_api`, started by a first, empty run whose wall time
is reported on its own). With `--cli` a size is also run as a `newsware run` subprocess
(interpreter, imports and its own Prefect API included). Peak RSS is sampled over the whole
process tree (this process, the pool workers, a Prefect server if one is started) with psutil.
Results go to bench/results/bench-<stamp>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psutil

import flows.settings  # noqa: F401  (quiet Prefect logging defaults, set before Prefect loads)

# Heavier imports wait inside the functions: the flow's pool workers import this module (the
# main module) when they start, so each would carry DuckDB and the queries for nothing, and
# the benchmark would measure more memory than `newsware run` uses.

RESULTS = Path(__file__).parent / "results"
STAGES = ("discover", "process", "dedupe", "validate", "publish", "catalog", "report")
TARGET_DUMPS_PER_S = 1700
TARGET_RSS_MB_AT_1M = 2048
TARGET_NIGHT_S = 60


# -- measurement helpers -------------------------------------------------------------------


class TreeRss:
    """Peak resident memory of a process and all its descendants, sampled every `every` s.

    RSS counts a page shared by several processes (the forkserver's, in each worker) once in
    each; with `pss_every` the tree's PSS (each shared page split among its sharers: what the
    tree really holds) is sampled too, that often, as reading it costs more (Linux only)."""

    def __init__(
        self, pid: int | None = None, every: float = 0.2, pss_every: float | None = None
    ) -> None:
        self.proc = psutil.Process(pid or os.getpid())
        self.every = every
        self.pss_every = pss_every
        self.peak = 0
        self.peak_self = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> list[psutil.Process]:
        try:
            return [self.proc, *self.proc.children(recursive=True)]
        except psutil.Error:
            return []

    def _sample(self) -> None:
        procs = self._tree()
        total = 0
        for i, p in enumerate(procs):
            try:
                rss = p.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            if i == 0:
                self.peak_self = max(self.peak_self, rss)
        self.peak = max(self.peak, total)

    def _sample_pss(self) -> None:
        total = 0
        for p in self._tree():
            try:
                total += getattr(p.memory_full_info(), "pss", 0)
            except psutil.Error:
                continue
        self.peak_pss = max(self.peak_pss, total)

    def _run(self) -> None:
        last_pss = 0.0
        while not self._stop.is_set():
            self._sample()
            if self.pss_every is not None and time.monotonic() - last_pss >= self.pss_every:
                self._sample_pss()
                last_pss = time.monotonic()
            self._stop.wait(self.every)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()


@contextmanager
def stopwatch(out: dict, key: str = "wall_s"):
    start = time.perf_counter()
    try:
        yield
    finally:
        out[key] = round(time.perf_counter() - start, 3)


def corpus(cache: Path, n: int, seed: int) -> Path:
    """The corpus of n dumps, generated once (a `.done` marker beside it says it is whole)."""
    from corpus.generate import write_corpus

    out = cache / f"corpus-{n}-s{seed}"
    done = cache / f"corpus-{n}-s{seed}.done"
    if not done.exists():
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        write_corpus(out, n=n, seed=seed)
        took = time.perf_counter() - start
        print(f"  generated {n} dumps in {took:.1f}s ({n / took:,.0f}/s) -> {out}", flush=True)
        done.write_text(str(n))
    return out


def land(source: Path, part: slice, landing: Path) -> None:
    """Hard links to the corpus files in `part` of its sorted listing: the flow sees ordinary
    files, and nothing is copied. The listing is dropped on return: held through the run, a
    million Path objects (~290 MB) were the bench's own memory counted in the flow's peak."""
    landing.mkdir(parents=True, exist_ok=True)
    for name in sorted(os.listdir(source))[part]:
        os.link(source / name, landing / name)


def layout(warehouse: Path) -> dict:
    """Output size and the Parquet files' count and sizes (bytes)."""
    sizes = [p.stat().st_size for p in (warehouse / "tables").rglob("*.parquet")]
    total = sum(p.stat().st_size for p in warehouse.rglob("*") if p.is_file())
    per_table: dict[str, int] = {}
    for p in (warehouse / "tables").rglob("*.parquet"):
        table = p.relative_to(warehouse / "tables").parts[0]
        per_table[table] = per_table.get(table, 0) + 1
    return {
        "output_bytes": total,
        "parquet_files": len(sizes),
        "parquet_min": min(sizes, default=0),
        "parquet_median": int(statistics.median(sizes)) if sizes else 0,
        "parquet_max": max(sizes, default=0),
        "parquet_files_per_table": dict(sorted(per_table.items())),
    }


def catalog_seconds(warehouse: Path) -> float:
    """The DuckDB catalog build of the live snapshot, timed on its own (publish includes it)."""
    from warehouse import catalog
    from warehouse.warehouse import Warehouse

    wh = Warehouse.open(str(warehouse))
    snap = wh.recover()
    start = time.perf_counter()
    catalog.build(wh.store, snap)
    return round(time.perf_counter() - start, 3)


def stored_articles(warehouse: Path) -> int:
    from warehouse import catalog
    from warehouse.storage import Store

    con = catalog.connect(Store.open(str(warehouse)), extensions=())
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


# -- runs ----------------------------------------------------------------------------------


RUNNERS = ("pool", "threads", "prefect-processes")


def flow_with(runner: str):
    """The nightly flow with process-batch run by: `pool` (the default: one task, a process
    pool inside it), `threads` (mapped tasks on Prefect's ThreadPoolTaskRunner) or
    `prefect-processes` (mapped tasks on Prefect's ProcessPoolTaskRunner)."""
    from flows import nightly as module

    if runner == "threads":
        module.POOL_MIN_FILES = 2**62
    if runner == "prefect-processes":
        from prefect.task_runners import ProcessPoolTaskRunner

        return module.nightly.with_options(task_runner=ProcessPoolTaskRunner(os.cpu_count()))
    return module.nightly


def run_flow(landing: Path, warehouse: Path, dumps: int, runner: str = "pool") -> dict:
    """One in-process run of the flow function; stage times come from its summary."""
    nightly = flow_with(runner)
    out: dict = {"mode": "flow", "runner": runner, "dumps": dumps}
    cpu0 = psutil.Process().cpu_times()
    with TreeRss(pss_every=2.0) as rss, stopwatch(out):
        summary = nightly(raw=str(landing), warehouse=str(warehouse))
    cpu1 = psutil.Process().cpu_times()
    out["cpu_s_main"] = round(cpu1.user + cpu1.system - cpu0.user - cpu0.system, 1)
    out["peak_rss_tree_mb"] = round(rss.peak / 2**20)
    out["peak_rss_main_mb"] = round(rss.peak_self / 2**20)
    out["peak_pss_tree_mb"] = round(rss.peak_pss / 2**20)
    out["status"] = summary["status"]
    out["stages"] = dict(summary.get("stages", {}))
    out["stages"]["catalog"] = catalog_seconds(warehouse)  # timed again, alone
    out["dumps_per_s"] = round(dumps / out["wall_s"], 1)
    out["stage_dumps_per_s"] = {
        k: round(dumps / v, 1) for k, v in out["stages"].items() if v and v > 0
    }
    out["counts"] = summary.get("counts", {})
    return out


def run_cli(landing: Path, warehouse: Path, dumps: int) -> dict:
    """`newsware run` as a subprocess: what an operator waits for, server start included."""
    out: dict = {"mode": "cli", "dumps": dumps}
    cmd = [sys.executable, "-m", "flows.cli", "run", "--raw", str(landing)]
    cmd += ["--warehouse", str(warehouse)]
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # it serves its own
    with stopwatch(out):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        with TreeRss(proc.pid) as rss:
            _, err = proc.communicate()
    out["returncode"] = proc.returncode
    if proc.returncode:
        out["stderr"] = err.decode(errors="replace")[-2000:]
    out["peak_rss_tree_mb"] = round(rss.peak / 2**20)
    out["dumps_per_s"] = round(dumps / out["wall_s"], 1)
    return out


def server_start(work: Path, stack: ExitStack) -> dict:
    """Prefect's API started for the rest of `stack` (as `newsware run` starts it), then a
    first run with nothing landed."""
    from flows.api import embedded_api
    from flows.nightly import nightly

    empty = work / "empty-landing"
    empty.mkdir(parents=True, exist_ok=True)
    out: dict = {}
    with stopwatch(out):
        stack.enter_context(embedded_api())
        nightly(raw=str(empty), warehouse=str(work / "empty-warehouse"))
    return out


def bench_size_alone(n: int, args, work: Path) -> dict:
    """`bench_size` in a fresh interpreter with Prefect's API of its own, as each night runs
    in a process of its own (`newsware run`, or a run of the served deployment): a size's
    figures then hold nothing the sizes before it left in this process's allocators (~60-90
    MB more at 1M after the 10k and 100k runs, measured)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as one:
        return one.submit(_bench_size_with_api, n, args, work).result()


def _bench_size_with_api(n: int, args, work: Path) -> dict:
    with ExitStack() as stack:
        start = server_start(work, stack)["wall_s"]
        print(f"Prefect's API start + empty night: {start:.1f}s", flush=True)
        return {**bench_size(n, args, work), "server_start_s": start}


def bench_size(n: int, args, work: Path) -> dict:
    print(f"== {n:,} dumps", flush=True)
    source = corpus(Path(args.cache), n + args.night, args.seed)
    landing, warehouse = work / f"landing-{n}", work / f"warehouse-{n}"
    land(source, slice(None, n), landing)
    row: dict = {"n": n, "corpus": str(source)}
    row["full"] = run_flow(landing, warehouse, n, args.runner)
    row["full"]["layout"] = layout(warehouse)
    _print_run(f"full {n:,}", row["full"])
    row["stored_articles"] = stored_articles(warehouse)
    if not args.night:
        row["night"] = None
        return row
    land(source, slice(n, None), landing)
    row["night"] = run_flow(landing, warehouse, args.night, args.runner)
    row["night"]["layout"] = layout(warehouse)
    _print_run(f"night of {args.night:,} over {n:,}", row["night"])
    if args.cli:
        cli_wh = work / f"warehouse-cli-{n}"
        cli_landing = work / f"landing-cli-{n}"
        land(source, slice(None, n), cli_landing)
        row["cli"] = run_cli(cli_landing, cli_wh, n)
        _print_run(f"cli {n:,}", row["cli"])
        shutil.rmtree(cli_wh, ignore_errors=True)
        shutil.rmtree(cli_landing, ignore_errors=True)
    row["warehouse"] = str(warehouse)
    return row


def _print_run(label: str, r: dict) -> None:
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in r.get("stages", {}).items())
    print(
        f"  {label}: {r['wall_s']:.1f}s, {r['dumps_per_s']:,.0f} dumps/s, "
        f"peak RSS {r['peak_rss_tree_mb']} MB" + (f" [{stages}]" if stages else ""),
        flush=True,
    )


# -- report --------------------------------------------------------------------------------


def _mb(b: int) -> str:
    return f"{b / 2**20:.1f} MB" if b >= 2**20 else f"{b / 1024:.0f} KB"


def report(results: dict) -> str:
    from bench import queries as bench_queries

    rows = results["sizes"]
    base = rows[0]
    cmd = results["command"]
    lines = [
        f"# newsware benchmark {results['stamp']}",
        "",
        f"Machine: {results['cpus']} CPUs, load average at start {results['load_at_start']}; "
        f"process-batch runner: {results['runner']}. "
        f"Reproduce: `{cmd}`",
        "",
        f"Prefect's API start + an empty night: {results['server_start_s']:.1f}s "
        "(paid once per process; not in the figures below).",
        "",
        "## Growth (fresh warehouse, in-process flow)",
        "",
        "| dumps | wall s | dumps/s | x time vs smallest | x N | peak RSS tree MB | "
        "main MB | tree PSS MB | output | parquet files | min / median / max |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f, lay = r["full"], r["full"]["layout"]
        lines.append(
            f"| {r['n']:,} | {f['wall_s']:.1f} | {f['dumps_per_s']:,.0f} | "
            f"{f['wall_s'] / base['full']['wall_s']:.2f} | {r['n'] / base['n']:.0f} | "
            f"{f['peak_rss_tree_mb']} | {f['peak_rss_main_mb']} | {f.get('peak_pss_tree_mb', '-')} | "
            f"{_mb(lay['output_bytes'])} | "
            f"{lay['parquet_files']} | {_mb(lay['parquet_min'])} / {_mb(lay['parquet_median'])} / "
            f"{_mb(lay['parquet_max'])} |"
        )
    lines += [
        "",
        "## Stages (seconds; dumps/s in brackets); catalog is part of publish, timed alone",
        "",
        "| dumps | " + " | ".join(STAGES) + " |",
        "|---" * (len(STAGES) + 1) + "|",
    ]
    for r in rows:
        s = r["full"]["stages"]
        cells = [
            f"{s[k]:.1f} ({r['n'] / s[k]:,.0f})" if s.get(k) else f"{s.get(k, 0):.1f}"
            for k in STAGES
        ]
        lines.append(f"| {r['n']:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Incremental: one night of new dumps over a warehouse already holding N dumps",
        "",
        "| stored dumps | stored articles | night dumps | wall s | dumps/s | peak RSS MB | "
        "dedupe s | publish s | catalog s | parquet files after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    nights = [(0, 0, r["full"]) for r in rows[:1] if r["n"] == results["night"]]
    nights += [(r["n"], r["stored_articles"], r["night"]) for r in rows if r["night"]]
    for stored, articles, nt in nights:
        s = nt["stages"]
        lines.append(
            f"| {stored:,} | {articles:,} | {nt['dumps']:,} | {nt['wall_s']:.1f} | "
            f"{nt['dumps_per_s']:,.0f} | {nt['peak_rss_tree_mb']} | {s.get('dedupe', 0):.1f} | "
            f"{s.get('publish', 0):.1f} | {s.get('catalog', 0):.1f} | "
            f"{nt['layout']['parquet_files']} |"
        )
    clis = [r for r in rows if "cli" in r]
    if clis:
        lines += [
            "",
            "## `newsware run` subprocess (interpreter, imports, its own Prefect API included)",
            "",
            "| dumps | wall s | dumps/s | peak RSS tree MB | rc |",
            "|---|---|---|---|---|",
        ]
        for r in clis:
            c = r["cli"]
            lines.append(
                f"| {r['n']:,} | {c['wall_s']:.1f} | {c['dumps_per_s']:,.0f} | "
                f"{c['peak_rss_tree_mb']} | {c['returncode']} |"
            )
    if results.get("queries"):
        lines += [
            "",
            f"## Saved queries on the {results['queries_on']:,}-dump warehouse "
            "(median of 5 after a warm-up)",
            "",
            bench_queries.markdown(results["queries"]),
            "",
            f"Reproduce: `python -m bench.queries --warehouse {results['queries_warehouse']}`",
        ]
    lines += ["", "## Targets (2 cores)", ""] + [f"- {t}" for t in targets(results)]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[str]:
    rows = results["sizes"]
    big = rows[-1]
    out = []
    rate = big["full"]["dumps_per_s"]
    out.append(
        f"end to end >= {TARGET_DUMPS_PER_S:,} dumps/s: {rate:,.0f} at {big['n']:,} "
        f"({'met' if rate >= TARGET_DUMPS_PER_S else f'missed by {1 - rate / TARGET_DUMPS_PER_S:.1%}'})"
    )
    rss = big["full"]["peak_rss_tree_mb"]
    if big["n"] >= 1_000_000:
        limit = TARGET_RSS_MB_AT_1M
        verdict = "met" if rss <= limit else f"missed by {rss / limit - 1:.1%}"
        pss = big["full"].get("peak_pss_tree_mb")
        out.append(
            f"peak RSS <= 2 GB at 1M: {rss} MB ({verdict})"
            + (f"; the tree's PSS {pss} MB" if pss else "")
        )
    else:
        per = (rss - rows[0]["full"]["peak_rss_tree_mb"]) / max(1, big["n"] - rows[0]["n"])
        guess = rss + per * (1_000_000 - big["n"])
        out.append(
            f"peak RSS <= 2 GB at 1M: not run; {rss} MB at {big['n']:,}, growing "
            f"{per * 1000:.2f} MB per 1,000 dumps -> about {guess:,.0f} MB at 1M (linear guess)"
        )
    if not big["night"]:
        return out
    night = big["night"]["wall_s"]
    out.append(
        f"a night over {big['n']:,} stored <= {TARGET_NIGHT_S}s: {night:.1f}s"
        + ("" if big["n"] >= 1_000_000 else " (1M stored not run)")
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated dump counts")
    parser.add_argument("--night", type=int, default=10_000, help="dumps in the incremental night")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", default=str(RESULTS / "corpus"), help="generated corpora")
    parser.add_argument("--work", default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--cli", action="store_true", help="also time `newsware run` subprocesses")
    parser.add_argument("--no-queries", dest="queries", action="store_false")
    parser.add_argument("--runner", choices=RUNNERS, default="pool", help="see flow_with")
    parser.add_argument("--keep", action="store_true", help="keep the warehouses built")
    args = parser.parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    Path(args.cache).mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(args.work or tempfile.mkdtemp(prefix="newsware-bench-"))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    results: dict = {
        "stamp": stamp,
        "command": "python -m bench.run " + " ".join(sys.argv[1:]),
        "cpus": os.cpu_count(),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
        "runner": args.runner,
        "night": args.night,
        "sizes": [],
    }
    try:
        for n in sizes:
            results["sizes"].append(bench_size_alone(n, args, work))
            results.setdefault("server_start_s", results["sizes"][0]["server_start_s"])
            _save(results, stamp)
        if args.queries and results["sizes"]:
            from bench import queries as bench_queries

            big = results["sizes"][-1]
            results["queries_on"] = big["n"]
            results["queries_warehouse"] = big["warehouse"]
            results["queries"] = bench_queries.time_queries(big["warehouse"])
        md = _save(results, stamp)
        print(md)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)


def _save(results: dict, stamp: str) -> str:
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2, default=str))
    md = report(results) if results["sizes"] else ""
    (RESULTS / f"bench-{stamp}.md").write_text(md)
    return md


if __name__ == "__main__":
    main()
