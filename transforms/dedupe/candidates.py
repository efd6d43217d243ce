"""Candidate pairs from shared LSH band hashes, and their estimated similarity.

All vectorised: a band's hashes are sorted once and only buckets holding more than one doc
(a small minority) are expanded into pairs. Pairs come back as distinct (i, j) rows.
"""

from __future__ import annotations

import numpy as np

from transforms.dedupe.config import DedupeConfig

NEAR_CHUNK = 65536  # candidate pairs compared per numpy step (bounds temporary memory)


def similarity(a: np.ndarray, b: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of row pairs (a[ia[k]], b[ib[k]]): the share of equal slots."""
    out = np.empty(len(ia), np.float64)
    for s in range(0, len(ia), NEAR_CHUNK):
        e = s + NEAR_CHUNK
        out[s:e] = (a[ia[s:e]] == b[ib[s:e]]).mean(axis=1)
    return out


def segment_arange(counts: np.ndarray) -> np.ndarray:
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def unique_pairs(a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    code = np.unique(a.astype(np.int64) * width + b)
    return np.stack([code // width, code % width], axis=1)


def bucket_pairs(keys: np.ndarray, owners: np.ndarray, max_bucket: int) -> np.ndarray:
    """Pair codes (i * width + j, i < j) of owners sharing a key within one band.

    `owners` must be ascending, so a stable sort by key keeps each bucket in owner order and
    its first member is its best-ranked one; buckets over max_bucket link as a star to it.
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    tied = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
    if len(tied) == 0:  # most buckets hold one doc: work only on the rest
        return np.zeros(0, np.int64)
    pos = np.union1d(tied, tied + 1)
    k, o = sorted_keys[pos], owners[order[pos]]
    first = np.ones(len(k), bool)
    first[1:] = k[1:] != k[:-1]
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(k)))
    offset = np.arange(len(k)) - np.repeat(starts, sizes)
    size = np.repeat(sizes, sizes)
    later = np.where(size <= max_bucket, size - 1 - offset, 0)  # pair with every later one
    left = np.repeat(np.arange(len(k)), later)
    right = left + 1 + segment_arange(later)
    star = np.flatnonzero((size > max_bucket) & (offset > 0))
    left = np.concatenate([left, star - offset[star]])
    right = np.concatenate([right, star])
    a, b = o[left].astype(np.int64), o[right].astype(np.int64)
    keep = a != b
    width = np.int64(owners.max()) + 1
    return np.minimum(a, b)[keep] * width + np.maximum(a, b)[keep]


def pairs_within(
    bands: np.ndarray, rows: np.ndarray, owners: np.ndarray, config: DedupeConfig
) -> np.ndarray:
    """Distinct (i, j), i < j, of owners sharing a band hash; `bands[rows[k]]` is owner k's.

    One band at a time: memory stays at a few arrays of one band, not of all bands at once.
    """
    width = np.int64(owners.max()) + 1 if len(owners) else np.int64(1)
    codes = [bucket_pairs(bands[rows, b], owners, config.max_bucket) for b in range(config.bands)]
    code = np.unique(np.concatenate(codes)) if codes else np.zeros(0, np.int64)
    return np.stack([code // width, code % width], axis=1)


def pairs_across(
    new_keys: np.ndarray,
    new_owner: np.ndarray,
    old_keys: np.ndarray,
    old_owner: np.ndarray,
    max_bucket: int,
) -> np.ndarray:
    """Distinct (new owner, old owner) pairs sharing a key. Keys held by more than
    `max_bucket` old owners are passed over: stored owners are distinct articles, so such a
    key is text they share, and pairing every new doc with all of them grows with the store."""
    order = np.argsort(old_keys, kind="stable")
    old_keys, old_owner = old_keys[order], old_owner[order]
    starts = np.flatnonzero(np.append(True, old_keys[1:] != old_keys[:-1]))
    sizes = np.diff(np.append(starts, len(old_keys)))
    keep = np.repeat(sizes <= max_bucket, sizes)
    old_keys, old_owner = old_keys[keep], old_owner[keep]
    lo = np.searchsorted(old_keys, new_keys, "left")
    counts = np.searchsorted(old_keys, new_keys, "right") - lo
    left = np.repeat(new_owner, counts)
    right = old_owner[np.repeat(lo, counts) + segment_arange(counts)]
    return unique_pairs(left, right, int(old_owner.max()) + 1 if len(old_owner) else 1)
