"""How much a landed file may weigh and hold: the readers' size limits (a light module, so
settings can name them without importing the readers)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits of the readers; every one bounds memory, not just time."""

    max_document_bytes: int = 20 * 1024 * 1024  # one page after decompression (= a dump's limit)
    max_archive_bytes: int = 256 * 1024 * 1024  # a WARC or JSON Lines file as landed (read whole)
    max_inflated_bytes: int = 256 * 1024 * 1024  # a whole file after decompression
    max_member_bytes: int = 64 * 1024 * 1024  # one gzip member of a WARC (held in memory)
    max_records: int = 100_000  # records or lines of one file


LIMITS = Limits()
