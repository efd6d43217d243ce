"""Which reader a file goes to: compression by magic bytes, format by name, else by content."""

from __future__ import annotations

import gzip

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats.conftest import TODAY, raw
from transforms.dedupe import signatures
from transforms.formats import Bad, Document, format_of, read_documents
from transforms.pages import process_batch

DUMP = b" date 2024-03-11 Skip to content\nHeadline\nSome text of the page.\n"


# mtime=0: a gzip header holds the time, and these bytes name the tests (xdist workers that
# collect a second apart would disagree on the names)
@pytest.mark.parametrize(
    "name, data, fmt",
    [
        ("a.txt", DUMP, "text"),
        ("a.txt.gz", gzip.compress(DUMP, mtime=0), "text+gzip"),
        ("a.txt.zst", zstandard.ZstdCompressor().compress(DUMP), "text+zstd"),
        ("a.txt", gzip.compress(DUMP, mtime=0), "text+gzip"),  # misnamed: still inflated
        ("a.gz", gzip.compress(b"<!DOCTYPE html><html></html>", mtime=0), "html+gzip"),
        ("a.gz", gzip.compress(b"WARC/1.1\r\n", mtime=0), "warc+gzip"),
        ("a.dat", b'{"url": null}\n', "jsonl"),
        ("a.HTM", b"<html></html>", "html"),
        ("crawl.warc.gz", gzip.compress(b"WARC/1.1\r\n", mtime=0), "warc+gzip"),
        ("x.ndjson", b"{}", "jsonl"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "text"),  # the text decoder gives the verdict
    ],
)
def test_format_of(name, data, fmt):
    assert format_of(raw(name, data)) == fmt


def test_a_compressed_dump_is_one_document_with_the_files_id():
    item = raw("a.txt.gz", gzip.compress(DUMP))
    (got,) = list(read_documents(item, TODAY))
    assert isinstance(got, Document)
    assert got.doc.doc_id == item.sha256[:16] and got.doc.fmt == "text+gzip"
    assert got.doc.text.startswith("Skip to content")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x1f\x8b\x08\x00" + bytes(range(256)), "corrupt_compressed"),
        (gzip.compress(bytes(30 * 1024 * 1024), 9, mtime=0), "decompressed_too_large"),
    ],
)
def test_bad_compressed_dumps(data, reason):
    (got,) = list(read_documents(raw("x.gz", data), TODAY))
    assert isinstance(got, Bad) and (got.stage, got.reason, got.member) == ("decode", reason, None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["a.html", "a.warc", "a.warc.gz", "a.jsonl", "a.jsonl.gz", "a.gz", "a.txt"]),
    st.binary(max_size=3000),
    st.sampled_from([b"", b"WARC/1.1\r\n", b"<html>", b'{"captured_at": "2024-03-01", "text": ']),
    st.booleans(),
)
def test_any_bytes_under_any_name_give_items_never_an_exception(name, junk, prefix, packed):
    data = prefix + junk
    if packed:
        data = gzip.compress(data)
    out = process_batch([raw(name, data)], TODAY)
    assert out["files"].num_rows == 1
    assert out["docs"].num_rows + out["rejections"].num_rows >= 1
    assert "reader_error" not in out["rejections"]["reason"].to_pylist()
    assert "html_error" not in out["rejections"]["reason"].to_pylist()


def test_each_document_carries_the_deduplicators_sketch_of_its_body():
    pages = [
        b" date 2024-03-11 Skip to content\nTroops hold the line\n"
        + b"The brigade held its line near the river for a week. " * 8,
        b" date 2024-03-12 Skip to content\nTroops hold the line\n"
        + b"The brigade held its line near the river for a month. " * 8,
    ]
    out = process_batch([raw(f"{i}.txt", p) for i, p in enumerate(pages)], TODAY)
    docs = out["docs"]
    assert docs.num_rows == 2
    made = signatures(docs.select(["doc_id", "body"]))
    for column, name in (
        ("content_hash", "content_hash"),
        ("sketch_words", "word_count"),
        ("signature", "signature"),
        ("band_hashes", "band_hashes"),
    ):
        assert docs[column].to_pylist() == made[name].to_pylist(), column
    assert docs["signature"].null_count < docs.num_rows  # a real sketch, not nulls
    assert docs["content_hash"][0] != docs["content_hash"][1]
