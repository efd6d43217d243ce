"""Near-duplicate quality on the labelled sample corpus, against datatrove's MinHash dedup.

    python -m bench.dedup_quality [--n 5000] [--seed 1] [--no-datatrove]

Ground truth is `label.story_id`: documents of one story must fold into one article and
documents of different stories never. Scores are pair-level (every pair of documents put in
one cluster is a predicted pair) plus, per variant kind, the share of documents folded with
their source, and for hard negatives the share wrongly folded with the story they mirror.
Runs: one batch across thresholds (the precision/recall curve), night by night against an
in-memory LSH index (the production path), and datatrove in its own virtualenv
(`.venv-datatrove`, see bench/datatrove_dedup.py) on the same bodies.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bench.dedup_corpus import RESULTS, labelled_docs
from transforms.dedupe import LSH_BANDS, NEWS, DedupeConfig, band_rows, fold, signatures

REPO = Path(__file__).resolve().parents[1]
DATATROVE_PYTHON = REPO / ".venv-datatrove" / "bin" / "python"
THRESHOLDS = (0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9)


def _pairs(counts: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def pair_scores(truth: list[str], predicted: list[str]) -> dict[str, float]:
    """Pair precision, recall and F1 of a clustering against the true clusters."""
    tp = _pairs(Counter(zip(truth, predicted, strict=True)))
    pred, true = _pairs(Counter(predicted)), _pairs(Counter(truth))
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "true_pairs": true,
        "predicted_pairs": pred,
    }


def kind_scores(docs: pa.Table, predicted: list[str]) -> dict[str, float]:
    """Per variant kind: share folded with its source (hard_negative: share wrongly folded)."""
    cluster = dict(zip(docs.column("name").to_pylist(), predicted, strict=True))
    hits: Counter = Counter()
    totals: Counter = Counter()
    for name, kind, of in zip(
        docs.column("name").to_pylist(),
        docs.column("kind").to_pylist(),
        docs.column("of").to_pylist(),
        strict=True,
    ):
        if of is None or of not in cluster:
            continue
        totals[kind] += 1
        hits[kind] += cluster[name] == cluster[of]
    return {kind: hits[kind] / totals[kind] for kind in sorted(totals)}


def source_similarity(docs: pa.Table, sigs: pa.Table) -> dict[str, dict[str, float]]:
    """Estimated Jaccard of each variant to its source, summarised per kind."""
    names = docs.column("name").to_pylist()
    row = {n: i for i, n in enumerate(names)}
    sig = sigs.column("signature").combine_chunks()
    width = sig.type.list_size
    mat = sig.flatten().to_numpy().reshape(-1, width) if sig.null_count == 0 else None
    if mat is None:
        return {}
    by_kind: dict[str, list[float]] = {}
    for name, kind, of in zip(
        names, docs.column("kind").to_pylist(), docs.column("of").to_pylist(), strict=True
    ):
        if of in row:
            by_kind.setdefault(kind, []).append(float((mat[row[name]] == mat[row[of]]).mean()))
    return {
        kind: {
            "n": len(v),
            "min": min(v),
            "p05": float(np.percentile(v, 5)),
            "median": float(np.median(v)),
            "p95": float(np.percentile(v, 95)),
            "max": max(v),
        }
        for kind, v in sorted(by_kind.items())
    }


def batch_curve(docs: pa.Table, sigs: pa.Table, thresholds=THRESHOLDS) -> list[dict]:
    truth = docs.column("story_id").to_pylist()
    order = {d: i for i, d in enumerate(docs.column("doc_id").to_pylist())}
    curve = []
    for t in thresholds:
        config = dataclasses.replace(NEWS, min_similarity=t)
        result = fold(sigs, config=config)
        mapping = dict(
            zip(
                result.assignments.column("doc_id").to_pylist(),
                result.assignments.column("article_id").to_pylist(),
                strict=True,
            )
        )
        predicted = [mapping[d] for d in sorted(order, key=order.get)]
        curve.append({"threshold": t, **pair_scores(truth, predicted)})
    return curve


def nightly(docs: pa.Table, config: DedupeConfig = NEWS) -> tuple[list[str], dict]:
    """Fold night by night (capture_date) against an in-memory index; (clusters, timings)."""
    stored_bands = LSH_BANDS.empty_table()
    stored_sigs = None
    mapping: dict[str, str] = {}
    timings = {"nights": 0, "signatures_s": 0.0, "lookup_s": 0.0, "fold_s": 0.0}
    for day in sorted(set(docs.column("capture_date").to_pylist())):
        night = docs.filter(pc.equal(docs.column("capture_date"), pa.scalar(day, pa.date32())))
        t0 = time.perf_counter()
        sigs = signatures(night.select(["doc_id", "body", "published_at", "capture_date"]), config)
        t1 = time.perf_counter()
        probe = band_rows(sigs, "doc_id", config).rename_columns(["band", "band_hash", "doc_key"])
        hits = stored_bands.join(probe, keys=["band", "band_hash"], join_type="inner")
        wanted = pc.unique(hits.column("article_key"))
        candidates = (
            stored_sigs.filter(pc.is_in(stored_sigs.column("article_key"), wanted))
            if stored_sigs is not None
            else None
        )
        t2 = time.perf_counter()
        result = fold(sigs, candidates, config)
        t3 = time.perf_counter()
        stored_bands = pa.concat_tables([stored_bands, result.index_bands])
        stored_sigs = (
            result.index_signatures
            if stored_sigs is None
            else pa.concat_tables([stored_sigs, result.index_signatures])
        )
        mapping.update(
            zip(
                result.assignments.column("doc_id").to_pylist(),
                result.assignments.column("article_id").to_pylist(),
                strict=True,
            )
        )
        timings["nights"] += 1
        timings["signatures_s"] += t1 - t0
        timings["lookup_s"] += t2 - t1
        timings["fold_s"] += t3 - t2
    return [mapping[d] for d in docs.column("doc_id").to_pylist()], timings


def ours_timed(docs: pa.Table, config: DedupeConfig = NEWS) -> tuple[list[str], float]:
    t0 = time.perf_counter()
    sigs = signatures(docs.select(["doc_id", "body", "published_at", "capture_date"]), config)
    result = fold(sigs, config=config)
    elapsed = time.perf_counter() - t0
    mapping = dict(
        zip(
            result.assignments.column("doc_id").to_pylist(),
            result.assignments.column("article_id").to_pylist(),
            strict=True,
        )
    )
    return [mapping[d] for d in docs.column("doc_id").to_pylist()], elapsed


def datatrove(docs: pa.Table, workers: int = 2) -> tuple[list[str], dict] | None:
    """Run bench/datatrove_dedup.py in its own virtualenv; None if that venv is missing."""
    if not DATATROVE_PYTHON.exists():
        return None
    with tempfile.TemporaryDirectory(prefix="dedup-dt-") as tmp:
        work = Path(tmp)
        ids = docs.column("doc_id").to_pylist()
        bodies = docs.column("body").to_pylist()
        shards = [work / "input" / f"part{k}.jsonl" for k in range(workers)]
        shards[0].parent.mkdir(parents=True)
        for k, shard in enumerate(shards):
            with shard.open("w", encoding="utf-8") as f:
                for i in range(k, len(ids), workers):
                    f.write(json.dumps({"id": ids[i], "text": bodies[i]}) + "\n")
        out = work / "clusters.json"
        subprocess.run(
            [
                str(DATATROVE_PYTHON),
                str(REPO / "bench" / "datatrove_dedup.py"),
                "--input",
                str(shards[0].parent),
                "--work",
                str(work / "dt"),
                "--out",
                str(out),
                "--workers",
                str(workers),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        report = json.loads(out.read_text())
    clusters = report.pop("clusters")
    return [str(clusters.get(d, d)) for d in ids], report


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="dumps drawn from the sample corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-datatrove", action="store_true")
    args = parser.parse_args(argv)

    docs, stats = labelled_docs(args.n, args.seed)
    truth = docs.column("story_id").to_pylist()
    report: dict = {"n_dumps": args.n, "seed": args.seed, "docs": docs.num_rows, "corpus": stats}
    report["kinds"] = dict(Counter(docs.column("kind").to_pylist()))
    report["config"] = dataclasses.asdict(NEWS)

    sigs = signatures(docs.select(["doc_id", "body", "published_at", "capture_date"]))
    report["similarity_to_source"] = source_similarity(docs, sigs)
    report["curve"] = batch_curve(docs, sigs)

    predicted, elapsed = ours_timed(docs)
    report["ours_batch"] = {
        **pair_scores(truth, predicted),
        "kinds": kind_scores(docs, predicted),
        "seconds": elapsed,
        "docs_per_s": docs.num_rows / elapsed,
    }
    predicted, timings = nightly(docs)
    report["ours_nightly"] = {
        **pair_scores(truth, predicted),
        "kinds": kind_scores(docs, predicted),
        **timings,
    }
    if not args.no_datatrove:
        run = datatrove(docs)
        if run is not None:
            predicted, timing = run
            report["datatrove"] = {
                **pair_scores(truth, predicted),
                "kinds": kind_scores(docs, predicted),
                **timing,
                "docs_per_s": docs.num_rows / timing["seconds"],
            }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dedup_quality.json").write_text(json.dumps(report, indent=2, default=str))
    _print(report)
    return report


def _print(report: dict) -> None:
    print(f"docs {report['docs']} from {report['n_dumps']} dumps (seed {report['seed']})")
    print("estimated Jaccard to source, per kind (min / p05 / median / max):")
    for kind, s in report["similarity_to_source"].items():
        print(
            f"  {kind:16s} n={s['n']:5d}  {s['min']:.3f} / {s['p05']:.3f} / "
            f"{s['median']:.3f} / {s['max']:.3f}"
        )
    print("threshold  precision  recall     f1   (one batch, pair level)")
    for row in report["curve"]:
        print(
            f"  {row['threshold']:.2f}     {row['precision']:.4f}   {row['recall']:.4f}  "
            f"{row['f1']:.4f}"
        )
    for name in ("ours_batch", "ours_nightly", "datatrove"):
        if name in report:
            r = report[name]
            speed = f"  {r['docs_per_s']:8.0f} docs/s" if "docs_per_s" in r else ""
            print(f"{name:13s} P={r['precision']:.4f} R={r['recall']:.4f} F1={r['f1']:.4f}{speed}")
            print("   per kind: " + ", ".join(f"{k} {v:.3f}" for k, v in r["kinds"].items()))


if __name__ == "__main__":
    main(sys.argv[1:])
