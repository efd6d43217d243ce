"""JSON Lines: one page a line, `{"url": ..., "captured_at": ..., "text" | "html": ...}`.

`text` is the page's visible text (as in a text dump, without the header line); `html` is the
page's markup and goes through the HTML reader (trafilatura, the site's profile). A line that
is not such a record is quarantined with its line number and the rest of the file is read.
Blank lines are skipped. Lines are split as the stream inflates, so a long file never sits in
memory whole, and a line longer than the document limit is refused without being kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from transforms.decode import HEADER, capture_problem, doc_id_for, normalise
from transforms.formats.base import Bad, Document, where
from transforms.formats.compressed import Corrupt, TooLarge
from transforms.formats.html import parse_when, read_html
from transforms.limits import Limits
from transforms.records import DecodedDoc


def read_jsonl(
    chunks: Iterable[bytes], path: str, sha256: str, today: date, limits: Limits
) -> Iterator[Document | Bad]:
    number = 0
    try:
        for number, line in _lines(chunks, limits.max_document_bytes):
            if number > limits.max_records:
                yield Bad("decode", "too_many_records", f"more than {limits.max_records} lines")
                return
            if line is None:
                detail = f"longer than {limits.max_document_bytes} bytes"
                yield Bad("decode", "too_large", where("line", number, detail), number)
            elif line.strip():
                yield _record(line, number, path, sha256, today)
    except (Corrupt, TooLarge) as err:  # the stream failed: what was read so far stands
        reason = "corrupt_compressed" if isinstance(err, Corrupt) else "decompressed_too_large"
        yield Bad("decode", reason, where("line", number + 1, f"{err}; rest not read"), number + 1)


def _lines(chunks: Iterable[bytes], max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for every line; None for a line over `max_line` bytes."""
    buf = bytearray()
    number = 0
    overflow = False
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            number += 1
            if overflow or len(buf) + end - start > max_line:
                yield number, None
            else:
                buf += chunk[start:end]
                yield number, bytes(buf)
            buf.clear()
            overflow = False
            start = end + 1
        if not overflow:
            buf += chunk[start:]
            if len(buf) > max_line:
                overflow = True
                buf.clear()
    if overflow:
        yield number + 1, None
    elif buf.strip():
        yield number + 1, bytes(buf)


def _record(line: bytes, number: int, path: str, sha256: str, today: date) -> Document | Bad:
    def bad(reason: str, detail: str) -> Bad:
        return Bad("decode", reason, where("line", number, detail), number)

    try:
        record = json.loads(line.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as err:
        return bad("undecodable", str(err)[:200])
    except json.JSONDecodeError as err:
        return bad("bad_json", str(err)[:200])
    if not isinstance(record, dict):
        return bad("bad_record", f"a JSON {type(record).__name__}, not an object")
    url, captured_at = record.get("url"), record.get("captured_at")
    text, html = record.get("text"), record.get("html")
    if url is not None and not isinstance(url, str):
        return bad("bad_record", "url is not a string")
    captured = _capture_date(captured_at)
    if captured is None:
        return bad("bad_record", f"captured_at is not a date: {str(captured_at)[:40]!r}")
    problem = capture_problem(captured, today, "capture_date")
    if problem:
        return bad(problem, captured.isoformat())
    if isinstance(html, str) and html.strip():
        got = read_html(html, path, sha256, today, number, url or None, captured, fmt="jsonl")
        return got if isinstance(got, Document) else bad(got.reason, got.detail)
    if not isinstance(text, str) or not text.strip():
        return bad("bad_record", "neither text nor html")
    text = normalise(text)
    m = HEADER.match(text)  # a dump pasted whole: its header line is not page text
    doc = DecodedDoc(
        doc_id=doc_id_for(sha256, number),
        path=path,
        sha256=sha256,
        text=text[m.end() :] if m else text,
        encoding="utf-8",
        capture_date=captured,
        url=url or None,
        fmt="jsonl",
    )
    return Document(doc, number)


def _capture_date(value: object) -> date | None:
    """An ISO date, or the UTC date of an ISO date-time (`Z` or an offset)."""
    if not isinstance(value, str):
        return None
    when = parse_when(value.strip().replace("Z", "+00:00"))
    if when is None:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.date() if isinstance(when, datetime) else when
