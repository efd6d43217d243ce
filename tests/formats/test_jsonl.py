"""JSON Lines: a bad line is quarantined with its number; the rest of the file is kept."""

from __future__ import annotations

import gzip
import json

from corpus.webpages import jsonl_bytes
from tests.formats.conftest import TODAY, raw
from transforms.formats import Bad, Document, Limits, read_documents
from transforms.pages import process_batch


def split(items):
    items = list(items)
    return [g for g in items if isinstance(g, Document)], [g for g in items if isinstance(g, Bad)]


def test_html_and_text_records(pairs):
    two = pairs[:2]
    data = jsonl_bytes(two[:1], "html") + jsonl_bytes(two[1:], "text")
    docs, bad = split(read_documents(raw("p.jsonl", data), TODAY))
    assert bad == []
    assert [d.member for d in docs] == [1, 2]
    assert docs[0].html is not None and docs[1].html is None
    assert [d.doc.url for d in docs] == [p.url for _, p in two]
    assert not docs[1].doc.text.startswith(" date")  # the header line is not page text


def test_bad_lines_are_quarantined_with_their_numbers(pairs):
    good = jsonl_bytes(pairs[:2], "text").split(b"\n")
    lines = [
        good[0],
        b"{not json",
        b"",  # blank: skipped, still counted
        b"[1, 2]",
        json.dumps({"url": "https://x.example/", "captured_at": "yesterday", "text": "t"}).encode(),
        json.dumps({"url": "https://x.example/", "captured_at": "2024-03-01"}).encode(),
        json.dumps({"captured_at": "2999-01-01", "text": "x"}).encode(),
        b"\xff\xfe not utf-8",
        good[1],
    ]
    docs, bad = split(read_documents(raw("p.jsonl", b"\n".join(lines)), TODAY))
    assert [d.member for d in docs] == [1, 9]
    assert [(b.reason, b.member) for b in bad] == [
        ("bad_json", 2),
        ("bad_record", 4),
        ("bad_record", 5),
        ("bad_record", 6),
        ("future_capture_date", 7),
        ("undecodable", 8),
    ]
    assert all(b.detail.startswith(f"line {b.member}: ") for b in bad)


def test_a_line_over_the_limit_is_refused_without_being_kept(pairs):
    good = jsonl_bytes(pairs[:1], "text")
    long = json.dumps({"captured_at": "2024-03-01", "text": "x" * 5000}).encode() + b"\n"
    limits = Limits(max_document_bytes=4000)
    docs, bad = split(read_documents(raw("p.jsonl", long + good), TODAY, limits))
    assert [d.member for d in docs] == [2]
    assert [(b.reason, b.member) for b in bad] == [("too_large", 1)]


def test_compressed_lines_and_a_bomb(pairs):
    data = gzip.compress(jsonl_bytes(pairs[:3], "html"))
    docs, bad = split(read_documents(raw("p.jsonl.gz", data), TODAY))
    assert len(docs) == 3 and bad == []
    bomb = gzip.compress(jsonl_bytes(pairs[:1], "text") + b" " * (3 * 1024 * 1024), 9)
    limits = Limits(max_inflated_bytes=1024 * 1024, max_document_bytes=512 * 1024)
    docs, bad = split(read_documents(raw("p.jsonl.gz", bomb), TODAY, limits))
    assert len(docs) == 1
    assert [b.reason for b in bad][-1] == "decompressed_too_large"


def test_a_file_of_only_bad_lines_quarantines_the_file_through_its_lines():
    out = process_batch([raw("bad.jsonl", b"{oops\n[]\n")], TODAY)
    assert out["files"].to_pylist()[0]["documents"] == 0
    assert [(r["reason"], r["member"]) for r in out["rejections"].to_pylist()] == [
        ("bad_json", 1),
        ("bad_record", 2),
    ]
