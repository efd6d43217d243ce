"""Dedupe speed and memory: a full batch of N docs, then a night of new docs against N stored.

    python -m bench.dedup_speed --n 1000000 [--night 10000] [--workers 2]

Documents are synthetic news-sized bodies (Zipf vocabulary of 60,000 words, 450-750 words,
punctuation and capitals), 10% of them near-duplicates (a paragraph added or edited, or the
ending trimmed by 5-20%) and 5% exact copies of an earlier doc. Each measured step runs in a fresh
subprocess so that its peak RSS (ru_maxrss) is its own:

- full: `signatures` + `fold` of all N docs in one batch (a rebuild), then the LSH index of
  the result written as Parquet the way the flow stores it (lsh_bands partitioned by band and
  sorted by band_hash; lsh_signatures sorted by article_id);
- night: `signatures` of the night's docs (20% near-duplicates of stored docs), the DuckDB
  candidate lookup against the stored Parquet index, and `fold`.

A Python-shingling baseline (split, 5-word shingles, rensa RMinHash per doc; what STACK.md
measured) runs on a sample for comparison. Results go to bench/results/dedup_speed_<n>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

RESULTS = Path(__file__).resolve().parent / "results"
VOCAB = 60_000


@cache
def _vocab() -> list[str]:
    rng = np.random.default_rng(0)
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", np.uint8)
    words = []
    for i in range(VOCAB):
        w = bytes(letters[rng.integers(0, 26, rng.integers(2, 11))]).decode()
        words.append(w.capitalize() if i % 9 == 0 else w)
    return words


@cache
def _cdf() -> np.ndarray:
    cdf = np.cumsum(1.0 / np.arange(1, VOCAB + 1))
    return cdf / cdf[-1]


def _paragraphs(rng: np.random.Generator) -> list[str]:
    n_words = int(rng.integers(450, 751))
    vocab = _vocab()
    idx = np.minimum(np.searchsorted(_cdf(), rng.random(n_words)), VOCAB - 1)
    words = [vocab[i] for i in idx.tolist()]
    for j in rng.integers(0, n_words, n_words // 15).tolist():
        words[j] += ","
    cuts = [0, *np.sort(rng.choice(np.arange(20, n_words - 20), 5, replace=False)).tolist()]
    return [" ".join(words[a:b]) + "." for a, b in zip(cuts, [*cuts[1:], n_words], strict=True)]


def make_docs(n: int, seed: int, start: int = 0, base: pa.Table | None = None) -> pa.Table:
    """n synthetic docs with ids from `start`; near/exact copies come from `base` (or own)."""
    rng = np.random.default_rng(seed)
    bodies: list[str] = []
    kinds: list[str] = []
    pool = base.column("body").to_pylist() if base is not None else bodies
    near_rate, exact_rate = (0.2, 0.0) if base is not None else (0.10, 0.05)
    for _ in range(n):
        roll = rng.random()
        if pool and roll < near_rate:
            paras = pool[int(rng.integers(0, len(pool)))].split("\n\n")
            how = rng.integers(0, 3)
            if how == 0:  # a paragraph of at most 80 words added
                added = " ".join(_paragraphs(rng)[0].split()[:80])
                paras.insert(int(rng.integers(1, len(paras))), added)
            elif how == 1:  # a sentence added to one paragraph
                k = int(rng.integers(0, len(paras)))
                paras[k] = paras[k] + " The claim could not be independently verified."
            body = "\n\n".join(paras)
            if how == 2:  # the ending trimmed: cut at 80-95% of the text
                body = body[: int(len(body) * (0.8 + 0.15 * rng.random()))]
            bodies.append(body)
            kinds.append("near")
        elif pool and roll < near_rate + exact_rate:
            bodies.append(pool[int(rng.integers(0, len(pool)))])
            kinds.append("exact")
        else:
            bodies.append("\n\n".join(_paragraphs(rng)))
            kinds.append("original")
    base_ts = 1_709_000_000_000_000 + start * 60_000_000
    return pa.table(
        {
            "doc_id": [f"{i:016x}" for i in range(start, start + n)],
            "body": bodies,
            "published_at": pa.array(
                base_ts + np.arange(n) * 60_000_000, pa.timestamp("us", tz="UTC")
            ),
            "capture_date": pa.array(
                (19_700 + (start + np.arange(n)) // 30_000).astype(np.int32), pa.date32()
            ),
            "kind": kinds,
        }
    )


def _peak_rss_mb() -> float:
    """Peak resident memory of this process image (VmHWM; ru_maxrss survives exec on Linux)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_core(docs: pa.Table) -> dict:
    """CPU microseconds per doc, one thread: ours vs Python shingling (robust to a busy box)."""
    from dataclasses import replace

    from transforms.dedupe import NEWS, signatures

    c0 = time.process_time()
    signatures(docs.select(["doc_id", "body"]), replace(NEWS, workers=1))
    ours = (time.process_time() - c0) / docs.num_rows * 1e6
    c0 = time.process_time()
    python_baseline(docs.column("body").to_pylist())
    python = (time.process_time() - c0) / docs.num_rows * 1e6
    return {"ours_cpu_us_per_doc": ours, "python_cpu_us_per_doc": python, "ratio": python / ours}


