"""Bytes -> text: encoding detection, normalisation and the capture-date header.

A dump starts with ` date YYYY-MM-DD ` and the page's own text follows on the same line.
Anything that is not text (empty, binary, undecodable) or carries an unusable header comes back
as a `Rejection` with a stable reason code; nothing here raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from charset_normalizer import from_bytes

from transforms.records import DecodedDoc, RawDoc, Rejection

HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4})-(\d{2})-(\d{2})(?:[ \t]*\n|[ \t]+|\Z)")
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",  # zip
    b"\x1f\x8b",  # gzip
    b"\x7fELF",
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CHAOS = 0.25  # charset-normalizer "mess" ratio above which we call the bytes undecodable
MAX_FUTURE_DAYS = 1  # a header date may lead the run date by at most this many days


def doc_id_for(sha256: str, member: int | None = None) -> str:
    """Stable document id: the raw bytes' sha256 prefix (plus a WARC member index)."""
    return sha256[:16] if member is None else f"{sha256[:16]}-{member}"


def bytes_to_text(data: bytes) -> tuple[str, str] | tuple[None, str]:
    """Decode bytes to text; returns (text, encoding) or (None, reason)."""
    if not data.strip():
        return None, "empty"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                return None, "undecodable"
    if data.startswith(_BINARY_MAGIC):
        return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        return None, "binary"
    best = from_bytes(data[:65536]).best()
    if best is None or best.chaos > MAX_CHAOS:
        return None, "undecodable"
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None, "undecodable"


def normalise(text: str) -> str:
    """NFC, LF line ends, no control characters, no trailing spaces on lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def split_header(text: str) -> tuple[date | None, str, str | None]:
    """Return (capture_date, rest, problem); problem is a reason code when the header is bad."""
    m = HEADER.match(text)
    if m is None:
        return None, text, "no_date_header"
    try:
        captured = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None, text, "bad_date_header"
    return captured, text[m.end() :], None


def decode(raw: RawDoc, today: date) -> DecodedDoc | Rejection:
    """Decode one text dump. `today` is the run date, used to refuse headers from the future."""
    text, how = bytes_to_text(raw.data)
    if text is None:
        return Rejection(raw.path, "decode", how, f"{raw.size} bytes")
    if "\x00" in text:
        return Rejection(raw.path, "decode", "binary", "NUL characters inside text")
    text = normalise(text)
    if not text.strip():
        return Rejection(raw.path, "decode", "empty", "whitespace only")
    captured, rest, problem = split_header(text)
    if problem:
        return Rejection(raw.path, "decode", problem, _first_line(text))
    if captured > today + timedelta(days=MAX_FUTURE_DAYS):
        return Rejection(raw.path, "decode", "future_date_header", captured.isoformat())
    if captured < date(1990, 1, 1):
        return Rejection(raw.path, "decode", "bad_date_header", captured.isoformat())
    if not rest.strip():
        return Rejection(raw.path, "decode", "empty", "header only")
    return DecodedDoc(
        doc_id=doc_id_for(raw.sha256),
        path=raw.path,
        sha256=raw.sha256,
        text=rest,
        encoding=how,
        capture_date=captured,
    )


def _first_line(text: str, limit: int = 80) -> str:
    line = text.lstrip().split("\n", 1)[0]
    return line[:limit]


def header_date(head: bytes) -> date | None:
    """The capture date from a file's first bytes, without decoding the whole file."""
    text, _ = bytes_to_text(head)
    if text is None:
        return None
    captured, _, _ = split_header(normalise(text))
    return captured
