"""The persisted LSH index: Arrow schemas for the warehouse and the rows a night appends.

Two tables, both append-only and both written by the flow from `DedupeResult`:

- `lsh_bands`: one row per (band, band hash, article). Partition by `band`, sort each file by
  `band_hash`. A night's lookup is a hash join of its own band hashes against the stored ones;
  min/max statistics let DuckDB skip row groups only when the night's probes are few (a
  handful of docs), because probes are uniform over the hash range. A normal night therefore
  scans the `band_hash` column once (8 bytes x bands x stored versions: about 225 MB and 5 s
  at one million articles on a loaded 2-core machine, see bench/dedup_speed.py). The article
  is named by `article_key`, a 64-bit hash of its id: the probe carries and matches 8 bytes
  per hit rather than a string (with plain storage, one 25k-doc chunk over 1M stored: 3.5 ->
  2.0 CPU-s, bench/README.md). Versions of one article share most band hashes, so only the
  new ones are appended.
- `lsh_signatures`: one row per stored article version (article_id, content_hash) with its
  article_key and MinHash signature, read back for candidate articles to estimate similarity
  and to recognise exact copies of any earlier version. Partitioned by `sketch`: signatures
  from another configuration or rensa algorithm version cannot be compared, and `fold`
  refuses them.

The night's candidate query (the flow runs it; `night` holds the new docs' band rows as from
`band_rows(signatures(docs))`):

    SELECT s.* FROM lsh_signatures s
    WHERE s.sketch = ? AND s.article_key IN (
        SELECT b.article_key FROM lsh_bands b
        JOIN night n ON b.band = n.band AND b.band_hash = n.band_hash)

Two articles whose keys collide (about one pair in 10^7 at a million articles) only bring
each other along as extra candidates: `fold` still compares signatures. An exact copy of a
stored version shares every band, so it is found the same way.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import xxhash

from transforms.dedupe.config import NEWS, DedupeConfig
from transforms.dedupe.sketch import signature_type


def _schema(*fields: tuple[str, pa.DataType, str]) -> pa.Schema:
    return pa.schema([pa.field(n, t, metadata={"doc": d}) for n, t, d in fields])


KEY_DOC = "xxh3-64 of article_id, signed: links band rows to the article's signatures"
LSH_BANDS = _schema(
    ("band", pa.int16(), "LSH band number, 0-based (partition)"),
    ("band_hash", pa.int64(), "hash of the band's signature slots; sort key within a band"),
    ("article_key", pa.int64(), KEY_DOC),
)
LSH_BANDS_PARTITION = "band"
LSH_BANDS_SORT = ("band_hash",)
LSH_BANDS_KEY = ("band", "band_hash", "article_key")

LSH_SIGNATURES = _schema(
    ("article_id", pa.string(), "article this version belongs to"),
    ("article_key", pa.int64(), KEY_DOC),
    ("content_hash", pa.string(), "xxh128 of the version's normalised body"),
    ("doc_id", pa.string(), "document that first carried this version"),
    ("capture_date", pa.date32(), "capture date of that document"),
    ("signature", signature_type(NEWS), "R-MinHash of the body's word shingles"),
    ("sketch", pa.string(), "DedupeConfig.sketch_id the signature was made with (partition)"),
)
LSH_SIGNATURES_PARTITION = "sketch"
LSH_SIGNATURES_SORT = ("article_id",)
LSH_SIGNATURES_KEY = ("article_id", "content_hash")


def article_keys(ids: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The `article_key` of each article id: its xxh3-64 as a signed int64 (null for null)."""
    unsigned = [
        None if i is None else xxhash.xxh3_64_intdigest(i.encode()) for i in ids.to_pylist()
    ]
    return pa.array(unsigned, pa.uint64()).view(pa.int64())


def upgrade(rows: pa.Table) -> pa.Table:
    """Index rows written before `article_key` existed, in today's layout: the key derived
    from `article_id` (which band rows no longer keep). Current rows come back unchanged."""
    if "article_key" in rows.column_names:
        return rows
    keys = article_keys(rows.column("article_id"))
    if "content_hash" in rows.column_names:  # lsh_signatures: the key beside the id
        at = rows.column_names.index("article_id") + 1
        return rows.add_column(at, pa.field("article_key", pa.int64()), keys)
    return rows.drop_columns(["article_id"]).append_column(
        pa.field("article_key", pa.int64()), keys
    )


