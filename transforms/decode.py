"""Bytes -> text: encoding detection, normalisation and the capture-date header.

A dump starts with ` date YYYY-MM-DD ` and the page's own text follows on the same line.
Anything that is not text (empty, binary, undecodable) or carries an unusable header comes back
as a `Rejection` with a stable reason code; nothing here raises on bad input.

Encodings, in the order they are tried: a byte order mark (UTF-8, UTF-16, UTF-32); known binary
signatures (PNG, bzip2, ...: refused; gzip and zstd are inflated before this step, see
`transforms.formats`, so one seen here was not unpacked); strict UTF-8; UTF-16
without a BOM (every other byte NUL); UTF-8 with a few stray windows-1252 bytes (a pasted line
in another encoding: repaired byte by byte, encoding ``utf-8+cp1252``); otherwise a legacy
single-byte encoding guessed by charset-normalizer, refused when the guess reads as noise.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from charset_normalizer import from_bytes

from transforms.records import DecodedDoc, RawDoc, Rejection

HEADER = re.compile(r"\A[ \t]*date[ \t]+([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ \t]*\n|[ \t]+|\Z)")
_BINARY_MAGIC = {
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"%PDF": "pdf",
    b"PK\x03\x04": "zip",
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"(\xb5/\xfd": "zstd",
    b"\x7fELF": "elf",
}
_MAGICS = tuple(_BINARY_MAGIC)
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BOM_STARTS = tuple(bom for bom, _ in _BOMS)
# C0 and C1 controls except TAB and LF (CR and NEL are turned into LF first)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_BREAK_CHARS = ("\r", "\x85", "\u2028", "\u2029")  # what `_LINE_BREAKS` replaces
# `_CONTROL` in UTF-8: the C0 controls but TAB and LF, DEL, and the C1 controls (C2 80-9F)
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_STRAY = re.compile(r"[\udc80-\udcff]")  # bytes that are not UTF-8, after surrogateescape
MAX_CHAOS = 0.25  # charset-normalizer "mess" ratio above which we call the bytes undecodable
MAX_FUTURE_DAYS = 1  # a header date may lead the run date by at most this many days
MIN_HEADER_DATE = date(1990, 1, 1)  # an earlier capture date is a broken header
DETECT_BYTES = 65536  # bytes charset-normalizer looks at
MIN_UTF16_NULS = 0.9  # share of NULs in one byte lane that marks BOM-less UTF-16


def doc_id_for(sha256: str, member: int | None = None) -> str:
    """Stable document id: the raw bytes' sha256 prefix (plus a WARC member index)."""
    return sha256[:16] if member is None else f"{sha256[:16]}-{member}"


def binary_kind(data: bytes) -> str | None:
    """The file type named by a binary signature at the start of `data`, if any."""
    if not data.startswith(_MAGICS):  # one test for the common case: no signature
        return None
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def bytes_to_text(data: bytes) -> tuple[str, str] | tuple[None, str]:
    """Decode bytes to text; returns (text, encoding) or (None, reason)."""
    if not data or data.isspace():  # `not data.strip()`, without copying the bytes
        return None, "empty"
    if data.startswith(_BOM_STARTS):  # one test for the common case: no BOM
        bom, encoding = next((b, e) for b, e in _BOMS if data.startswith(b))
        try:
            return data[len(bom) :].decode(encoding), encoding
        except UnicodeDecodeError:
            return None, "undecodable"
    if binary_kind(data):
        return None, "binary"
    if b"\x00" in data:  # no text file holds NULs, unless it is UTF-16 without a BOM
        encoding = _bomless_utf16(data)
        if encoding is None:
            return None, "binary"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    repaired = _utf8_with_strays(data)
    if repaired is not None:
        return repaired, "utf-8+cp1252"
    return _legacy(data)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when one byte lane is nearly all NULs and the other is not."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:DETECT_BYTES]
    pairs = len(head) // 2
    even, odd = head[0::2].count(0) / pairs, head[1::2].count(0) / pairs
    if odd >= MIN_UTF16_NULS and even < 0.5:
        return "utf-16-le"
    if even >= MIN_UTF16_NULS and odd < 0.5:
        return "utf-16-be"
    return None


def _utf8_with_strays(data: bytes) -> str | None:
    """UTF-8 text with a few lines that are not (typically a windows-1252 line pasted in):
    each stray byte is read as windows-1252.

    None unless lines with real UTF-8 sequences (and no strays) are at least as many as lines
    with strays: that tells a mostly-UTF-8 file from a legacy-encoded one, where nearly every
    line with a non-ASCII letter has strays.
    """
    text = data.decode("utf-8", "surrogateescape")
    stray_lines = clean_lines = 0
    for line in text.split("\n"):
        if _STRAY.search(line):
            stray_lines += 1
        elif not line.isascii():
            clean_lines += 1
    if clean_lines == 0 or stray_lines > clean_lines:
        return None
    return _STRAY.sub(lambda m: bytes([ord(m[0]) - 0xDC00]).decode("cp1252", "replace"), text)


def _legacy(data: bytes) -> tuple[str, str] | tuple[None, str]:
    best = from_bytes(data[:DETECT_BYTES]).best()
    if best is None or best.chaos > MAX_CHAOS:
        return None, "undecodable"
    # equivalent code pages decode these bytes identically: name the common one
    encoding = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return None, "undecodable"


def normalise(text: str) -> str:
    """NFC, LF line ends (CRLF, CR, NEL and Unicode line/paragraph separators), no control
    characters other than TAB and LF. Trailing spaces are kept: the parser reads lines as
    they are."""
    if any(c in text for c in _BREAK_CHARS):  # substring tests: 50x faster than the regex
        text = _LINE_BREAKS.sub("\n", text)
    if _has_control(text):
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def _has_control(text: str) -> bool:
    """Whether `text` holds a character `_CONTROL` removes; the test runs on the UTF-8 bytes
    (a byte table and a search for one lead byte), twice as fast as the regex on the text."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _C0_BYTES)) != len(data) or _C1_UTF8.search(data) is not None


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
        return Rejection(raw.path, "decode", how, _detail(raw.data, how))
    if "\x00" in text:
        return Rejection(raw.path, "decode", "binary", "NUL characters inside text")
    text = normalise(text)
    if not text.strip():
        return Rejection(raw.path, "decode", "empty", "whitespace only")
    captured, rest, problem = split_header(text)
    if problem:
        return Rejection(raw.path, "decode", problem, _first_line(text))
    problem = capture_problem(captured, today)
    if problem:
        return Rejection(raw.path, "decode", problem, captured.isoformat())
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


def capture_problem(captured: date, today: date, what: str = "date_header") -> str | None:
    """`future_<what>` or `bad_<what>` when a capture date cannot be right, else None."""
    if captured > _latest_allowed(today):
        return f"future_{what}"
    if captured < MIN_HEADER_DATE:
        return f"bad_{what}"
    return None


def _latest_allowed(today: date) -> date:
    try:
        return today + timedelta(days=MAX_FUTURE_DAYS)
    except OverflowError:
        return date.max


def _detail(data: bytes, reason: str) -> str:
    kind = binary_kind(data) if reason == "binary" else None
    if kind in ("bzip2", "xz", "zip"):
        return f"{len(data)} bytes of {kind} data (only gzip and zstd are unpacked)"
    return f"{len(data)} bytes" + (f" of {kind} data" if kind else "")


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
