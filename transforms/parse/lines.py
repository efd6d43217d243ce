"""Splitting a dump into lines, and the line hash the warehouse learns boilerplate by."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import xxhash


def fold(line: str) -> str:
    """Whitespace-folded form of a line (runs of whitespace -> one space, ends trimmed)."""
    return " ".join(line.split())


def line_hash(line: str) -> str:
    """xxh64 hex digest of the NFC, whitespace-folded line (key of `boilerplate_lines`)."""
    if len(line) <= MAX_CACHED_CHARS:
        return line_hash_cache(line)
    return _digest(line)


def _digest(line: str) -> str:
    return xxhash.xxh64_hexdigest(unicodedata.normalize("NFC", fold(line)).encode("utf-8"))


MAX_CACHED_CHARS = 200  # short lines (a site's chrome) recur page after page: hashed once
line_hash_cache = lru_cache(maxsize=1 << 15)(_digest)


def split_lines(text: str) -> tuple[list[str], list[bool]]:
    """Non-empty lines (folded) and, for each, whether a blank line preceded it.

    The blank-line flag is the only layout a text dump keeps: it separates paragraphs.
    """
    lines: list[str] = []
    gaps: list[bool] = []
    gap = False
    for raw in text.split("\n"):
        line = (
            " ".join(raw.split()) if ("  " in raw or "\t" in raw or "\xa0" in raw) else raw.strip()
        )
        if line:
            lines.append(line)
            gaps.append(gap)
            gap = False
        else:
            gap = True
    return lines, gaps
