"""Word shingles of many bodies at once, as flat uint64 hashes: the vectorised hot path.

Python-level shingling (split, then hash every n-gram) is what bounds MinHash throughput, so
nothing here loops over words in Python. Arrow splits a whole chunk of bodies into words and
dictionary-encodes them; only the chunk's distinct words are normalised (lower case, curly
apostrophes straightened, leading and trailing punctuation stripped) and hashed with xxh3 in
Python; numpy then combines each run of `k` word hashes into one shingle hash. Words that are
only punctuation are dropped. A body with fewer than `k` words gives one shingle of all its
words; an empty body gives none.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

TOKENS_VERSION = 1  # bump when word normalisation or shingle hashing changes (see sketch_id)
_MUL = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio) for the n-gram fold
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)  # splitmix64 finaliser constants
_MIX2 = np.uint64(0x94D049BB133111EB)
_DROP = np.uint64(0)  # word hash reserved for "no word" (punctuation only)
_QUOTES = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"))  # Ukraine’s == Ukraine's


@dataclass(frozen=True, slots=True)
class Shingled:
    """Shingle hashes of a chunk of bodies: row i owns hashes[offsets[i]:offsets[i + 1]]."""

    hashes: np.ndarray  # uint64, flat
    offsets: np.ndarray  # uint64, len(bodies) + 1
    word_counts: np.ndarray  # int32 words per body (punctuation-only tokens not counted)


@cache
def punctuation() -> str:
    """Characters stripped from both ends of words: Unicode punctuation and symbols (BMP)."""
    return "".join(c for c in map(chr, range(0x10000)) if unicodedata.category(c)[0] in "PS")


def mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, in place (uint64 arithmetic wraps by design)."""
    h ^= h >> np.uint64(30)
    h *= _MIX1
    h ^= h >> np.uint64(27)
    h *= _MIX2
    h ^= h >> np.uint64(31)
    return h


def word_hashes(words: pa.Array) -> np.ndarray:
    """uint64 hash of each normalised word; 0 for words that are only punctuation."""
    encoded = pc.dictionary_encode(words)
    vocab = pc.utf8_lower(encoded.dictionary)
    for curly, straight in _QUOTES:
        vocab = pc.replace_substring(vocab, curly, straight)
    vocab = pc.utf8_trim(vocab, punctuation()).cast(pa.binary())
    digest = xxhash.xxh3_64_intdigest
    table = np.fromiter(
        (digest(w) or 1 if w else 0 for w in vocab.to_pylist()), np.uint64, len(vocab)
    )
    return table[encoded.indices.to_numpy(zero_copy_only=False)]


def shingle(words: pa.ListArray, k: int) -> Shingled:
    """Shingle hashes of each row's words (a ListArray as from `normalised_words`)."""
    offsets = words.offsets.to_numpy().astype(np.int64)
    offsets -= offsets[0]
    w = word_hashes(words.flatten()) if offsets[-1] else np.zeros(0, np.uint64)
    keep = w != _DROP
    if not keep.all():
        kept_before = np.concatenate([[0], np.cumsum(keep)])
        offsets = kept_before[offsets]
        w = w[keep]
    n = len(w)
    lens = np.diff(offsets)
    starts = offsets[:-1]
    long_ = lens >= k
    short = (lens > 0) & ~long_
    padded = np.concatenate([w, np.zeros(k, np.uint64)])
    partial = np.zeros(int(short.sum()), np.uint64)  # short bodies: one shingle of all words
    short_starts, short_lens = starts[short], lens[short]
    with np.errstate(over="ignore"):
        acc = padded[:n].copy()  # after step L, acc[p] folds words p .. p+L-1
        for length in range(1, k + 1):
            if length > 1:
                acc *= _MUL
                acc += padded[length - 1 : length - 1 + n]
            done = short_lens == length
            partial[done] = acc[short_starts[done]]
        edges = np.zeros(n + 1, np.int8)  # windows start at p <= end - k of a long body
        np.add.at(edges, starts[long_], 1)
        np.add.at(edges, offsets[1:][long_] - k + 1, -1)
        valid = np.cumsum(edges[:n], dtype=np.int8).astype(bool)
        acc[short_starts] = partial
        valid[short_starts] = True
        hashes = mix64(acc[valid])
    counts = np.where(long_, lens - k + 1, short.astype(np.int64))
    out = np.zeros(len(lens) + 1, np.uint64)
    np.cumsum(counts, out=out[1:])
    return Shingled(hashes, out, lens.astype(np.int32))


if sys.byteorder != "little":  # signatures and band hashes are persisted as little-endian
    raise ImportError("transforms.dedupe assumes a little-endian machine")
