"""The near-duplicate probe joins the stored signatures to the hit keys, never the reverse.

A hash join keeps its build side in memory. Built on the signatures scan, it would hold every
candidate's 512-byte signature at once (+340 MB at a million stored articles); DuckDB chose
that side when it guessed the hit keys' count from estimates, so the keys are fetched first.
"""

from __future__ import annotations

import json

from corpus.generate import write_corpus
from flows.nightly import nightly
from transforms.dedupe import NEWS
from warehouse import duck
from warehouse import warehouse as module
from warehouse.warehouse import Warehouse


def _semi_joins(node: dict) -> list[dict]:
    found = [node] if node["name"] == "HASH_JOIN" and "SEMI" in _info(node, "Join Type") else []
    return found + [j for child in node["children"] for j in _semi_joins(child)]


def _info(node: dict, key: str) -> str:
    value = node.get("extra_info", {}).get(key, "")
    return " ".join(value) if isinstance(value, list) else str(value)


def _reads_signatures(node: dict) -> bool:
    here = node["name"] == "READ_PARQUET" and "signature" in _info(node, "Projections")
    return here or any(_reads_signatures(c) for c in node["children"])


def build_sides_holding_signatures(plan: list[dict]) -> list[str]:
    """The semi joins whose build side (the second child) scans the signature column."""
    return [
        _info(j, "Join Type")
        for root in plan
        for j in _semi_joins(root)
        if _reads_signatures(j["children"][1])
    ]


def test_the_candidates_join_is_built_on_the_hit_keys(tmp_path, prefect_harness):
    raw, wh_path = tmp_path / "raw", tmp_path / "wh"
    write_corpus(raw, n=60, seed=3)
    nightly(raw=str(raw), warehouse=str(wh_path))
    wh = Warehouse.open(str(wh_path))
    snap = wh.recover()
    sigs = [wh.store.uri(f) for f in snap.table_files("lsh_signatures")]
    con = duck.session()
    try:
        keys = con.execute(
            "SELECT DISTINCT article_key FROM read_parquet($sigs, hive_partitioning = true)",
            {"sigs": sigs},
        ).to_arrow_table()
        assert keys.num_rows > 0
        con.register("hits", keys)  # every stored article a hit: the probe's widest case
        explained = con.execute(
            "EXPLAIN (FORMAT json) " + module._CANDIDATES,  # noqa: SLF001
            {"sigs": sigs, "sketch": NEWS.sketch_id},
        ).fetchall()
    finally:
        con.close()
    plan = json.loads(explained[0][1])
    assert _semi_joins(plan[0]), "the probe should filter the signatures by a semi join"
    assert build_sides_holding_signatures(plan) == []


def test_the_check_sees_a_join_built_on_the_signatures():
    """The helper above flags the plan DuckDB chose at a million stored (RIGHT_SEMI)."""
    scan = {"name": "READ_PARQUET", "children": [], "extra_info": {"Projections": ["signature"]}}
    keys = {"name": "ARROW_SCAN", "children": [], "extra_info": {}}
    join = {"name": "HASH_JOIN", "extra_info": {"Join Type": "RIGHT_SEMI"}}
    assert build_sides_holding_signatures([{**join, "children": [keys, scan]}]) == ["RIGHT_SEMI"]
    assert build_sides_holding_signatures([{**join, "children": [scan, keys]}]) == []
