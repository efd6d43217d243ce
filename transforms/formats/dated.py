"""The capture date that places a landed file in a backfill window, read from its first bytes.

A backfill night takes the files captured on its date, so it must date a file without reading
it whole. A text dump states its date in its header line. A WARC, a JSON Lines file or an HTML
page is dated as the nightly run dates its first document: that format's reader runs over the
file's first bytes (`head_bytes`; inflated, if compressed, as far as they go). A file holding
captures of several days is placed by its first. A file whose first document does not fit in
the head (or that has none) stays undated: counted, and left for a nightly run.
"""

from __future__ import annotations

from datetime import date

from transforms.decode import header_date
from transforms.formats.base import Document
from transforms.formats.compressed import Corrupt, TooLarge, compression_of, inflate_chunks
from transforms.formats.dispatch import format_by_name, format_of, read_documents
from transforms.limits import LIMITS, Limits
from transforms.records import RawDoc

TEXT_HEAD_BYTES = 64  # a dump's header line: " date YYYY-MM-DD ..."
TEXT_READ_BYTES = 4096  # what is read of a dump: its header line even when compressed
HEAD_BYTES = 1 << 20  # what is read of an archive: enough for its first page or two
INFLATED_HEAD_BYTES = 4 << 20  # a compressed head is inflated no further than this


def head_bytes(path: str, limits: Limits = LIMITS) -> int:
    """How much of a landed file `capture_date` reads: a dump's first 4 KiB; an HTML page
    whole, as the nightly run reads it (its date may come from anywhere in the page); else
    `HEAD_BYTES`."""
    kind = format_by_name(path)
    if kind == "text":
        return TEXT_READ_BYTES
    return limits.max_document_bytes if kind == "html" else HEAD_BYTES


def capture_date(head: bytes, path: str, today: date, limits: Limits = LIMITS) -> date | None:
    """The capture date of the file at `path` whose first bytes are `head`, or None."""
    compression = compression_of(head)
    plain = RawDoc(path, 0, "", _inflated(head, compression) if compression else head)
    kind = format_of(plain)  # by name, else by the inflated content
    if kind == "text":
        return header_date(plain.data[:TEXT_HEAD_BYTES])
    for got in read_documents(plain, today, limits, kind):
        if isinstance(got, Document):
            return got.doc.capture_date
    return None


def _inflated(head: bytes, compression: str) -> bytes:
    """What the head inflates to: a head ends mid-stream, so what came out before that stands."""
    out: list[bytes] = []
    try:
        for piece in inflate_chunks(head, compression, INFLATED_HEAD_BYTES):
            out.append(piece)
    except (Corrupt, TooLarge):
        pass
    return b"".join(out)
