"""Input formats: per-format throughput, and how far the HTML path agrees with the text path.

The same generated pages (`corpus.webpages`) go through every reader: text dumps, HTML pages,
one WARC crawl, JSON Lines (html and text records), gzip and zstd dumps. Throughput is
documents per second through `transforms.pages.process_batch` (read, decode, parse, extract;
one process). Agreement compares each text dump's document with its HTML page's, field by
field, twice: the HTML path as the pipeline runs it (site profile on the visible text,
trafilatura metadata) and trafilatura alone (its main text and metadata, no profile). `folds`
is the share of pairs that dedupe (exact or near) makes one article.

    python -m bench.formats [--n 600] [--seed 0] [--repeat 3] [--out bench/results/formats.json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import zstandard

from corpus.webpages import iter_webpages, jsonl_bytes, warc_bytes
from transforms.dedupe import fold, signatures
from transforms.dedupe.normalise import content_hash
from transforms.formats.html import read_html
from transforms.formats.htmlpage import parse_document
from transforms.pages import process_batch
from transforms.records import ParsedPage, RawDoc

TODAY = date(2026, 1, 1)


def _raw(name: str, data: bytes) -> RawDoc:
    return RawDoc(name, len(data), hashlib.sha256(data).hexdigest(), data)


def inputs(pairs) -> dict[str, list[RawDoc]]:
    """The same pages in every format."""
    dumps = [d for d, _ in pairs]
    pages = [p for _, p in pairs]
    warc, _ = warc_bytes(pages)
    zstd = zstandard.ZstdCompressor(level=3)
    return {
        "text": [_raw(d.name, d.data) for d in dumps],
        "text+gzip": [_raw(d.name + ".gz", gzip.compress(d.data, 6)) for d in dumps],
        "text+zstd": [_raw(d.name + ".zst", zstd.compress(d.data)) for d in dumps],
        "html": [_raw(p.name, p.html.encode()) for p in pages],
        "warc+gzip": [_raw("crawl.warc.gz", warc)],
        "jsonl (html)": [_raw("pages.jsonl", jsonl_bytes(pairs, "html"))],
        "jsonl (text)": [_raw("texts.jsonl", jsonl_bytes(pairs, "text"))],
    }


def throughput(items: list[RawDoc], repeat: int) -> dict:
    best = float("inf")
    docs = 0
    for _ in range(repeat):
        start = time.perf_counter()
        out = process_batch(items, TODAY)
        best = min(best, time.perf_counter() - start)
        docs = out["docs"].num_rows
        rejected = out["rejections"].num_rows
    return {
        "documents": docs,
        "rejected": rejected,
        "seconds": round(best, 3),
        "docs_per_s": round(docs / best, 1),
    }


def _text_page(dump) -> ParsedPage | None:
    out = process_batch([_raw(dump.name, dump.data)], TODAY)
    rows = out["docs"].to_pylist()
    return rows[0] if rows else None


def _html_page(page, use_profiles: bool) -> dict | None:
    data = page.html.encode()
    got = read_html(
        data, page.name, hashlib.sha256(data).hexdigest(), TODAY, use_profiles=use_profiles
    )
    parsed = parse_document(got) if not hasattr(got, "reason") else got
    if not isinstance(parsed, ParsedPage):
        return None
    return {
        "doc_id": parsed.doc_id,
        "headline": parsed.headline,
        "authors": parsed.authors,
        "published_at": parsed.published_at,
        "capture_date": parsed.capture_date,
        "body": parsed.body,
        "tags": parsed.tags,
        "url": parsed.url,
    }


def agreement(pairs, use_profiles: bool) -> dict:
    fields = {"headline": 0, "body": 0, "authors": 0, "date": 0, "tags": 0}
    both = 0
    texts, htmls = [], []
    for dump, page in pairs:
        t = _text_page(dump)
        h = _html_page(page, use_profiles)
        if t is None or h is None:
            continue
        both += 1
        fields["headline"] += t["headline"] == h["headline"]
        fields["body"] += content_hash(t["body"]) == content_hash(h["body"])
        fields["authors"] += list(t["authors"]) == list(h["authors"])
        fields["date"] += t["published_at"] == h["published_at"]  # the same instant, UTC
        fields["tags"] += list(t["tags"]) == list(h["tags"])
        texts.append(t)
        htmls.append(h | {"doc_id": "h-" + t["doc_id"]})
    rates = {k: round(v / both, 4) if both else 0.0 for k, v in fields.items()}
    return {"pairs": len(pairs), "both_parsed": both, **rates, "folds": _fold_rate(texts, htmls)}


def _fold_rate(texts: list[dict], htmls: list[dict]) -> float:
    """Share of (text, HTML) pairs that dedupe puts in one article."""
    if not texts:
        return 0.0
    rows = [
        {"doc_id": r["doc_id"], "body": r["body"], "published_at": r["published_at"],
         "capture_date": r["capture_date"]}
        for r in texts + htmls
    ]  # fmt: skip
    table = pa.Table.from_pylist(rows)
    result = fold(signatures(table))
    article = {a["doc_id"]: a["article_id"] for a in result.assignments.to_pylist()}
    same = sum(
        article[t["doc_id"]] == article[h["doc_id"]] for t, h in zip(texts, htmls, strict=True)
    )
    return round(same / len(texts), 4)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=600, help="corpus dumps to draw pages from")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per format (best kept)")
    ap.add_argument("--out", type=Path, default=Path("bench/results/formats.json"))
    args = ap.parse_args()
    pairs = list(iter_webpages(args.n, args.seed))
    report = {"pages": len(pairs), "n": args.n, "seed": args.seed, "throughput": {}}
    for fmt, items in inputs(pairs).items():
        report["throughput"][fmt] = throughput(items, args.repeat)
        print(f"{fmt:14} {report['throughput'][fmt]}", flush=True)
    report["agreement"] = {
        "profile+trafilatura": agreement(pairs, use_profiles=True),
        "trafilatura only": agreement(pairs, use_profiles=False),
    }
    for name, row in report["agreement"].items():
        print(f"{name:20} {row}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
