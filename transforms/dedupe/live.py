"""Live-feed items: one row per distinct item, however many pages showed it."""

from __future__ import annotations

import pyarrow as pa

from transforms.dedupe.normalise import live_item_id


def live_updates(items: pa.Table) -> pa.Table:
    """Fold live items (columns headline, body, raw_file, published_at, plus any others) into
    one row per `update_id`: the columns of its first sighting (earliest published_at, then
    raw_file), `first_seen_file`, and `times_seen` = distinct pages that showed it.

    Identity is the exact normalised text, so items that differ in a figure stay apart.
    """
    ids = [
        live_item_id(h or "", b or "")
        for h, b in zip(
            items.column("headline").to_pylist(), items.column("body").to_pylist(), strict=True
        )
    ]
    items = items.append_column("update_id", pa.array(ids, pa.string()))
    seen = items.group_by("update_id", use_threads=False).aggregate(
        [("raw_file", "count_distinct")]
    )
    ordered = items.sort_by(
        [("update_id", "ascending"), ("published_at", "ascending"), ("raw_file", "ascending")]
    )
    ids_sorted = ordered.column("update_id").to_pylist()
    first = [i for i in range(len(ids_sorted)) if i == 0 or ids_sorted[i] != ids_sorted[i - 1]]
    out = ordered.take(pa.array(first, pa.int64())).rename_columns(
        ["first_seen_file" if c == "raw_file" else c for c in ordered.column_names]
    )
    counts = dict(
        zip(
            seen.column("update_id").to_pylist(),
            seen.column("raw_file_count_distinct").to_pylist(),
            strict=True,
        )
    )
    times = pa.array([counts[u] for u in out.column("update_id").to_pylist()], pa.int64())
    out = out.append_column("times_seen", times)
    front = ["update_id"]
    return out.select(front + [c for c in out.column_names if c not in front])
