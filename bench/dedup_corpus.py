"""Labelled documents for the dedupe benchmarks: the sample corpus, decoded and parsed.

Bodies come from the real steps (`transforms.decode`, `transforms.parse.parse_page`), so the
benchmark measures dedupe on what the flow will hand it. Byte-identical files are dropped
(after the first) as the flow does by sha256 before dedupe; bad files and rejected pages are
left out. The parsed table is cached under bench/results/ (git-ignored).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.generate import iter_dumps
from transforms.decode import decode, doc_id_for
from transforms.parse import parse_page
from transforms.records import RawDoc, Rejection

RESULTS = Path(__file__).resolve().parent / "results"
FAR_FUTURE = date(2100, 1, 1)  # decode rejects header dates after "today"
SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("name", pa.string()),
        ("body", pa.string()),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("capture_date", pa.date32()),
        ("story_id", pa.string()),
        ("kind", pa.string()),
        ("of", pa.string()),  # name of the file it derives from (or mirrors)
    ]
)


def labelled_docs(n: int, seed: int = 0, cache: bool = True) -> tuple[pa.Table, dict]:
    """(docs, stats) for the first n dumps of the sample corpus with this seed."""
    path = RESULTS / f"dedup_corpus_{n}_{seed}.parquet"
    if cache and path.exists():
        table = pq.read_table(path)
        return table, {"cached": str(path)}
    rows: dict[str, list] = {name: [] for name in SCHEMA.names}
    seen: set[str] = set()
    stats = {"dumps": 0, "byte_identical": 0, "rejected": 0, "unlabelled": 0}
    for dump in iter_dumps(n, seed):
        stats["dumps"] += 1
        sha = hashlib.sha256(dump.data).hexdigest()
        if sha in seen:
            stats["byte_identical"] += 1
            continue
        seen.add(sha)
        if dump.label.story_id is None:
            stats["unlabelled"] += 1
            continue
        doc = decode(RawDoc(dump.name, len(dump.data), sha, dump.data), FAR_FUTURE)
        page = doc if isinstance(doc, Rejection) else parse_page(doc)
        if isinstance(page, Rejection):
            stats["rejected"] += 1
            continue
        for name, value in (
            ("doc_id", doc_id_for(sha)),
            ("name", dump.name),
            ("body", page.body),
            ("published_at", page.published_at),
            ("capture_date", page.capture_date),
            ("story_id", dump.label.story_id),
            ("kind", dump.label.kind),
            ("of", dump.label.of),
        ):
            rows[name].append(value)
    table = pa.table(rows, schema=SCHEMA)
    if cache:
        RESULTS.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path)
    return table, stats