def python_baseline(bodies: list[str]) -> float:
    """docs/s of per-document Python shingling + rensa (one core)."""
    import rensa

    t0 = time.perf_counter()
    for body in bodies:
        words = body.lower().split()
        shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
        m = rensa.RMinHash(128, 42)
        m.update(list(shingles))
        m.digest()
    return len(bodies) / (time.perf_counter() - t0)


def write_index(result, folder: Path) -> None:
    bands = result.index_bands
    ds.write_dataset(
        bands,
        folder / "lsh_bands",
        format="parquet",
        partitioning=ds.partitioning(pa.schema([("band", pa.int16())]), flavor="hive"),
        existing_data_behavior="delete_matching",
        max_rows_per_group=64 * 1024,
    )
    pq.write_table(result.index_signatures, folder / "lsh_signatures.parquet", row_group_size=16384)


def _head(path: Path, rows: int) -> pa.Table:
    """The first `rows` rows of a Parquet file, read batch by batch."""
    batches, got = [], 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=min(rows, 50_000)):
        batches.append(batch.slice(0, rows - got))
        got += len(batches[-1])
        if got >= rows:
            break
    return pa.Table.from_batches(batches)


def scenario_full(docs_path: Path, index_dir: Path, workers: int) -> dict:
    """Signatures batch by batch as the flow would compute them, then one fold of all."""
    from dataclasses import replace

    from transforms.dedupe import NEWS, fold, signatures

    config = replace(NEWS, workers=workers)
    c0 = time.process_time()
    t0 = time.perf_counter()
    parts, read_s = [], 0.0
    source = pq.ParquetFile(docs_path)  # row groups of 50,000 docs, one in memory at a time
    for group in range(source.num_row_groups):
        r0 = time.perf_counter()
        docs = source.read_row_group(group).drop_columns(["kind"])
        read_s += time.perf_counter() - r0
        parts.append(signatures(docs, config))
    sigs = pa.concat_tables(parts)
    del parts, docs
    t1 = time.perf_counter()
    rss_signatures = _peak_rss_mb()
    result = fold(sigs, None, config)
    t2 = time.perf_counter()
    c2 = time.process_time()
    rss_fold = _peak_rss_mb()
    write_index(result, index_dir)
    t3 = time.perf_counter()
    return {
        "docs": sigs.num_rows,
        "signatures_s": t1 - t0 - read_s,
        "read_input_s": read_s,
        "fold_s": t2 - t1,
        "dedup_s": t2 - t0 - read_s,
        "dedup_cpu_s": c2 - c0,
        "docs_per_s": sigs.num_rows / (t2 - t0 - read_s),
        "signatures_docs_per_s": sigs.num_rows / (t1 - t0 - read_s),
        "write_index_s": t3 - t2,
        "articles": result.articles.num_rows,
        "duplicates": result.duplicates.num_rows,
        "index_band_rows": result.index_bands.num_rows,
        "index_bytes_on_disk": sum(f.stat().st_size for f in index_dir.rglob("*.parquet")),
        "peak_rss_mb_after_signatures": rss_signatures,
        "peak_rss_mb_after_fold": rss_fold,
        "peak_rss_mb_with_index_write": _peak_rss_mb(),
    }


CANDIDATES_SQL = """
SELECT s.article_id, s.content_hash, s.signature, s.capture_date, s.sketch
FROM read_parquet($sigs) s
WHERE s.sketch = $sketch AND s.article_key IN (
    SELECT b.article_key
    FROM read_parquet($bands, hive_partitioning = true) b
    JOIN probe p ON b.band = p.band AND b.band_hash = p.band_hash)
"""


