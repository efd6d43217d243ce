"""The night's docs and the stored candidates, unpacked from Arrow for `fold`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedupe.config import DedupeConfig
from transforms.dedupe.index import LSH_SIGNATURES
from transforms.dedupe.sketch import signature_type


def matrix(column: pa.ChunkedArray | pa.Array, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """A fixed-size list column as an (n, width) array (null rows zeroed) and its validity."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks else pa.array([], column.type)
    width = column.type.list_size
    values = column.values.slice(column.offset * width, len(column) * width)
    mat = values.to_numpy(zero_copy_only=False).astype(dtype, copy=False).reshape(-1, width)
    valid = column.is_valid().to_numpy(zero_copy_only=False)
    if not valid.all():
        mat = mat.copy()
        mat[~valid] = 0
    return mat, valid


@dataclass
class Night:
    """The night's docs in rank order (published_at, capture_date, doc_id; nulls last)."""

    doc_ids: np.ndarray  # object (str)
    hashes: list[str | None]
    row: np.ndarray  # input row of each ranked doc
    bands: np.ndarray  # (n, bands) int64, in input order
    has_sig: np.ndarray  # bool
    capture: np.ndarray  # int64 days since epoch, nulls as a large number
    captures: pa.Array  # date32
    published: pa.Array  # timestamp
    words: pa.Array  # int32
    id_rank: np.ndarray  # rank of each doc_id in string order


def read_night(new: pa.Table) -> Night:
    keys = new.select(["published_at", "capture_date", "doc_id"])
    order = pc.sort_indices(
        keys, sort_keys=[(name, "ascending", "at_end") for name in keys.column_names]
    )
    cols = new.select(["doc_id", "content_hash", "published_at", "capture_date", "word_count"])
    cols = cols.take(order)
    ids = cols.column("doc_id")
    idx = order.to_numpy()
    valid = new.column("signature").is_valid().to_numpy(zero_copy_only=False)
    bands, _ = matrix(new.column("band_hashes"), np.int64)
    captures = cols.column("capture_date").combine_chunks().cast(pa.date32())
    capture = captures.cast(pa.int32()).fill_null(2**31 - 1).to_numpy().astype(np.int64)
    id_rank = np.empty(len(ids), np.int64)
    id_rank[pc.sort_indices(ids).to_numpy()] = np.arange(len(ids))
    return Night(
        doc_ids=np.array(ids.to_pylist(), dtype=object),
        hashes=cols.column("content_hash").to_pylist(),
        row=idx,
        bands=bands,
        has_sig=valid[idx],
        capture=capture,
        captures=captures,
        published=cols.column("published_at").combine_chunks(),
        words=cols.column("word_count").combine_chunks(),
        id_rank=id_rank,
    )


@dataclass
class Stored:
    """Candidate stored versions, one row per (article, content hash)."""

    articles: list[str]  # distinct article ids, sorted; an article's index is its label
    article: np.ndarray  # label of each row
    sig: np.ndarray
    valid: np.ndarray
    versions: dict[int, set[str]]  # label -> content hashes stored
    latest: dict[int, object]  # label -> latest stored capture_date
    by_hash: dict[str, int]  # content hash -> label (smallest article id if several)


def read_stored(candidates: pa.Table | None, config: DedupeConfig) -> Stored:
    if candidates is None or candidates.num_rows == 0:
        candidates = LSH_SIGNATURES.empty_table()
    elif "sketch" in candidates.column_names:
        sketches = set(pc.unique(candidates.column("sketch")).to_pylist())
        if sketches - {config.sketch_id}:
            raise ValueError(f"stored signatures made with {sketches}, not {config.sketch_id}")
    ids = candidates.column("article_id").to_pylist()
    hashes = candidates.column("content_hash").to_pylist()
    dates = candidates.column("capture_date").to_pylist()
    rows: dict[tuple[str, str], int] = {}
    latest_of: dict[str, object] = {}
    for i, key in enumerate(zip(ids, hashes, strict=True)):
        rows.setdefault(key, i)  # the flow may pass one row per matching band
        d = dates[i]
        if d is not None and (latest_of.get(key[0]) is None or d > latest_of[key[0]]):
            latest_of[key[0]] = d
    keys = sorted(rows)
    articles = sorted({a for a, _ in keys})
    label = {a: i for i, a in enumerate(articles)}
    signature = candidates.column("signature")
    if signature.type != signature_type(config):  # e.g. list<uint32> as DuckDB returns it
        signature = signature.cast(signature_type(config))
    sig, valid = matrix(signature, np.uint32)
    take = np.array([rows[k] for k in keys], np.int64)
    versions: dict[int, set[str]] = {}
    by_hash: dict[str, int] = {}
    for a, h in keys:
        versions.setdefault(label[a], set()).add(h)
        by_hash.setdefault(h, label[a])
    return Stored(
        articles=articles,
        article=np.array([label[a] for a, _ in keys], np.int64),
        sig=sig[take] if len(take) else sig[:0],
        valid=valid[take] if len(take) else valid[:0],
        versions=versions,
        latest={label[a]: d for a, d in latest_of.items()},
        by_hash=by_hash,
    )
