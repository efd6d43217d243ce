"""Narrow the stored candidates, streamed in batches, to the rows `fold` can use.

At a million stored articles a chunk of 25k docs shares a band hash with most of the index:
~650k signatures, ~370 MB as Arrow, held at once. Yet only an article some night doc
resembles (estimated Jaccard >= min_similarity through a shared band, or the same content
hash) can join the night; the rest only count towards the band buckets' sizes. So each batch
is tested as it arrives and only those articles are kept, with every one of their rows
(a batch cannot tell whether an article's other versions will resemble a doc, so rows of
articles holding several versions are kept until the end).

Exact: `fold(new, narrowed.candidates, crowded=narrowed.crowded)` decides as `fold(new, all)`.
Articles without an edge never join a set, and a bucket's size is its size among all the
rows: `crowded` lists the night's band hashes held by more than `max_bucket` of them. The
count assumes the lookup gives each stored version once (the index appends a version once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedupe.candidates import (
    KeyIndex,
    band_keys_among,
    segment_arange,
    similarity,
    unique_pairs,
)
from transforms.dedupe.config import NEWS, DedupeConfig
from transforms.dedupe.index import LSH_SIGNATURES
from transforms.dedupe.inputs import matrix
from transforms.dedupe.sketch import signature_type

KEPT = ("article_id", "content_hash", "capture_date", "signature")


@dataclass(frozen=True)
class Narrowed:
    candidates: pa.Table  # every row of each article that can join the night (KEPT columns)
    crowded: np.ndarray  # the night's band hashes in more than max_bucket candidate rows
    rows_seen: int  # candidate rows streamed


class _NightKeys:
    """The night's band hashes, sorted once for every batch's look-ups, and a count of the
    candidate rows seen holding each."""

    def __init__(self, new: pa.Table) -> None:
        self.sig, valid = matrix(new.column("signature"), np.uint32)
        bands, _ = matrix(new.column("band_hashes"), np.int64)
        live = np.flatnonzero(valid)
        keys = bands[live].reshape(-1)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]  # sorted, with repeats (one per doc holding the key)
        self.owner = np.repeat(live, bands.shape[1])[order]  # doc of each key
        first = np.append(True, self.keys[1:] != self.keys[:-1]) if len(keys) else []
        starts = np.flatnonzero(first)
        self.distinct = self.keys[starts]
        self.start = starts
        self.size = np.diff(np.append(starts, len(self.keys)))
        self.rows = np.zeros(len(starts), np.int64)  # candidate rows seen per distinct key
        self.index = KeyIndex(self.distinct)  # filters keys, and finds them among `distinct`
        self.hashes = pc.unique(new.column("content_hash").drop_null())

    def crowded(self, max_bucket: int) -> np.ndarray:
        return self.distinct[self.rows > max_bucket]


def _resembling(batch: pa.RecordBatch, night: _NightKeys, config: DedupeConfig) -> np.ndarray:
    """Rows of the batch a night doc may join: a superset, as its buckets are only part of
    each bucket; a key is passed over once the rows seen so far crowd it."""
    signature = batch.column("signature")
    if signature.type != signature_type(config):
        signature = signature.cast(signature_type(config))
    sig, valid = matrix(signature, np.uint32)
    keys, rows = band_keys_among(sig, np.flatnonzero(valid), night.index, config)
    at = night.index.find(keys)
    rows, at = rows[at >= 0], at[at >= 0]
    night.rows += np.bincount(at, minlength=len(night.rows))
    open_ = night.rows[at] <= config.max_bucket
    rows, at = rows[open_], at[open_]
    counts = night.size[at]
    docs = night.owner[np.repeat(night.start[at], counts) + segment_arange(counts)]
    pairs = unique_pairs(docs, np.repeat(rows, counts), batch.num_rows)
    sims = similarity(night.sig, sig, pairs[:, 0], pairs[:, 1])
    near = np.zeros(batch.num_rows, bool)
    near[pairs[sims >= config.min_similarity, 1]] = True
    same_text = pc.is_in(batch.column("content_hash"), value_set=night.hashes)
    return near | same_text.fill_null(False).to_numpy(zero_copy_only=False)


def narrow(
    new: pa.Table, batches: Iterable[pa.RecordBatch], config: DedupeConfig = NEWS
) -> Narrowed:
    """`new`: the night's `signatures` rows (band_hashes, signature, content_hash). `batches`:
    the stored candidates (KEPT columns and `multi`, true for a row whose article has other
    stored versions), in any order and batching."""
    night = _NightKeys(new)
    kept: list[pa.RecordBatch] = []
    joining: list[pa.Array] = []
    seen = 0
    for batch in batches:
        seen += batch.num_rows
        near = _resembling(batch, night, config)
        joining.append(batch.column("article_id").filter(pa.array(near)))
        many = batch.column("multi").fill_null(False).to_numpy(zero_copy_only=False)
        hold = near | many
        if hold.any():
            kept.append(batch.select(list(KEPT)).filter(pa.array(hold)))
    if kept:
        table = pa.Table.from_batches(kept)
        ids = pa.chunked_array(joining, pa.string()).combine_chunks()
        table = table.filter(pc.is_in(table.column("article_id"), value_set=pc.unique(ids)))
    else:
        table = LSH_SIGNATURES.empty_table().select(list(KEPT))
    return Narrowed(table, night.crowded(config.max_bucket), seen)
