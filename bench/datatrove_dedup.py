"""datatrove's 4-stage MinHash dedup over JSONL shards, for bench/dedup_quality.py.

Runs inside /work/main/.venv-datatrove (datatrove is a benchmark-only dependency and never goes
into .venv), so it imports nothing from this repository. Prints nothing useful; writes
{"clusters": {doc id: cluster id}, "seconds": total, "stages": {...}} to --out. Tokenisation
is a plain `str.split` (datatrove's own whitespace tokenizer needs spaCy; NLTK needs data
downloads), which favours datatrove's speed. Its default MinhashConfig is used
(5-grams, 14 buckets x 8 hashes: LSH threshold about 0.72) unless --buckets/--rows are given.

The virtualenv (benchmark only; keep it out of git):

    python3 -m venv .venv-datatrove
    .venv-datatrove/bin/pip install datatrove==0.10.1 regex tokenizers orjson "xxhash<4"

(datatrove 0.10.1 hashes `str` with xxhash, which xxhash 4 refuses, hence "xxhash<4".)
"""

from __future__ import annotations

import argparse
import json
import struct
import time
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.word_tokenizers import WordTokenizer


class SplitTokenizer(WordTokenizer):
    def word_tokenize(self, text: str) -> list[str]:
        return text.split()

    def sent_tokenize(self, text: str) -> list[str]:
        return text.split("\n")

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        raise NotImplementedError


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--buckets", type=int, default=14)
    parser.add_argument("--rows", type=int, default=8)
    args = parser.parse_args()
    work = Path(args.work)
    shards = sorted(Path(args.input).glob("*.jsonl"))
    tasks = len(shards)
    config = MinhashConfig(num_buckets=args.buckets, hashes_per_bucket=args.rows)
    tok = SplitTokenizer()

    def reader() -> JsonlReader:
        return JsonlReader(args.input, glob_pattern="*.jsonl")

    stages = {
        "signatures": LocalPipelineExecutor(
            pipeline=[
                reader(),
                MinhashDedupSignature(str(work / "sigs"), config=config, language=tok),
            ],
            tasks=tasks,
            workers=args.workers,
            logging_dir=str(work / "logs1"),
        ),
        "buckets": LocalPipelineExecutor(
            pipeline=[
                MinhashDedupBuckets(str(work / "sigs"), str(work / "buckets"), config=config)
            ],
            tasks=config.num_buckets,
            workers=args.workers,
            logging_dir=str(work / "logs2"),
        ),
        "cluster": LocalPipelineExecutor(
            pipeline=[
                MinhashDedupCluster(
                    str(work / "buckets"), str(work / "remove"), config=config, save_cluster_id=True
                )
            ],
            tasks=1,
            logging_dir=str(work / "logs3"),
        ),
        "filter": LocalPipelineExecutor(
            pipeline=[
                reader(),
                MinhashDedupFilter(str(work / "remove"), load_cluster_ids=True),
                JsonlWriter(str(work / "kept")),
            ],
            tasks=tasks,
            workers=args.workers,
            logging_dir=str(work / "logs4"),
        ),
    }
    timings = {}
    for name, executor in stages.items():
        t0 = time.perf_counter()
        executor.run()
        timings[name] = time.perf_counter() - t0

    # Cluster ids: (rank, index in the rank's file) -> cluster; the rank-th task read shard rank.
    clusters: dict[str, str] = {}
    for rank, shard in enumerate(shards):
        ids = [json.loads(line)["id"] for line in shard.open(encoding="utf-8")]
        path = work / "remove" / f"{rank:06d}.clusters"
        if not path.exists():
            continue
        data = path.read_bytes()
        for idx, cluster in struct.iter_unpack("<2I", data):
            clusters[ids[idx]] = f"dt-{cluster}"
    Path(args.out).write_text(
        json.dumps({"clusters": clusters, "seconds": sum(timings.values()), "stages": timings})
    )


if __name__ == "__main__":
    main()
