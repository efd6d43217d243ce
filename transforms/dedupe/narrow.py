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

from transforms.dedupe.candidates import band_keys_among, pairs_across, similarity
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


@dataclass(frozen=True)
class _NightKeys:
    keys: np.ndarray  # band hash of each (doc, band) of the docs with a signature
    owner: np.ndarray  # row of `sig` each key belongs to
    sig: np.ndarray  # (docs, num_perm) signatures
    hashes: pa.Array  # the night's content hashes


def _night_keys(new: pa.Table) -> _NightKeys:
    sig, valid = matrix(new.column("signature"), np.uint32)
    bands, _ = matrix(new.column("band_hashes"), np.int64)
    live = np.flatnonzero(valid)
    return _NightKeys(
        keys=bands[live].reshape(-1),
        owner=np.repeat(live, bands.shape[1]),
        sig=sig,
        hashes=pc.unique(new.column("content_hash").drop_null()),
    )


def _resembling(batch: pa.RecordBatch, night: _NightKeys, config: DedupeConfig):
    """Rows of the batch a night doc may join (a superset within the batch: its buckets
    are only part of each bucket), and the batch's band hashes among the night's."""
    signature = batch.column("signature")
    if signature.type != signature_type(config):
        signature = signature.cast(signature_type(config))
    sig, valid = matrix(signature, np.uint32)
    keys, owners = band_keys_among(sig, np.flatnonzero(valid), night.keys, config)
    pairs = pairs_across(night.keys, night.owner, keys, owners, config.max_bucket)
    sims = similarity(night.sig, sig, pairs[:, 0], pairs[:, 1])
    near = np.zeros(batch.num_rows, bool)
    near[pairs[sims >= config.min_similarity, 1]] = True
    same_text = pc.is_in(batch.column("content_hash"), value_set=night.hashes)
    near |= same_text.fill_null(False).to_numpy(zero_copy_only=False)
    return near, keys


def _crowded(keys: list[np.ndarray], night: _NightKeys, max_bucket: int) -> np.ndarray:
    if not keys:
        return np.zeros(0, np.int64)
    values, counts = np.unique(np.concatenate(keys), return_counts=True)
    crowded = values[counts > max_bucket]
    return crowded[np.isin(crowded, night.keys)]


def narrow(
    new: pa.Table, batches: Iterable[pa.RecordBatch], config: DedupeConfig = NEWS
) -> Narrowed:
    """`new`: the night's `signatures` rows (band_hashes, signature, content_hash). `batches`:
    the stored candidates (KEPT columns and `multi`, true for a row whose article has other
    stored versions), in any order and batching."""
    night = _night_keys(new)
    kept: list[pa.RecordBatch] = []
    joining: list[pa.Array] = []
    keys: list[np.ndarray] = []
    seen = 0
    for batch in batches:
        seen += batch.num_rows
        near, batch_keys = _resembling(batch, night, config)
        keys.append(batch_keys)
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
    return Narrowed(table, _crowded(keys, night, config.max_bucket), seen)
