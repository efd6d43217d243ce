"""Past one machine: the nightly flow on a Dask cluster with the landing zone and the warehouse
on S3 (a real local S3 server) publishes exactly what a plain local run publishes."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import duckdb
import pytest

from corpus.generate import write_corpus
from warehouse import catalog
from warehouse.schemas import ALL_TABLES
from warehouse.storage import Store

RUN_COLUMNS = {"first_seen_run", "last_seen_run", "run_id", "run_date", "started_at", "finished_at"}
HISTORY = {"runs", "dq_results"}  # one row per run / per check: run ids and timings by design
BUCKET = "newsware-scale"
BATCH = 25

pytestmark = pytest.mark.slow


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    cols = [c for c in ALL_TABLES[table].data_columns if c not in RUN_COLUMNS]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return sorted(con.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("scale") / "raw"
    write_corpus(raw, n=120, seed=11)
    # an empty dump reads differently on S3 (ranged GET of 0 bytes); its own test below
    for p in raw.iterdir():
        if p.stat().st_size == 0:
            p.unlink()
    return raw


@pytest.fixture(scope="module")
def runs(corpus, s3_env, prefect_api, tmp_path_factory):
    """The same corpus twice: in-process to a local folder, and on a 2-worker Dask cluster from
    s3:// to s3://. Returns both summaries, the local warehouse, the S3 URL and the timings."""
    from flows.engines import flow_for

    local_wh = tmp_path_factory.mktemp("scale") / "wh"
    t0 = time.perf_counter()
    with flow_for() as nightly:
        local = nightly(raw=str(corpus), warehouse=str(local_wh), batch_files=BATCH)
    t_local = time.perf_counter() - t0

    raw_store = Store.open(f"s3://{BUCKET}/landing")
    raw_store.fs.mkdir(BUCKET)
    raw_store.fs.put(str(corpus) + "/", raw_store.path(""), recursive=True)
    wh_url = f"s3://{BUCKET}/warehouse"
    t0 = time.perf_counter()
    with flow_for(workers=2) as nightly:
        remote = nightly(raw=raw_store.url, warehouse=wh_url, batch_files=BATCH)
    t_dask = time.perf_counter() - t0
    timings = {"files": local["files_seen"], "local_s": t_local, "dask_s3_s": t_dask}
    print("\nscale timings:", json.dumps(timings))
    return local, remote, local_wh, wh_url, timings


def test_dask_s3_run_publishes(runs, corpus):
    local, remote, *_ = runs
    landed = sum(1 for p in corpus.iterdir())
    assert remote["status"] == local["status"] == "published"
    assert remote["files_seen"] == remote["files_new"] == landed
    assert remote["ledger"] == local["ledger"]
    assert remote["counts"] == local["counts"]


def test_tables_identical_to_local_run(runs):
    _, _, local_wh, wh_url, _ = runs
    here = duckdb.connect(str(local_wh / catalog.CATALOG), read_only=True)
    there = catalog.connect(Store.open(wh_url), extensions=())
    compared = 0
    for table in ALL_TABLES:
        if table in HISTORY:
            continue
        mine, theirs = table_rows(here, table), table_rows(there, table)
        assert theirs == mine, table
        compared += len(mine)
    assert compared > 500
    # the history tables: one run each, with the same figures
    cols = "status, files_seen, files_new, docs_decoded, articles_new, duplicates, quarantined"
    assert (
        here.execute(f"SELECT {cols} FROM runs").fetchall()
        == there.execute(f"SELECT {cols} FROM runs").fetchall()
    )


def test_parquet_written_to_the_bucket(runs):
    _, _, _, wh_url, _ = runs
    store = Store.open(wh_url)
    files = store.find("tables")
    assert any(f.startswith("tables/articles/published_month=") for f in files)
    assert all(f.endswith(".parquet") for f in files)
    assert store.exists(catalog.CATALOG) and store.exists("_snapshots/CURRENT")
    assert not store.exists("_lock")  # released


def test_catalog_of_s3_warehouse_answers_queries(runs):
    """A fresh session on the uploaded catalog reads the s3:// Parquet through httpfs."""
    _, remote, _, wh_url, _ = runs
    con = catalog.connect(Store.open(wh_url))
    (n,) = con.execute("select count(*) from articles").fetchone()
    assert n == remote["counts"]["articles"] > 0
    assert (
        con.execute("select count(*) from duckdb_secrets() where name = 'newsware_s3'").fetchone()[
            0
        ]
        == 1
    )
    # full-text search was built from the S3 files too
    hits = con.execute("select count(*) from search_articles('ukraine')").fetchone()[0]
    assert hits > 0


def test_dask_workers_reported_to_the_real_api(runs, prefect_api):
    """Every mapped batch ran as a task run of the flow run on the one real server (a worker
    without the API would have started its own temporary server and recorded nothing here)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import FlowRunSort

    from flows.api import pointed_at

    _, remote, *_ = runs
    batches = -(-remote["files_new"] // BATCH)

    async def task_runs() -> list[tuple[str, str]]:
        async with get_client() as client:
            flow_run = (await client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=1))[0]
            assert flow_run.state_name == "Completed"
            only = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id]))
            for _ in range(40):  # task states arrive as events: give them a moment
                got = await client.read_task_runs(flow_run_filter=only)
                done = [t for t in got if t.name.startswith("process-batch")]
                if len(done) >= batches and all(t.state_name == "Completed" for t in done):
                    break
                await asyncio.sleep(0.25)
            return [(t.name, t.state_name) for t in got]

    with pointed_at(prefect_api):
        got = asyncio.run(task_runs())
    names = [name.rsplit("-", 1)[0] for name, state in got if state == "Completed"]
    assert names.count("process-batch") == batches
    assert {"discover", "dedupe", "validate", "publish"} <= set(names)


def test_second_dask_run_on_s3_finds_nothing_new(runs, prefect_api):
    from flows.engines import flow_for

    _, remote, _, wh_url, _ = runs
    with flow_for(workers=1) as nightly:
        again = nightly(raw=f"s3://{BUCKET}/landing", warehouse=wh_url)
    assert again["status"] == "nothing_new"
    assert again["files_seen"] == remote["files_seen"] and again["files_new"] == 0


def test_empty_dump_on_s3_reads_as_empty(s3_env):
    """A 0-byte object must read as b"" like a 0-byte local file, not as 'unreadable'."""
    from warehouse.landing import list_landed, read_landed

    store = Store.open(f"s3://{BUCKET}-empty/landing")
    store.fs.mkdir(f"{BUCKET}-empty")
    store.fs.pipe(store.path("empty.txt"), b"")
    (item,) = list_landed(store)
    got = read_landed(store, item)
    assert getattr(got, "data", None) == b"", got
