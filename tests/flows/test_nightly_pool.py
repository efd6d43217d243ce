"""process-batch in a pool of worker processes gives the same warehouse as in threads, and the
summary times every stage."""

from __future__ import annotations

import shutil

import pytest

import flows.nightly as nightly_module
from corpus.generate import write_corpus
from flows.nightly import nightly
from tests.flows.test_nightly import table_rows
from warehouse.schemas import TABLES

COMPARED = ("articles", "article_versions", "live_updates", "loss_reports", "quotes", "entities")


@pytest.fixture(scope="module")
def two_ways(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("pool")
    raw = root / "raw"
    write_corpus(raw, n=120, seed=3)
    out = {}
    for name, threshold in (("threads", 10**9), ("pool", 1)):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(nightly_module, "POOL_MIN_FILES", threshold)
            summary = nightly(raw=str(raw), warehouse=str(root / name), batch_files=30)
        out[name] = (root / name, summary)
    yield out
    shutil.rmtree(root, ignore_errors=True)


def test_pool_and_threads_build_the_same_tables(two_ways):
    (wh_t, s_t), (wh_p, s_p) = two_ways["threads"], two_ways["pool"]
    assert s_t["status"] == s_p["status"] == "published"
    assert s_t["counts"] == s_p["counts"]
    assert s_t["ledger"] == s_p["ledger"]
    for table in COMPARED:
        assert table in TABLES
        assert table_rows(wh_t, table) == table_rows(wh_p, table), table


def test_summary_times_every_stage(two_ways):
    stages = two_ways["pool"][1]["stages"]
    assert set(stages) == {"discover", "process", "dedupe", "validate", "publish", "report"}
    assert all(isinstance(v, float) and v >= 0 for v in stages.values())


def test_pool_workers_start_with_the_imports_frozen():
    """The forkserver freezes what it imported, so a worker's collections leave those pages
    shared with it (flows/preload.py)."""
    import gc
    from concurrent.futures import ProcessPoolExecutor

    ctx = nightly_module._pool_context()  # noqa: SLF001
    if ctx.get_start_method() != "forkserver":
        pytest.skip("no forkserver on this platform")
    with ProcessPoolExecutor(1, mp_context=ctx) as pool:
        frozen = pool.submit(gc.get_freeze_count).result(timeout=120)
        modules = pool.submit(_has_module, "transforms.pages").result(timeout=120)
        model = pool.submit(_language_model_loaded).result(timeout=120)
    assert frozen > 10_000
    assert modules
    assert model == "shared"  # loaded once in the forkserver, in memory the workers share


def test_the_forkserver_stops_with_the_pool():
    """The rest of the night (the commit, the full-text index) runs without the forkserver."""
    import os
    from multiprocessing import forkserver

    import psutil

    if nightly_module._pool_context().get_start_method() != "forkserver":  # noqa: SLF001
        pytest.skip("no forkserver on this platform")
    with nightly_module.worker_pool(nightly_module.POOL_MIN_FILES, 2) as pool:
        assert pool is not None
        worker = pool.submit(os.getppid).result(timeout=120)  # a worker's parent: the forkserver
        assert psutil.pid_exists(worker)
    assert forkserver._forkserver._forkserver_pid is None  # noqa: SLF001
    assert not psutil.pid_exists(worker)


def _language_model_loaded() -> str:
    import py3langid.langid

    ident = py3langid.langid.IDENTIFIER
    if ident is None:
        return "not loaded"
    return "shared" if isinstance(ident.tk_nextmove, memoryview) else "private"


def _has_module(name: str) -> bool:
    import sys

    return name in sys.modules


@pytest.mark.parametrize("entry", ["flows.cli", "bench.run"])
def test_entry_modules_stay_light(entry):
    """A pool worker imports the main module when it starts (multiprocessing's rule for
    forkserver and spawn), so the modules that are the main module (`newsware` and the
    benchmark) must not load the flow, DuckDB or Great Expectations at import: each worker
    would carry them."""
    import subprocess
    import sys

    heavy = ("prefect", "duckdb", "great_expectations", "pandas")
    code = f"import sys, {entry}; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == ""
