"""The night's docs and the stored candidates, unpacked from Arrow for `fold`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.dedupe.config import DedupeConfig
from transforms.dedupe.index import LSH_SIGNATURES
from transforms.dedupe.sketch import signature_type

EPOCH = date(1970, 1, 1)
NO_DAY = -(2**62)  # no capture_date: below every day


def _one_chunk(column: pa.ChunkedArray) -> pa.Array:
    """The column as one array, copied only if it has several chunks (combine_chunks copies
    even a single chunk)."""
    if column.num_chunks == 1:
        return column.chunk(0)
    return column.combine_chunks() if column.num_chunks else pa.array([], column.type)


def matrix(column: pa.ChunkedArray | pa.Array, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """A fixed-size list column as an (n, width) array (null rows zeroed) and its validity."""
    if isinstance(column, pa.ChunkedArray):
        column = _one_chunk(column)
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


def _string_column(table: pa.Table, name: str) -> pa.Array:
    column = _one_chunk(table.column(name))
    if column.null_count:
        raise ValueError(f"stored candidates need {name} on every row")
    return column


def _changes(values: pa.Array) -> np.ndarray:
    """True where a row differs from the one before it (and at the first row)."""
    if len(values) == 0:
        return np.zeros(0, bool)
    differs = pc.not_equal(values[1:], values[:-1]).to_numpy(zero_copy_only=False)
    return np.append(True, differs)


class Versions(Mapping[int, set[str]]):
    """label -> content hashes stored for the article, read from the sorted rows on access."""

    def __init__(self, bounds: np.ndarray, hashes: pa.Array) -> None:
        self.bounds = bounds  # rows of label i are bounds[i]:bounds[i + 1]
        self.hashes = hashes  # content hash of each row

    def __getitem__(self, label: int) -> set[str]:
        if not 0 <= label < len(self):
            raise KeyError(label)
        start, stop = int(self.bounds[label]), int(self.bounds[label + 1])
        return set(self.hashes.slice(start, stop - start).to_pylist())

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self)))


class Latest(Mapping[int, date]):
    """label -> latest stored capture_date, for articles with at least one dated row."""

    def __init__(self, days: np.ndarray) -> None:
        self.days = days  # days since epoch per label, NO_DAY if none

    def __getitem__(self, label: int) -> date:
        if not 0 <= label < len(self.days) or self.days[label] == NO_DAY:
            raise KeyError(label)
        return EPOCH + timedelta(days=int(self.days[label]))

    def __len__(self) -> int:
        return int((self.days != NO_DAY).sum())

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self.days != NO_DAY).tolist())


@dataclass
class Stored:
    """Candidate stored versions, one row per (article, content hash), in input order: the
    signatures are used where they lie (at a million stored articles they are hundreds of MB,
    too many to copy into sorted order)."""

    articles: list[str]  # distinct article ids, sorted; an article's index is its label
    article: np.ndarray  # label of each row
    sig: np.ndarray
    valid: np.ndarray
    versions: Versions  # label -> content hashes stored
    latest: Latest  # label -> latest stored capture_date
    hashes: pa.Array  # distinct stored content hashes
    hash_article: np.ndarray  # label holding each of `hashes` (smallest article id if several)

    def articles_of(self, hashes: pa.Array) -> np.ndarray:
        """Label of the article holding each content hash (see hash_article), -1 if none."""
        asked = pc.dictionary_encode(hashes)  # few: look the stored hashes up among them
        at = pc.index_in(self.hashes, value_set=asked.dictionary)
        held = at.is_valid().to_numpy(zero_copy_only=False)
        label = np.full(len(asked.dictionary) + 1, -1, np.int64)  # last: null hashes
        label[at.drop_null().to_numpy()] = self.hash_article[held]
        return label[asked.indices.fill_null(len(asked.dictionary)).to_numpy()]


def read_stored(candidates: pa.Table | None, config: DedupeConfig) -> Stored:
    """Unpack the candidates: the first row of each (article, hash) wins (the flow may pass one
    row per matching band); an article's latest capture is over all its rows."""
    if candidates is None or candidates.num_rows == 0:
        candidates = LSH_SIGNATURES.empty_table()
    elif "sketch" in candidates.column_names:
        sketches = set(pc.unique(candidates.column("sketch")).to_pylist())
        if sketches - {config.sketch_id}:
            raise ValueError(f"stored signatures made with {sketches}, not {config.sketch_id}")
    ids = _string_column(candidates, "article_id")
    hashes = _string_column(candidates, "content_hash")
    order = pc.sort_indices(  # stable: each (article, hash)'s first input row comes first
        pa.table({"a": ids, "h": hashes}), sort_keys=[("a", "ascending"), ("h", "ascending")]
    )
    ids, hashes, order = ids.take(order), hashes.take(order), order.to_numpy()
    new_article = _changes(ids)
    first = new_article | _changes(hashes)
    sorted_label = np.cumsum(new_article) - 1  # label of each row in sorted order
    take = np.sort(order[first])  # first row of each (article, hash), in input order
    label = np.empty(len(order), np.int64)
    label[order] = sorted_label

    signature = candidates.column("signature")
    if signature.type != signature_type(config):  # list<uint32> as DuckDB returns it
        signature = signature.cast(signature_type(config))  # no copy: the same values buffer
    sig, valid = matrix(signature, np.uint32)
    if len(take) < len(order):  # repeated rows: keep the first of each (a copy)
        sig, valid = sig[take], valid[take]

    days = candidates.column("capture_date").cast(pa.date32()).cast(pa.int32()).cast(pa.int64())
    days = days.fill_null(NO_DAY).to_numpy()
    # max over every row of an article, repeated rows included
    latest = np.maximum.reduceat(days[order], np.flatnonzero(new_article)) if len(order) else days
    kept = hashes.filter(first)  # in sorted order, as are the labels below
    kept_label = sorted_label[first]
    distinct = pc.dictionary_encode(kept)
    hash_article = np.full(len(distinct.dictionary), len(kept_label), np.int64)
    np.minimum.at(hash_article, distinct.indices.to_numpy(), kept_label)
    bounds = np.searchsorted(kept_label, np.arange(new_article.sum() + 1))
    return Stored(
        articles=ids.filter(new_article).to_pylist(),
        article=label[take],
        sig=sig,
        valid=valid,
        versions=Versions(bounds, kept),
        latest=Latest(latest),
        hashes=distinct.dictionary,
        hash_article=hash_article,
    )
