"""MinHash signatures and LSH band hashes of bodies, in vectorised chunks.

Signatures come from rensa's R-MinHash over the flat shingle buffer of a whole chunk (one call,
no Python object per document). A band hash folds `rows` consecutive signature slots into one
int64 (signed so that engines without unsigned types read it), mixed with the band number.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import rensa

from transforms.dedupe.config import NEWS, DedupeConfig
from transforms.dedupe.normalise import hashes_of_words, normalised_words
from transforms.dedupe.shingles import mix64, shingle

_BAND_MUL = np.uint64(0xC2B2AE3D27D4EB4F)


def signature_type(config: DedupeConfig = NEWS) -> pa.DataType:
    return pa.list_(pa.uint32(), config.num_perm)


def bands_type(config: DedupeConfig = NEWS) -> pa.DataType:
    return pa.list_(pa.int64(), config.bands)


def band_hashes(sig: np.ndarray, config: DedupeConfig = NEWS) -> np.ndarray:
    """(n, bands) int64 band hashes of an (n, num_perm) uint32 signature matrix."""
    used = sig[:, : config.bands * config.rows].reshape(len(sig), config.bands, config.rows)
    with np.errstate(over="ignore"):
        h = np.broadcast_to(
            np.arange(1, config.bands + 1, dtype=np.uint64) * _BAND_MUL, (len(sig), config.bands)
        ).copy()
        for j in range(config.rows):
            h ^= used[:, :, j].astype(np.uint64)
            h *= _BAND_MUL
            h ^= h >> np.uint64(29)
        return mix64(h).view(np.int64)


def _fixed_lists(flat: np.ndarray, width: int, valid: np.ndarray) -> pa.FixedSizeListArray:
    values = pa.array(flat.reshape(-1))
    mask = pa.array(~valid) if not valid.all() else None
    return pa.FixedSizeListArray.from_arrays(values, width, mask=mask)


def _sketch_chunk(bodies: pa.Array, config: DedupeConfig) -> dict[str, pa.Array]:
    words = normalised_words(bodies)
    shingled = shingle(words, config.shingle_words)
    n = len(bodies)
    has = np.diff(shingled.offsets) > 0
    if shingled.hashes.size:
        matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
            shingled.hashes, shingled.offsets, config.num_perm, config.seed
        )
        sig = np.array(matrix.to_rows(), np.uint32).reshape(n, config.num_perm)
    else:
        sig = np.zeros((n, config.num_perm), np.uint32)
    sig[~has] = 0
    bands = band_hashes(sig, config)
    return {
        "content_hash": pa.array(hashes_of_words(words), pa.string()),
        "word_count": pa.array(shingled.word_counts, pa.int32()),
        "signature": _fixed_lists(sig, config.num_perm, has),
        "band_hashes": _fixed_lists(bands, config.bands, has),
    }


def signatures(docs: pa.Table, config: DedupeConfig = NEWS, body: str = "body") -> pa.Table:
    """Sketch every body: the input columns (minus `body`) plus the columns below.

    - `content_hash` (string): xxh128 of the normalised body (`normalise.content_hash`).
    - `word_count` (int32): words in the body, punctuation-only tokens not counted.
    - `signature` (fixed_size_list<uint32>[num_perm]): R-MinHash of the word shingles.
    - `band_hashes` (fixed_size_list<int64>[bands]): LSH band hashes of the signature.

    Bodies without a single word get null `signature` and `band_hashes`: they can only fold
    as exact duplicates, never by similarity.
    """
    column = docs.column(body)

    def sketch(start: int) -> dict[str, pa.Array]:  # slices lazily: no copy of all bodies
        return _sketch_chunk(column.slice(start, config.chunk_docs).combine_chunks(), config)

    starts = range(0, len(column), config.chunk_docs)
    if config.workers > 1 and len(starts) > 1:
        with ThreadPoolExecutor(config.workers) as pool:
            parts = list(pool.map(sketch, starts))
    else:
        parts = [sketch(start) for start in starts]
    out = docs.drop_columns([body])
    for name, kind in (
        ("content_hash", pa.string()),
        ("word_count", pa.int32()),
        ("signature", signature_type(config)),
        ("band_hashes", bands_type(config)),
    ):
        out = out.append_column(
            pa.field(name, kind), pa.chunked_array([p[name] for p in parts], kind)
        )
    return out
