"""A backfill dates a landed file from its first bytes as the nightly run dates its first
document: the same date, whatever the format, and none rather than a guess."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest
import zstandard

from corpus.webpages import jsonl_bytes, warc_bytes
from tests.formats.conftest import TODAY, raw
from transforms.formats import LIMITS, Document, read_documents
from transforms.formats.dated import HEAD_BYTES, capture_date, head_bytes


def first_date(name: str, data: bytes):
    """The capture date the nightly run gives the file's first document."""
    return next(
        g for g in read_documents(raw(name, data), TODAY) if isinstance(g, Document)
    ).doc.capture_date


def files(pairs) -> dict[str, bytes]:
    later_first = sorted(pairs[:8], key=lambda p: p[1].capture_date, reverse=True)
    pages = [p for _, p in later_first]
    dump = later_first[0][0].data
    return {
        "dump.txt": dump,
        "dump.txt.gz": gzip.compress(dump),
        "crawl.warc.gz": warc_bytes(pages)[0],
        "crawl.warc": warc_bytes(pages, gzip=False)[0],
        "pages.jsonl": jsonl_bytes(later_first),
        "pages.jsonl.gz": gzip.compress(jsonl_bytes(later_first)),
        "pages.jsonl.zst": zstandard.ZstdCompressor().compress(jsonl_bytes(later_first)),
        "page.html": pages[0].html.encode("utf-8"),
        "page-without-suffix": pages[0].html.encode("utf-8"),
    }


def test_every_format_is_dated_as_its_first_document(pairs):
    dates = {p.capture_date for _, p in pairs[:8]}
    assert len(dates) > 1  # so "the first" is a real choice
    for name, data in files(pairs).items():
        got = capture_date(data[: head_bytes(name)], name, TODAY)
        assert got == first_date(name, data), name
        assert got == max(dates), name  # the pages were written latest first


def test_a_head_that_ends_before_the_first_document_leaves_the_file_undated(pairs):
    data = files(pairs)
    assert capture_date(data["crawl.warc"][:300], "crawl.warc", TODAY) is None  # warcinfo only
    assert capture_date(data["pages.jsonl"][:100], "pages.jsonl", TODAY) is None  # a cut line
    assert capture_date(data["dump.txt"][:10], "dump.txt", TODAY) is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("junk.bin", bytes(range(256)) * 4),
        ("empty.warc", b""),
        ("bad.jsonl", b'{"url": "https://a.example/x", "captured_at": "soon", "text": "x"}\n'),
        ("info.warc", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n"),
    ],
)
def test_what_has_no_readable_capture_date_is_undated(name, data):
    assert capture_date(data, name, TODAY) is None


def test_a_compressed_head_is_inflated_only_so_far():
    """A bomb (under 1 MiB of gzip that would inflate to 1 GiB of JSON) is cut off early."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    spaces = b" " * (1 << 20)
    bomb = b"".join(
        [deflate.compress(b"{"), *(deflate.compress(spaces) for _ in range(1024)), deflate.flush()]
    )
    assert len(bomb) < HEAD_BYTES  # the whole bomb fits in the head
    tracemalloc.start()
    try:
        assert capture_date(bomb, "bomb.jsonl.gz", TODAY) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20  # the head inflates to 4 MiB at most; the bomb to 1 GiB


def test_an_html_page_is_read_whole_as_the_nightly_run_reads_it():
    assert head_bytes("page.html") == LIMITS.max_document_bytes
    assert head_bytes("dump.txt") < head_bytes("crawl.warc.gz") < head_bytes("page.htm")
