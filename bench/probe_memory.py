"""Memory of the near-duplicate probe on a built warehouse: what one chunk of a big night pays.

    python -m bench.probe_memory --warehouse <warehouse> --docs 25000

The night is played by `--docs` stored articles sampled from the index (their own band hashes
are the probe's keys), so the candidates are those a chunk of that size would meet. Prints the
candidate rows, their Arrow size and the process's RSS before, at the peak of and after the
probe (`Warehouse.lsh_candidates`) and the unpacking that `fold` does first (`read_stored`).
"""

from __future__ import annotations

import argparse
import time

import duckdb
import psutil

from bench.run import TreeRss
from transforms.dedupe import NEWS
from transforms.dedupe.inputs import read_stored
from warehouse.warehouse import Warehouse


def night_bands(warehouse: str, docs: int, seed: int):
    """Band rows (band, band_hash, article_key) of `docs` stored articles, sampled."""
    con = duckdb.connect()
    try:
        bands = f"{warehouse}/tables/lsh_bands/*/*.parquet"
        con.execute(
            "CREATE TABLE sample AS SELECT DISTINCT article_key FROM read_parquet(?, "  # noqa: S608 - ints
            f"hive_partitioning = true) USING SAMPLE reservoir({int(docs)} ROWS) "
            f"REPEATABLE ({int(seed)})",
            [bands],
        )
        return con.execute(
            "SELECT band, band_hash, article_key FROM read_parquet(?, hive_partitioning = true, "
            "hive_types = {'band': SMALLINT}) SEMI JOIN sample USING (article_key)",
            [bands],
        ).to_arrow_table()
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--docs", type=int, default=25_000, help="documents in the played chunk")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    wh = Warehouse.open(args.warehouse)
    snap = wh.recover()
    keys = night_bands(args.warehouse, args.docs, args.seed)
    mb = 2**20
    base = psutil.Process().memory_info().rss
    with TreeRss(every=0.005) as rss:  # this process's own peak is rss.peak_self
        start = time.perf_counter()
        candidates = wh.lsh_candidates(snap, keys, NEWS)
        took = time.perf_counter() - start
    after = psutil.Process().memory_info().rss
    print(
        f"probe: {took:.2f} s, {candidates.num_rows:,} candidate rows, "
        f"{candidates.nbytes / mb:.0f} MB as Arrow; RSS {base / mb:.0f} -> peak "
        f"{rss.peak_self / mb:.0f} -> {after / mb:.0f} MB"
    )
    with TreeRss(every=0.005) as rss:
        start = time.perf_counter()
        stored = read_stored(candidates, NEWS)
        took = time.perf_counter() - start
    print(
        f"read_stored: {took:.2f} s, {len(stored.articles):,} articles; RSS peak "
        f"{rss.peak_self / mb:.0f} -> {psutil.Process().memory_info().rss / mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
