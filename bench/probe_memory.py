"""Memory of the near-duplicate probe on a built warehouse: what one chunk of a big night pays.

    python -m bench.probe_memory --warehouse <warehouse> --docs 25000

The night is played by `--docs` stored articles sampled from the index (their signatures are
the night's), so the candidates are those a chunk of that size would meet, and each doc meets
its own stored twin. Prints, for the same night, the process's RSS before and at the peak of
the two ways to get what `fold` unpacks (`read_stored`):

- all at once: every candidate (`Warehouse.lsh_candidates`), then unpacked;
- streamed: candidates in batches, only the articles a doc may join kept (`narrow`), as the
  flow does.
"""

from __future__ import annotations

import argparse
import gc
import time

import duckdb
import numpy as np
import psutil
import pyarrow as pa

from bench.run import TreeRss
from transforms.dedupe import NEWS, band_rows, narrow
from transforms.dedupe.inputs import matrix, read_stored
from transforms.dedupe.sketch import band_hashes, bands_type, signature_type
from warehouse.warehouse import Warehouse

MB = 2**20


def night_docs(warehouse: str, docs: int, seed: int) -> pa.Table:
    """`signatures`-shaped rows (doc_id, content_hash, signature, band_hashes) of `docs`
    stored article versions, sampled: the played night."""
    con = duckdb.connect()
    try:
        sigs = f"{warehouse}/tables/lsh_signatures/*/*.parquet"
        t = con.execute(
            "SELECT article_id || '/' || content_hash AS doc_id, content_hash, signature "  # noqa: S608 - ints
            "FROM read_parquet(?, hive_partitioning = true) "
            f"USING SAMPLE reservoir({int(docs)} ROWS) REPEATABLE ({int(seed)})",
            [sigs],
        ).to_arrow_table()
    finally:
        con.close()
    signature = t.column("signature").cast(signature_type(NEWS))
    sig, _ = matrix(signature, np.uint32)
    bands = band_hashes(sig, NEWS)
    column = pa.FixedSizeListArray.from_arrays(pa.array(bands.reshape(-1)), NEWS.bands)
    return t.set_column(2, "signature", signature).append_column(
        pa.field("band_hashes", bands_type(NEWS)), column
    )


def _rss() -> float:
    return psutil.Process().memory_info().rss / MB


def all_at_once(wh: Warehouse, snap, night: pa.Table) -> str:
    base = _rss()
    with TreeRss(every=0.005) as rss:  # this process's own peak is rss.peak_self
        start = time.perf_counter()
        candidates = wh.lsh_candidates(snap, band_rows(night), NEWS)
        stored = read_stored(candidates, NEWS)
        took = time.perf_counter() - start
    rows, size = candidates.num_rows, candidates.nbytes
    del candidates, stored
    return (
        f"all at once: {took:.2f} s, {rows:,} candidate rows, {size / MB:.0f} MB as Arrow; "
        f"RSS {base:.0f} -> peak {rss.peak_self / MB:.0f} MB"
    )


def streamed(wh: Warehouse, snap, night: pa.Table) -> str:
    base = _rss()
    with TreeRss(every=0.005) as rss:
        start = time.perf_counter()
        near = narrow(night, wh.lsh_candidate_batches(snap, band_rows(night), NEWS), NEWS)
        stored = read_stored(near.candidates, NEWS)
        took = time.perf_counter() - start
    kept, size = near.candidates.num_rows, near.candidates.nbytes
    del near, stored
    return (
        f"streamed: {took:.2f} s, kept {kept:,} rows, {size / MB:.0f} MB as Arrow; "
        f"RSS {base:.0f} -> peak {rss.peak_self / MB:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--docs", type=int, default=25_000, help="documents in the played chunk")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    wh = Warehouse.open(args.warehouse)
    snap = wh.recover()
    night = night_docs(args.warehouse, args.docs, args.seed)
    print(f"night: {night.num_rows:,} docs played by stored versions")
    for probe in (streamed, all_at_once):  # streamed first: the other leaves freed pages
        print(probe(wh, snap, night), flush=True)
        gc.collect()


if __name__ == "__main__":
    main()
