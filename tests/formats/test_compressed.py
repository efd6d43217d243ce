"""Inflating within a limit: a bomb is refused without being expanded past the limit."""

from __future__ import annotations

import gzip
import os
import tracemalloc
import zlib

import pytest
import zstandard

from corpus.hostile import _gzip_bomb
from transforms.formats.compressed import (
    Corrupt,
    TooLarge,
    compression_of,
    gzip_member,
    inflate,
    inflate_chunks,
)


def test_round_trips_gzip_and_zstd():
    data = os.urandom(300_000).hex().encode()
    assert inflate(gzip.compress(data), "gzip", len(data)) == data
    assert inflate(zstandard.ZstdCompressor().compress(data), "zstd", len(data)) == data


def test_magic_bytes_decide_not_names():
    assert compression_of(gzip.compress(b"x")) == "gzip"
    assert compression_of(zstandard.ZstdCompressor().compress(b"x")) == "zstd"
    assert compression_of(b" date 2024-03-11 text") is None


def test_concatenated_gzip_members_are_one_stream():
    data = gzip.compress(b"first\n") + gzip.compress(b"second\n")
    assert inflate(data, "gzip", 100) == b"first\nsecond\n"


@pytest.mark.parametrize("kind", ["gzip", "zstd"])
def test_bomb_is_refused_within_the_limit(kind):
    inflated = 64 * 1024 * 1024
    bomb = (
        _gzip_bomb(inflated)
        if kind == "gzip"
        else zstandard.ZstdCompressor(level=19).compress(bytes(inflated))
    )
    assert len(bomb) < inflated // 500
    limit = 4 * 1024 * 1024
    tracemalloc.start()
    with pytest.raises(TooLarge, match="limit"):
        inflate(bomb, kind, limit)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 3 * limit, f"peak {peak} bytes for a {limit}-byte limit"


def test_one_byte_over_the_limit_is_refused_and_exactly_the_limit_is_not():
    data = b"a" * 1000
    assert inflate(gzip.compress(data), "gzip", 1000) == data
    with pytest.raises(TooLarge):
        inflate(gzip.compress(data), "gzip", 999)


@pytest.mark.parametrize(
    "data",
    [
        b"\x1f\x8b\x08\x00" + bytes(range(256)) * 2,  # header, then junk
        gzip.compress(b"hello world " * 100)[:-30],  # cut short
        gzip.compress(b"hello") + b"trailing junk",
    ],
    ids=["junk", "truncated", "trailing"],
)
def test_damage_is_corrupt(data):
    with pytest.raises(Corrupt):
        inflate(data, "gzip", 10_000)


def test_truncated_zstd_is_corrupt():
    data = zstandard.ZstdCompressor().compress(os.urandom(50_000))[:-100]
    with pytest.raises(Corrupt):
        inflate(data, "zstd", 10**6)


def test_chunks_are_small():
    data = os.urandom(200_000).hex().encode()
    pieces = list(inflate_chunks(gzip.compress(data), "gzip", len(data)))
    assert b"".join(pieces) == data and len(pieces) > 1


def test_gzip_member_reports_where_it_ends():
    first, second = gzip.compress(b"one"), gzip.compress(b"two")
    buf = memoryview(first + second)
    assert gzip_member(buf, 0, 10) == (b"one", len(first))
    assert gzip_member(buf, len(first), 10) == (b"two", len(buf))
    with pytest.raises(Corrupt):
        gzip_member(memoryview(zlib.compress(b"not gzip")), 0, 10)


def test_several_zstd_frames_are_one_stream():
    c = zstandard.ZstdCompressor()
    data = c.compress(os.urandom(100_000)) + c.compress(b"tail")
    assert inflate(data, "zstd", 10**6).endswith(b"tail")
