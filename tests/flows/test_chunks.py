"""A night bigger than one chunk: taken a chunk at a time (bounded memory), with the same
tables as taking it whole, one dq_results row per expectation, and all-or-nothing publishing."""

from __future__ import annotations

import duckdb
import pytest

import flows.nightly as nightly_module
from bench.soak import table_rows
from corpus.generate import write_corpus
from flows.held import Held
from flows.nightly import ValidationFailed, nightly


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    raw = tmp_path_factory.mktemp("chunks") / "raw"
    write_corpus(raw, n=120, seed=11)
    return raw


def _run(raw, wh, monkeypatch, chunk: int) -> dict:
    monkeypatch.setenv("NEWSWARE_CHUNK_FILES", str(chunk))
    return nightly(raw=str(raw), warehouse=str(wh), batch_files=20)


def test_chunked_night_equals_the_same_files_landing_over_several_nights(
    raw, tmp_path, monkeypatch, prefect_harness
):
    """Chunks are taken in path order, each deduplicated against the ones before it: exactly
    as if each chunk had landed on a night of its own (ids stay those of the first capture
    taken, as across nights), but published once."""
    chunked = _run(raw, tmp_path / "chunked", monkeypatch, chunk=35)

    landing = tmp_path / "landing"
    landing.mkdir()
    files = sorted(raw.iterdir())
    for start in range(0, len(files), 35):
        for f in files[start : start + 35]:
            (landing / f.name).write_bytes(f.read_bytes())
        _run(landing, tmp_path / "nightly", monkeypatch, chunk=10_000)
    assert table_rows(tmp_path / "chunked") == table_rows(tmp_path / "nightly")

    whole = _run(raw, tmp_path / "whole", monkeypatch, chunk=10_000)
    assert chunked["ledger"] == whole["ledger"]
    assert chunked["files_new"] == len(files)

    con = duckdb.connect(str(tmp_path / "chunked" / "catalog.duckdb"), read_only=True)
    per_check = con.execute(
        'SELECT count(*), count(DISTINCT ("table", expectation)) FROM dq_results'
    ).fetchone()
    snapshots = con.execute("SELECT snapshot_seq FROM _catalog").fetchone()[0]
    con.close()
    assert per_check[0] == per_check[1] > 0
    assert snapshots == 1  # four chunks, one publish


def test_rows_held_to_the_end_of_the_night_give_the_tables_of_writing_each_chunk(
    raw, tmp_path, monkeypatch, prefect_harness
):
    """Rows that would rewrite stored files are held and written once after the last chunk
    (flows/held.py): the same tables as writing every chunk's rows as they come."""
    sizes = []
    add = Held.add
    monkeypatch.setattr(Held, "add", lambda self, t: sizes.append(len(t)) or add(self, t))
    _run(raw, tmp_path / "held", monkeypatch, chunk=35)
    assert sum(sizes) > 0  # later chunks did change rows of earlier ones
    monkeypatch.setattr(nightly_module, "HELD_TABLES", ())
    _run(raw, tmp_path / "each", monkeypatch, chunk=35)
    assert table_rows(tmp_path / "held") == table_rows(tmp_path / "each")


def test_pooled_chunks_overlap_and_build_the_same_tables(
    raw, tmp_path, monkeypatch, prefect_harness
):
    """With worker processes the next chunk is processed while this one is deduplicated and
    written: same tables and ledger as taking the chunks one after the other in threads."""
    threaded = _run(raw, tmp_path / "threads", monkeypatch, chunk=35)
    monkeypatch.setattr(nightly_module, "POOL_MIN_FILES", 1)
    pooled = _run(raw, tmp_path / "pool", monkeypatch, chunk=35)
    assert pooled["ledger"] == threaded["ledger"]
    assert table_rows(tmp_path / "pool") == table_rows(tmp_path / "threads")


@pytest.mark.parametrize("pool", [False, True], ids=["threads", "pool"])
def test_a_failing_chunk_publishes_nothing_of_the_night(
    raw, tmp_path, monkeypatch, prefect_harness, pool
):
    if pool:  # the next chunk is already being processed when this one fails
        monkeypatch.setattr(nightly_module, "POOL_MIN_FILES", 1)
    junk = tmp_path / "junk"
    junk.mkdir()
    for f in sorted(raw.iterdir())[:40]:
        (junk / f.name).write_bytes(f.read_bytes())
    for i in range(50):  # a last chunk of pages with nothing but chrome: no article at all
        (junk / f"zz-{i:02d}.txt").write_text(f"      date 2024-03-11      Menu {i}\n<script>\n")
    wh = tmp_path / "wh"
    with pytest.raises(ValidationFailed):
        _run(junk, wh, monkeypatch, chunk=40)  # chunks: 40 good, 40 chrome, 10 chrome
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM raw_files").fetchone()[0] == 0
    assert con.execute("SELECT status FROM runs").fetchone()[0] == "failed_validation"
    con.close()


def test_every_key_is_one_row_after_a_chunked_night(tmp_path, monkeypatch, prefect_harness):
    """Live items are dated by the capture that shows them: the same item on a page of
    another month reaches a later chunk dated there, and must still meet its stored row."""
    from warehouse.schemas import ALL_TABLES

    raw = tmp_path / "raw"
    write_corpus(raw, n=400, seed=1)  # repeats live items across months (found by search)
    _run(raw, tmp_path / "wh", monkeypatch, chunk=100)
    con = duckdb.connect(str(tmp_path / "wh" / "catalog.duckdb"), read_only=True)
    repeated = {}
    for name, spec in ALL_TABLES.items():
        if spec.key:
            key = ", ".join(spec.key)
            sql = f"SELECT count(*) - count(DISTINCT ({key})), count(*) FROM {name}"  # noqa: S608
            repeated[name] = con.execute(sql).fetchone()
    con.close()
    assert repeated["live_updates"][1] > 0
    assert {name: n for name, (n, _) in repeated.items() if n} == {}
