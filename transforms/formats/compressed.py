"""Compressed input, inflated within a size limit (a gzip bomb is refused, never expanded).

gzip (several members in a row are one stream, as `cat a.gz b.gz` makes) and zstd (every frame).
Input is fed in small pieces and each call may return at most what is left under the limit,
so memory stays at the limit whatever the ratio.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

import zstandard

CHUNK = 64 * 1024  # compressed bytes fed per call
OUT_CHUNK = 256 * 1024  # inflated bytes returned per call
GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"(\xb5/\xfd"


class Corrupt(ValueError):
    """The compressed stream is damaged or cut short."""


class TooLarge(ValueError):
    """The stream inflates past the limit."""


def compression_of(data: bytes) -> str | None:
    """'gzip' or 'zstd' by the stream's magic bytes (the name is not trusted), else None."""
    if data.startswith(GZIP_MAGIC):
        return "gzip"
    if data.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


def inflate(data: bytes, kind: str, limit: int) -> bytes:
    """The whole stream inflated; raises `TooLarge` past `limit` bytes, `Corrupt` if damaged."""
    return b"".join(inflate_chunks(data, kind, limit))


def inflate_chunks(data: bytes, kind: str, limit: int) -> Iterator[bytes]:
    """The inflated stream piece by piece, `limit` bytes at most in all."""
    if kind == "gzip":
        yield from _gzip_chunks(memoryview(data), limit)
    elif kind == "zstd":
        yield from _zstd_chunks(data, limit)
    else:
        raise ValueError(f"unknown compression {kind}")


def _gzip_chunks(buf: memoryview, limit: int) -> Iterator[bytes]:
    total, pos = 0, 0
    while pos < len(buf):
        if pos and bytes(buf[pos : pos + 2]) != GZIP_MAGIC:
            if not bytes(buf[pos:]).strip(b"\x00"):  # padding after the last member
                return
            raise Corrupt(f"gzip: trailing garbage at byte {pos}")
        d = zlib.decompressobj(31)
        while not d.eof:
            if pos >= len(buf):
                raise Corrupt("gzip: stream cut short")
            piece = buf[pos : pos + CHUNK]
            try:
                out = d.decompress(piece, min(OUT_CHUNK, limit + 1 - total))
            except zlib.error as err:
                raise Corrupt(f"gzip: {err}") from None
            pos += len(piece) - len(d.unconsumed_tail)
            total += len(out)
            if total > limit:
                raise TooLarge(f"gzip inflates past the {limit}-byte limit")
            if out:
                yield out
        pos -= len(d.unused_data)


def _zstd_chunks(data: bytes, limit: int) -> Iterator[bytes]:
    reader = zstandard.ZstdDecompressor().stream_reader(
        io.BytesIO(data), read_across_frames=True, read_size=CHUNK
    )
    total = 0
    try:
        while True:
            out = reader.read(min(CHUNK, limit + 1 - total))
            if not out:
                break
            total += len(out)
            if total > limit:
                raise TooLarge(f"zstd inflates past the {limit}-byte limit")
            yield out
        _check_zstd_frames(data)
    except zstandard.ZstdError as err:
        raise Corrupt(f"zstd: {err}") from None


def _check_zstd_frames(data: bytes) -> None:
    """The stream reader ends quietly on a cut-short frame: check each frame ended. (Called
    once the stream is known to inflate within the limit, so this bounded pass is safe.)"""
    rest = data
    while rest.strip(b"\x00"):
        d = zstandard.ZstdDecompressor().decompressobj()
        start = 0
        while not d.eof and start < len(rest):
            d.decompress(rest[start : start + CHUNK])
            start += CHUNK
        if not d.eof:
            raise Corrupt("zstd: stream cut short")
        rest = d.unused_data + rest[start:]


def gzip_member(buf: memoryview, start: int, limit: int) -> tuple[bytes, int]:
    """The one gzip member at `start`, inflated (at most `limit` bytes), and where it ends.

    Raises `Corrupt` or `TooLarge`; the caller can resume at the next member it finds.
    """
    d = zlib.decompressobj(31)
    out: list[bytes] = []
    total, pos = 0, start
    while not d.eof:
        if pos >= len(buf):
            raise Corrupt("gzip member cut short")
        piece = buf[pos : pos + CHUNK]
        try:
            got = d.decompress(piece, limit + 1 - total)
        except zlib.error as err:
            raise Corrupt(f"gzip: {err}") from None
        pos += len(piece) - len(d.unconsumed_tail)
        total += len(got)
        if total > limit:
            raise TooLarge(f"a gzip member inflates past the {limit}-byte limit")
        out.append(got)
    return b"".join(out), pos - len(d.unused_data)