def scenario_night(night_path: Path, index_dir: Path, workers: int) -> dict:
    from dataclasses import replace

    import duckdb

    from transforms.dedupe import NEWS, band_rows, fold, signatures

    config = replace(NEWS, workers=workers)
    docs = pq.read_table(night_path)
    kinds = docs.column("kind")
    docs = docs.drop_columns(["kind"])
    c0 = time.process_time()
    t0 = time.perf_counter()
    sigs = signatures(docs, config)
    t1 = time.perf_counter()
    probe = band_rows(sigs, "doc_id", config).select(["band", "band_hash"])
    con = duckdb.connect()
    con.execute(f"SET threads = {workers}")
    con.register("probe", probe)
    candidates = con.execute(
        CANDIDATES_SQL,
        {
            "sigs": str(index_dir / "lsh_signatures.parquet"),
            "bands": str(index_dir / "lsh_bands" / "*" / "*.parquet"),
            "sketch": config.sketch_id,
        },
    ).fetch_arrow_table()
    t2 = time.perf_counter()
    result = fold(sigs, candidates, config)
    t3 = time.perf_counter()
    missed = pc.and_(pc.equal(kinds, "near"), result_new_article(result, docs))
    folded_to_stored = pc.sum(pc.invert(result.assignments.column("new_article"))).as_py()
    return {
        "docs": sigs.num_rows,
        "near_copies_of_stored": int(pc.sum(pc.equal(kinds, "near")).as_py()),
        "signatures_s": t1 - t0,
        "lookup_s": t2 - t1,
        "fold_s": t3 - t2,
        "dedup_s": t3 - t0,
        "dedup_cpu_s": time.process_time() - c0,
        "near_copies_not_folded": int(pc.sum(missed).as_py()),
        "candidate_rows": candidates.num_rows,
        "folded_into_stored": folded_to_stored,
        "peak_rss_mb": _peak_rss_mb(),
    }


def result_new_article(result, docs: pa.Table) -> pa.Array:
    """`new_article` of each doc of `docs`, in the order of `docs`."""
    flags = dict(
        zip(
            result.assignments.column("doc_id").to_pylist(),
            result.assignments.column("new_article").to_pylist(),
            strict=True,
        )
    )
    return pa.array([flags[d] for d in docs.column("doc_id").to_pylist()])


def _run(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.dedup_speed", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="docs in the full batch / stored")
    parser.add_argument("--night", type=int, default=10_000, help="new docs in the night")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--scenario", choices=["full", "night"], help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scenario == "full":
        print(json.dumps(scenario_full(args.docs, args.index, args.workers)))
        return {}
    if args.scenario == "night":
        print(json.dumps(scenario_night(args.docs, args.index, args.workers)))
        return {}

    RESULTS.mkdir(parents=True, exist_ok=True)
    docs_path = RESULTS / f"dedup_speed_docs_{args.n}_{args.seed}.parquet"
    night_path = RESULTS / f"dedup_speed_night_{args.n}_{args.night}_{args.seed}.parquet"
    index_dir = RESULTS / f"dedup_speed_index_{args.n}_{args.seed}"
    report: dict = {
        "n": args.n,
        "night": args.night,
        "workers": args.workers,
        "cpus": os.cpu_count(),
    }
    t0 = time.perf_counter()
    if not docs_path.exists():
        step = 50_000
        partial = docs_path.with_suffix(".tmp")
        writer = None  # row groups of `step` rows: the full scenario reads one at a time
        for start in range(0, args.n, step):
            chunk = make_docs(min(step, args.n - start), args.seed + start, start)
            writer = writer or pq.ParquetWriter(partial, chunk.schema)
            writer.write_table(chunk, row_group_size=step)
        writer.close()
        partial.rename(docs_path)
    if not night_path.exists():
        stored_sample = _head(docs_path, min(args.n, 200_000))
        night = make_docs(args.night, args.seed + 10**9, args.n, base=stored_sample)
        pq.write_table(night, night_path)
        del stored_sample, night
    report["generate_s"] = time.perf_counter() - t0
    report["per_core"] = per_core(_head(docs_path, 10_000))
    base = ["--docs", str(docs_path), "--index", str(index_dir), "--workers", str(args.workers)]
    report["full"] = _run(["--scenario", "full", *base])
    night_args = ["--docs", str(night_path), "--index", str(index_dir)]
    report["night"] = _run(["--scenario", "night", *night_args, "--workers", str(args.workers)])
    out = RESULTS / f"dedup_speed_{args.n}.json"
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
