"""bench.probe_memory plays a chunk with stored articles: each meets itself among the candidates."""

from __future__ import annotations

import sys

from bench import probe_memory
from corpus.generate import write_corpus
from flows.nightly import nightly
from transforms.dedupe import NEWS, band_rows, narrow
from warehouse.warehouse import Warehouse


def test_the_played_chunk_finds_its_own_articles(tmp_path, monkeypatch, capsys, prefect_harness):
    raw, wh_path = tmp_path / "raw", tmp_path / "wh"
    write_corpus(raw, n=60, seed=3)
    nightly(raw=str(raw), warehouse=str(wh_path))

    night = probe_memory.night_docs(str(wh_path), docs=10, seed=1)
    assert night.num_rows == 10
    played = {d.split("/")[0] for d in night["doc_id"].to_pylist()}
    wh = Warehouse.open(str(wh_path))
    snap = wh.recover()
    found = wh.lsh_candidates(snap, band_rows(night), NEWS)
    assert played <= set(found["article_id"].to_pylist())
    near = narrow(night, wh.lsh_candidate_batches(snap, band_rows(night), NEWS, rows=3), NEWS)
    assert played <= set(near.candidates["article_id"].to_pylist())  # its twin, at least

    monkeypatch.setattr(sys, "argv", ["probe_memory", "--warehouse", str(wh_path), "--docs", "10"])
    probe_memory.main()
    out = capsys.readouterr().out
    assert "all at once" in out and "streamed" in out and "kept" in out
