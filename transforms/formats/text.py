"""Text dumps (the scraper's own format): `transforms.decode` reads them."""

from __future__ import annotations

import dataclasses

from transforms.decode import decode
from transforms.formats.base import Bad, Document
from transforms.records import RawDoc, Rejection


def read_text(raw: RawDoc, data: bytes, today, fmt: str = "text") -> Document | Bad:
    """`data` is the dump's bytes (inflated when the file was compressed); ids stay the file's."""
    got = decode(RawDoc(raw.path, raw.size, raw.sha256, data), today)
    if isinstance(got, Rejection):
        return Bad(got.stage, got.reason, got.detail)
    return Document(dataclasses.replace(got, fmt=fmt))
