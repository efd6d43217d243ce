"""WARC crawls: one document per HTML response; a damaged record costs only itself."""

from __future__ import annotations

import gzip
from datetime import datetime

from corpus.webpages import CAPTURE_TIME, warc_bytes
from tests.formats.conftest import TODAY, raw
from transforms.formats import LIMITS, Bad, Document, Limits, read_documents
from transforms.pages import process_batch

# records: 1 warcinfo, 2 robots.txt, then per page a request (2k+1) and a response (2k+2)


def response_record(k: int) -> int:
    """Record number of the k-th page's response (k from 1)."""
    return 2 * k + 2


def docs_of(data: bytes, name: str = "crawl.warc.gz", limits: Limits = LIMITS):
    got = list(read_documents(raw(name, data), TODAY, limits))
    return [g for g in got if isinstance(g, Document)], [g for g in got if isinstance(g, Bad)]


def test_every_html_response_is_a_document(pairs):
    pages = [p for _, p in pairs[:6]]
    data, offsets = warc_bytes(pages)
    assert len(offsets) == 2 + 2 * len(pages)
    docs, bad = docs_of(data)
    assert bad == []
    assert [d.member for d in docs] == [response_record(k) for k in range(1, 7)]
    assert [d.doc.url for d in docs] == [p.url for p in pages]
    assert [d.doc.capture_date for d in docs] == [p.capture_date for p in pages]
    assert len({d.doc.doc_id for d in docs}) == 6
    assert all(d.doc.fmt == "warc" for d in docs)


def test_a_corrupt_record_is_quarantined_and_the_rest_kept(pairs):
    pages = [p for _, p in pairs[:5]]
    data, offsets = warc_bytes(pages)
    broken = response_record(3)  # the third page's response member
    start, end = offsets[broken - 1], offsets[broken]
    middle = (start + end) // 2
    damaged = (
        data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 40]) + data[middle + 40 :]
    )
    docs, bad = docs_of(damaged)
    assert [d.doc.url for d in docs] == [p.url for i, p in enumerate(pages) if i != 2]
    assert len(bad) == 1
    assert (bad[0].stage, bad[0].reason, bad[0].member) == ("decode", "corrupt_record", broken)
    assert bad[0].detail.startswith(f"record {broken}: ")


def test_plain_warc_resumes_after_a_broken_header(pairs):
    pages = [p for _, p in pairs[:4]]
    data, offsets = warc_bytes(pages, gzip=False)
    broken = response_record(2)
    at = offsets[broken - 1]
    assert data[at : at + 8] == b"WARC/1.1" or data[at : at + 8] == b"WARC/1.0"
    damaged = data[:at] + b"GARBAGE!" + data[at + 8 :]
    docs, bad = docs_of(damaged, "crawl.warc")
    assert [d.doc.url for d in docs] == [pages[0].url, pages[2].url, pages[3].url]
    assert [b.reason for b in bad] == ["corrupt_record"]


def test_a_bomb_member_stops_the_file_within_the_limit(pairs):
    pages = [p for _, p in pairs[:2]]
    data, _ = warc_bytes(pages)
    bomb = gzip.compress(b"WARC/1.1\r\n" + bytes(8 * 1024 * 1024), 9)
    limits = Limits(max_document_bytes=1024 * 1024, max_member_bytes=2 * 1024 * 1024)
    docs, bad = docs_of(data + bomb, limits=limits)
    assert len(docs) == 2
    assert [(b.reason, b.member) for b in bad] == [("decompressed_too_large", 7)]


def test_a_warc_of_no_pages_is_rejected_whole(pairs):
    data, _ = warc_bytes([])
    docs, bad = docs_of(data)
    assert docs == [] and [(b.reason, b.member) for b in bad] == [("no_documents", None)]


def test_the_batch_counts_documents_and_quarantines_only_the_record(pairs):
    pages = [p for _, p in pairs[:3]]
    data, offsets = warc_bytes(pages)
    broken = response_record(2)
    middle = (offsets[broken - 1] + offsets[broken]) // 2
    damaged = data[:middle] + bytes(60) + data[middle + 60 :]
    out = process_batch([raw("crawl.warc.gz", damaged)], TODAY)
    assert out["files"].to_pylist()[0]["documents"] == 2
    assert out["files"].to_pylist()[0]["format"] == "warc+gzip"
    rejected = out["rejections"].to_pylist()
    assert [(r["reason"], r["member"]) for r in rejected] == [("corrupt_record", broken)]
    assert out["docs"]["url"].to_pylist() == [pages[0].url, pages[2].url]
    captured = datetime.combine(pages[0].capture_date, CAPTURE_TIME).date()
    assert out["docs"]["capture_date"].to_pylist()[0] == captured