def distinct_bands(
    bands: np.ndarray,
    codes: np.ndarray,
    known_bands: np.ndarray | None = None,
    known_codes: np.ndarray | None = None,
    rows: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (band, band_hash, code) of a (rows, bands) matrix whose rows are owned by
    integer codes, minus those already known, sorted by band then band_hash (ties keep the
    row order, so equal input gives equal output). One band at a time, to bound memory;
    `rows` selects the matrix rows that `codes` belong to (default: all, in order).
    """
    width = bands.shape[1] if bands.ndim == 2 else 0
    codes = codes.astype(np.int64)
    has_known = known_bands is not None and known_codes is not None and len(known_codes) > 0
    out_band, out_value, out_code = [], [], []
    for b in range(width):
        column = bands[:, b] if rows is None else bands[rows, b]
        order = np.argsort(column, kind="stable")
        value, code = column[order], codes[order]
        keep = np.ones(len(value), bool)
        tied = np.flatnonzero(value[1:] == value[:-1]) + 1  # versions of one article, mostly
        if len(tied):
            at = np.union1d(tied, tied - 1)
            sub = at[np.lexsort((code[at], value[at]))]  # stable: first occurrence first
            repeat = (value[sub][1:] == value[sub][:-1]) & (code[sub][1:] == code[sub][:-1])
            keep[sub[1:][repeat]] = False
        if has_known:
            known = set(zip(known_bands[:, b].tolist(), known_codes.tolist(), strict=True))
            maybe = np.flatnonzero(np.isin(value, known_bands[:, b]))
            for i in maybe.tolist():
                keep[i] = keep[i] and (int(value[i]), int(code[i])) not in known
        out_band.append(np.full(int(keep.sum()), b, np.int16))
        out_value.append(value[keep])
        out_code.append(code[keep])
    if not out_band:
        return np.zeros(0, np.int16), np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_band), np.concatenate(out_value), np.concatenate(out_code)


def band_rows(sigs: pa.Table, ids_column: str = "doc_id", config: DedupeConfig = NEWS) -> pa.Table:
    """`lsh_bands` rows for every row of `sigs` (as from `signatures`), keyed by its id
    column's `article_keys`.

    Rows without a signature give none; repeated (band, band_hash, id) rows are dropped and
    the result is sorted by band then band_hash, ready to append.
    """
    sigs = sigs.filter(sigs.column("band_hashes").is_valid())
    if sigs.num_rows == 0:
        return LSH_BANDS.empty_table()
    column = sigs.column("band_hashes").combine_chunks()
    width = column.type.list_size
    values = column.values.slice(column.offset * width, len(column) * width).to_numpy()
    ids = sigs.column(ids_column).combine_chunks().dictionary_encode()
    band, value, code = distinct_bands(
        values.reshape(-1, width), ids.indices.to_numpy().astype(np.int64)
    )
    return pa.table(
        {
            "band": pa.array(band, pa.int16()),
            "band_hash": pa.array(value, pa.int64()),
            "article_key": article_keys(ids.dictionary).take(pa.array(code)),
        },
        schema=LSH_BANDS,
    )


def signature_rows(
    sigs: pa.Table, ids_column: str = "doc_id", config: DedupeConfig = NEWS
) -> pa.Table:
    """`lsh_signatures` rows for every row of `sigs` that has a signature."""
    sigs = sigs.filter(sigs.column("signature").is_valid())
    n = sigs.num_rows
    return pa.table(
        {
            "article_id": sigs.column(ids_column),
            "article_key": article_keys(sigs.column(ids_column)),
            "content_hash": sigs.column("content_hash"),
            "doc_id": sigs.column("doc_id"),
            "capture_date": sigs.column("capture_date").cast(pa.date32()),
            "signature": sigs.column("signature"),
            "sketch": pa.array([config.sketch_id] * n, pa.string()),
        },
        schema=LSH_SIGNATURES,
    ).sort_by([("article_id", "ascending"), ("content_hash", "ascending")])
