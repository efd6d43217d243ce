"""bench.probe_memory plays a chunk with stored articles: each meets itself among the candidates."""

from __future__ import annotations

import sys

import pyarrow.compute as pc

from bench import probe_memory
from corpus.generate import write_corpus
from flows.nightly import nightly
from transforms.dedupe import NEWS
from transforms.dedupe.index import article_keys
from warehouse.warehouse import Warehouse


def test_the_played_chunk_finds_its_own_articles(tmp_path, monkeypatch, capsys, prefect_harness):
    raw, wh_path = tmp_path / "raw", tmp_path / "wh"
    write_corpus(raw, n=60, seed=3)
    nightly(raw=str(raw), warehouse=str(wh_path))

    bands = probe_memory.night_bands(str(wh_path), docs=10, seed=1)
    played = set(pc.unique(bands["article_key"]).to_pylist())
    assert 0 < len(played) <= 10
    wh = Warehouse.open(str(wh_path))
    found = wh.lsh_candidates(wh.recover(), bands, NEWS)
    assert played <= set(article_keys(found["article_id"]).to_pylist())

    monkeypatch.setattr(sys, "argv", ["probe_memory", "--warehouse", str(wh_path), "--docs", "10"])
    probe_memory.main()
    out = capsys.readouterr().out
    assert "candidate rows" in out and "read_stored" in out
