"""Candidate pairs from shared LSH band hashes, and their estimated similarity.

All vectorised: a band's hashes are sorted once and only buckets holding more than one doc
(a small minority) are expanded into pairs. Pairs come back as distinct (i, j) rows.
"""

from __future__ import annotations

import numpy as np

from transforms.dedupe.config import DedupeConfig
from transforms.dedupe.sketch import band_hashes

NEAR_CHUNK = 4096  # candidate pairs compared per numpy step (temporaries stay in cache)
BAND_CHUNK = 16384  # stored signatures band-hashed per numpy step (arrays stay in cache)


def similarity(a: np.ndarray, b: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of row pairs (a[ia[k]], b[ib[k]]): the share of equal slots."""
    out = np.empty(len(ia), np.float64)
    for s in range(0, len(ia), NEAR_CHUNK):
        e = s + NEAR_CHUNK
        out[s:e] = np.count_nonzero(a[ia[s:e]] == b[ib[s:e]], axis=1) / a.shape[1]
    return out


def segment_arange(counts: np.ndarray) -> np.ndarray:
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting: numpy 2's hash-based np.unique is many times slower on int64."""
    values = np.sort(values)
    return values[np.append(True, values[1:] != values[:-1])] if len(values) else values


def unique_pairs(a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    code = sorted_unique(a.astype(np.int64) * width + b)
    return np.stack([code // width, code % width], axis=1)


class KeyFilter:
    """Tells keys that may be in a set from keys that surely are not, by one table look-up.

    A key passes when a member shares its low bits (at most one slot in 32 is taken): members
    always pass, others rarely. Every row of a key gets the same answer, so filtering rows of
    keys keeps whole buckets. Band hashes are well mixed, so their low bits spread evenly.
    """

    def __init__(self, members: np.ndarray) -> None:
        bits = int(np.clip(np.ceil(np.log2(max(len(members), 1))) + 5, 10, 26))
        self.mask = np.int64((1 << bits) - 1)
        self.table = np.zeros(1 << bits, bool)
        self.table[members.astype(np.int64, copy=False) & self.mask] = True

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        return self.table[keys.astype(np.int64, copy=False) & self.mask]


class KeyIndex:
    """Position of each key in a sorted array of distinct keys (-1 where absent), by one table
    look-up on the key's low bits: a binary search per key costs ~5x more at 800k keys.

    A slot holds the one member with those bits, or -2 where several share them (at 8 to 16
    slots per member, 6-12% of members do): only keys landing there are searched.
    """

    def __init__(self, members: np.ndarray) -> None:
        self.members = members
        bits = int(np.clip(np.ceil(np.log2(max(len(members), 1))) + 3, 10, 27))
        self.mask = np.int64((1 << bits) - 1)
        slots = members.astype(np.int64, copy=False) & self.mask
        self.table = np.full(1 << bits, -1, np.int32)
        self.table[slots] = np.arange(len(members), dtype=np.int32)
        slots = np.sort(slots)
        self.table[slots[1:][slots[1:] == slots[:-1]]] = -2

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        """As `KeyFilter.may_hold`, more loosely (6-12% of other keys pass), from this table."""
        return self.table[keys.astype(np.int64, copy=False) & self.mask] != -1

    def find(self, keys: np.ndarray) -> np.ndarray:
        at = self.table[keys.astype(np.int64, copy=False) & self.mask].astype(np.int64)
        one = np.flatnonzero(at >= 0)
        at[one[self.members[at[one]] != keys[one]]] = -1
        many = np.flatnonzero(at == -2)
        if len(many):
            wanted = keys[many]
            pos = np.minimum(np.searchsorted(self.members, wanted), len(self.members) - 1)
            at[many] = np.where(self.members[pos] == wanted, pos, -1)
        return at


def band_keys_among(
    sig: np.ndarray,
    rows: np.ndarray,
    wanted: np.ndarray | KeyFilter | KeyIndex,
    config: DedupeConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """(band hash, row) of the band hashes of `sig[rows]` (rows ascending, distinct) that may
    be among `wanted`: all that are, and a few others (`pairs_across` tells them apart).

    Hashed a chunk of rows at a time and filtered at once (`KeyFilter`): most stored band
    hashes match no wanted key, and neither all of them nor a copy of `sig[rows]` is kept.
    """
    among = wanted if isinstance(wanted, KeyFilter | KeyIndex) else KeyFilter(wanted)
    whole = len(rows) == len(sig)  # rows is every row (ascending): slice, no copy
    keys, owners = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for s in range(0, len(rows), BAND_CHUNK):
        chunk = rows[s : s + BAND_CHUNK]
        k = band_hashes(sig[s : s + BAND_CHUNK] if whole else sig[chunk], config).reshape(-1)
        hit = np.flatnonzero(among.may_hold(k))
        keys.append(k[hit])
        owners.append(chunk[hit // config.bands].astype(np.int64, copy=False))
    return np.concatenate(keys), np.concatenate(owners)


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
    code = sorted_unique(np.concatenate(codes)) if codes else np.zeros(0, np.int64)
    return np.stack([code // width, code % width], axis=1)


def pairs_across(
    new_keys: np.ndarray,
    new_owner: np.ndarray,
    old_keys: np.ndarray,
    old_owner: np.ndarray,
    max_bucket: int,
    crowded: np.ndarray | None = None,
) -> np.ndarray:
    """Distinct (new owner, old owner) pairs sharing a key. Keys held by more than
    `max_bucket` old owners are passed over: stored owners are distinct articles, so such a
    key is text they share, and pairing every new doc with all of them grows with the store.
    `crowded` keys are passed over too: those a larger set of old owners, of which these are
    a part, held more than `max_bucket` times (see `narrow`).

    Most old keys match no new key: they are dropped first (`KeyFilter`), whole buckets at a
    time, so the bucket sizes are those of all old rows and only the rest is sorted."""
    keep = KeyFilter(new_keys).may_hold(old_keys)  # keeps every old row of a kept key
    old_keys, old_owner = old_keys[keep], old_owner[keep]
    if crowded is not None and len(crowded):
        keep = ~np.isin(old_keys, crowded)
        old_keys, old_owner = old_keys[keep], old_owner[keep]
    if len(old_keys) == 0:
        return unique_pairs(old_owner, old_owner, 1)
    order = np.argsort(old_keys)
    old_keys, old_owner = old_keys[order], old_owner[order]
    starts = np.flatnonzero(np.append(True, old_keys[1:] != old_keys[:-1]))
    sizes = np.diff(np.append(starts, len(old_keys)))
    small = sizes <= max_bucket
    bucket_key, start, size = old_keys[starts[small]], starts[small], sizes[small]
    if len(bucket_key) == 0:
        return unique_pairs(old_owner[:0], old_owner[:0], 1)
    by_key = np.argsort(new_keys)  # sorted needles: a cache-friendly search
    needle = new_keys[by_key]
    at = np.minimum(np.searchsorted(bucket_key, needle), len(bucket_key) - 1)
    counts = np.where(bucket_key[at] == needle, size[at], 0)
    left = np.repeat(new_owner[by_key], counts)
    right = old_owner[np.repeat(start[at], counts) + segment_arange(counts)]
    return unique_pairs(left, right, int(old_owner.max()) + 1 if len(old_owner) else 1)
