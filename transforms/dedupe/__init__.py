"""Deduplication: exact and near-duplicate articles, versions and live-feed items.

Pure functions on Arrow tables; the flow reads the stored LSH index and writes what they
return. Typical night:

    sigs = signatures(docs)                        # doc_id, body, published_at, capture_date
    batches = <lsh_signatures rows of articles sharing a band with band_rows(sigs)>
    near = narrow(sigs, batches)                   # only the articles a doc may join
    result = fold(sigs, near.candidates, crowded=near.crowded)  # assignments, versions, index
    rows = versions(result.new_versions, stored_max)
"""

from transforms.dedupe.config import NEWS, DedupeConfig
from transforms.dedupe.fold import DedupeResult, fold
from transforms.dedupe.index import LSH_BANDS, LSH_SIGNATURES, band_rows, signature_rows
from transforms.dedupe.live import live_updates
from transforms.dedupe.narrow import Narrowed, narrow
from transforms.dedupe.normalise import content_hash, content_hashes, live_item_id, normalise
from transforms.dedupe.sketch import signatures
from transforms.dedupe.versions import versions

__all__ = [
    "LSH_BANDS",
    "LSH_SIGNATURES",
    "NEWS",
    "DedupeConfig",
    "DedupeResult",
    "Narrowed",
    "band_rows",
    "content_hash",
    "content_hashes",
    "fold",
    "live_item_id",
    "live_updates",
    "narrow",
    "normalise",
    "signature_rows",
    "signatures",
    "versions",
]
