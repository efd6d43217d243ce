"""WARC crawls (`.warc`, `.warc.gz`): one document per HTTP response record of HTML.

Records are parsed with warcio. The record's URL (`WARC-Target-URI`) and capture date
(`WARC-Date`) are kept; the page's canonical link, when it has one, becomes its URL. Request,
metadata and warcinfo records, non-HTML responses and error or redirect responses are not
documents and are passed over. Records are numbered from 1 in file order, every type counted.

A damaged record costs only itself: in a `.warc.gz` every record is its own gzip member (the
WARC standard), so members are inflated one by one here and a corrupt one is quarantined while
reading resumes at the next member; in a plain `.warc`, at the next `WARC/1.x` line. warcio's
own gzip reader is not used for this because it reports a damaged member by writing to stderr
and ending the file early.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, date

from warcio.archiveiterator import ArchiveIterator

from transforms.formats.base import Bad, Document, where
from transforms.formats.compressed import Corrupt, TooLarge, gzip_member
from transforms.formats.html import looks_like_html, parse_when, read_html
from transforms.limits import Limits

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_START = re.compile(rb"(?:^|\n)WARC/1\.[01]\r?\n")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


class _Counter:
    """Records seen so far, and inflated bytes (the file's decompression budget)."""

    def __init__(self) -> None:
        self.records = 0
        self.inflated = 0


def read_warc(
    data: bytes, path: str, sha256: str, today: date, limits: Limits, gzipped: bool
) -> Iterator[Document | Bad]:
    count = _Counter()
    parts = _members(data, limits, count) if gzipped else iter([(data, None)])
    for plain, problem in parts:
        if problem is not None:
            yield problem
            if problem.reason in ("decompressed_too_large", "too_many_records"):
                return
            continue
        for got in _records(plain, path, sha256, today, limits, count):
            yield got
            if isinstance(got, Bad) and got.reason == "too_many_records":
                return


def _members(data: bytes, limits: Limits, count: _Counter) -> Iterator[tuple[bytes, Bad | None]]:
    """Each gzip member inflated, or a `Bad` for a corrupt one (reading resumes after it)."""
    buf = memoryview(data)
    pos = 0
    while pos < len(buf):
        budget = min(limits.max_member_bytes, limits.max_inflated_bytes - count.inflated)
        try:
            plain, end = gzip_member(buf, pos, budget)
        except TooLarge:
            count.records += 1
            detail = f"inflates past {budget} bytes; rest of the file not read"
            yield (
                b"",
                Bad(
                    "decode",
                    "decompressed_too_large",
                    where("record", count.records, detail),
                    count.records,
                ),
            )
            return
        except Corrupt as err:
            count.records += 1
            detail = f"gzip member at byte {pos}: {err}"
            yield (
                b"",
                Bad(
                    "decode",
                    "corrupt_record",
                    where("record", count.records, detail),
                    count.records,
                ),
            )
            pos = _next_member(buf, pos + 1, budget)
            continue
        count.inflated += len(plain)
        yield plain, None
        pos = end
        if bytes(buf[pos : pos + 2]) != b"\x1f\x8b" and not bytes(buf[pos:]).strip(b"\x00"):
            return  # zero padding after the last member


def _next_member(buf: memoryview, after: int, limit: int) -> int:
    """Where the next intact gzip member starts (magic bytes that inflate), else the end."""
    data = buf.obj if isinstance(buf.obj, bytes) else bytes(buf)
    pos = after
    while (pos := data.find(_GZIP_MEMBER, pos)) >= 0:
        try:
            gzip_member(buf, pos, limit)
            return pos
        except (Corrupt, TooLarge):
            pos += 1
    return len(buf)


def _records(
    plain: bytes, path: str, sha256: str, today: date, limits: Limits, count: _Counter
) -> Iterator[Document | Bad]:
    """The documents of uncompressed WARC bytes, resuming after a record warcio cannot read."""
    pos = 0
    while pos < len(plain):
        stream = io.BytesIO(plain)
        stream.seek(pos)
        records = ArchiveIterator(stream, ensure_http_headers=False)
        try:
            for record in records:
                count.records += 1
                if count.records > limits.max_records:
                    yield Bad("decode", "too_many_records", f"more than {limits.max_records}")
                    return
                try:
                    got = _document(record, count.records, path, sha256, today, limits)
                except Exception as err:  # noqa: BLE001  a payload warcio cannot read
                    detail = f"{type(err).__name__}: {err}"
                    got = Bad(
                        "decode",
                        "corrupt_record",
                        where("record", count.records, detail),
                        count.records,
                    )
                if got is not None:
                    yield got
            return
        except Exception as err:  # noqa: BLE001  warcio raises many kinds on damaged input
            count.records += 1
            start = records.offset
            detail = f"at byte {start}: {type(err).__name__}: {err}"
            yield Bad(
                "decode",
                "corrupt_record",
                where("record", count.records, detail)[:300],
                count.records,
            )
            m = _RECORD_START.search(plain, start + 1)
            if m is None:
                return
            pos = m.start() + (1 if plain[m.start() : m.start() + 1] == b"\n" else 0)


def _document(record, number: int, path: str, sha256: str, today: date, limits: Limits):
    """A `Document` for an HTML response, a `Bad` for a broken one, None for other records."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    declared = int(record.rec_headers.get_header("Content-Length") or 0)
    if declared > limits.max_document_bytes + 65536:  # payload plus HTTP headers
        detail = f"{declared} bytes > limit {limits.max_document_bytes}"
        return Bad("decode", "too_large", where("record", number, detail), number)
    payload = record.content_stream().read(limits.max_document_bytes + 1)
    if len(payload) > limits.max_document_bytes:
        detail = f"payload over {limits.max_document_bytes} bytes"
        return Bad("decode", "too_large", where("record", number, detail), number)
    if not (ctype.startswith(_HTML_TYPES) or (not ctype and looks_like_html(payload))):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    when = parse_when((record.rec_headers.get_header("WARC-Date") or "").replace("Z", "+00:00"))
    if when is not None and when.tzinfo is not None:
        when = when.astimezone(UTC)
    if when is None:
        return Bad("decode", "bad_record", where("record", number, "no WARC-Date"), number)
    charset = _CHARSET.search(ctype)
    got = read_html(
        payload,
        path,
        sha256,
        today,
        member=number,
        url=url,
        captured=when.date(),
        charset=charset[1] if charset else None,
        fmt="warc",
    )
    if isinstance(got, Bad):
        return Bad(got.stage, got.reason, where("record", number, got.detail), number)
    return got
