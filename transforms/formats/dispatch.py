"""Which reader a landed file goes to, by its name and its first bytes.

Compression is told by magic bytes, never by the name (a `.txt` that is really gzip is
inflated; a `.gz` that is not gzip is read as what it is). The format is told by the name
without its compression suffix (`.warc`, `.jsonl`/`.ndjson`, `.html`/`.htm`, `.txt`), and for
any other name by the content: `WARC/1.` is a crawl, markup is a page, `{` starts JSON Lines,
anything else is a text dump (so binary junk still gets the text decoder's verdict).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from transforms.formats.base import Bad, Document
from transforms.formats.compressed import (
    Corrupt,
    TooLarge,
    compression_of,
    inflate,
    inflate_chunks,
)
from transforms.formats.html import looks_like_html, read_html
from transforms.formats.jsonl import read_jsonl
from transforms.formats.text import read_text
from transforms.formats.warc import read_warc
from transforms.limits import LIMITS, Limits
from transforms.records import RawDoc

SUFFIXES = {
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
}
COMPRESSED_SUFFIXES = (".gz", ".gzip", ".zst", ".zstd")
SNIFF_BYTES = 4096


def format_by_name(path: str) -> str | None:
    """The format a file's name announces (compression suffix ignored), if any."""
    name = path.rsplit("/", 1)[-1].lower()
    for suffix in COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    return None


def file_limit(path: str, limits: Limits) -> int:
    """Bytes a landed file may have: an archive's (WARC, JSON Lines: many documents in one
    file) by its name, else one document's."""
    if format_by_name(path) in ("warc", "jsonl"):
        return limits.max_archive_bytes
    return limits.max_document_bytes


def sniff(head: bytes) -> str:
    """The format of (inflated) content by its first bytes."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"WARC/1."):
        return "warc"
    if looks_like_html(head):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def format_of(raw: RawDoc) -> str:
    """`warc`, `jsonl`, `html` or `text`, with `+gzip`/`+zstd` when compressed."""
    compression = compression_of(raw.data)
    fmt = format_by_name(raw.path)
    if fmt is None:
        head = raw.data[:SNIFF_BYTES]
        if compression:
            try:
                head = next(inflate_chunks(raw.data, compression, SNIFF_BYTES * 16), b"")
            except (Corrupt, TooLarge):
                head = b""
        fmt = sniff(head)
    return f"{fmt}+{compression}" if compression else fmt


def read_documents(
    raw: RawDoc, today: date, limits: Limits = LIMITS, fmt: str | None = None
) -> Iterator[Document | Bad]:
    """Every document of one landed file, and a `Bad` for each part that could not be read."""
    fmt = fmt or format_of(raw)
    kind, _, compression = fmt.partition("+")
    if kind == "warc":
        yield from _or_nothing(
            read_warc(raw.data, raw.path, raw.sha256, today, limits, compression == "gzip")
            if compression != "zstd"
            else _unsupported("zstd-compressed WARC"),
            "records",
        )
        return
    if kind == "jsonl":
        chunks = (
            inflate_chunks(raw.data, compression, limits.max_inflated_bytes)
            if compression
            else iter((raw.data,))
        )
        yield from _or_nothing(read_jsonl(chunks, raw.path, raw.sha256, today, limits), "lines")
        return
    data = raw.data
    if compression:
        try:
            data = inflate(raw.data, compression, limits.max_document_bytes)
        except TooLarge as err:
            yield Bad("decode", "decompressed_too_large", f"{err} (one document)")
            return
        except Corrupt as err:
            yield Bad("decode", "corrupt_compressed", str(err)[:300])
            return
    if kind == "html":
        yield read_html(data, raw.path, raw.sha256, today, fmt=fmt)
    else:
        yield read_text(raw, data, today, fmt)


def _unsupported(what: str) -> Iterator[Bad]:
    yield Bad("decode", "unsupported_format", what)


def _or_nothing(items: Iterator[Document | Bad], what: str) -> Iterator[Document | Bad]:
    """The items; a file that yields none at all is rejected as holding no documents."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield Bad("decode", "no_documents", f"no HTML pages among its {what}")
