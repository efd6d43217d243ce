"""Number the night's new versions of each article, continuing from what is stored."""

from __future__ import annotations

import pyarrow as pa

VERSION_ROWS = pa.schema(
    [
        ("article_id", pa.string()),
        ("version", pa.int32()),
        ("capture_date", pa.date32()),
        ("content_hash", pa.string()),
        ("word_count", pa.int32()),
        ("word_delta", pa.int32()),  # word_count minus the previous version's; null for v1
        ("doc_id", pa.string()),
    ]
)


def versions(new_versions: pa.Table, stored_max: pa.Table | None = None) -> pa.Table:
    """`article_versions` rows for `DedupeResult.new_versions`.

    `stored_max` holds, per stored article the night touched, its highest `version` and that
    version's `word_count` (columns article_id, version, word_count). Within an article the
    night's versions are numbered by capture_date then doc_id after the stored maximum, so a
    late-arriving capture of an older text gets the next number, not an earlier one: numbers
    are the order versions were discovered in, and never change once published.
    """
    last: dict[str, tuple[int, int | None]] = {}
    if stored_max is not None:
        for art, ver, words in zip(
            stored_max.column("article_id").to_pylist(),
            stored_max.column("version").to_pylist(),
            stored_max.column("word_count").to_pylist(),
            strict=True,
        ):
            if art not in last or ver > last[art][0]:
                last[art] = (ver, words)
    rows = sorted(
        zip(
            new_versions.column("article_id").to_pylist(),
            new_versions.column("capture_date").to_pylist(),
            new_versions.column("doc_id").to_pylist(),
            new_versions.column("content_hash").to_pylist(),
            new_versions.column("word_count").to_pylist(),
            strict=True,
        ),
        key=lambda r: (r[0], r[1] is None, r[1] or 0, r[2]),
    )
    out: dict[str, list] = {name: [] for name in VERSION_ROWS.names}
    for art, captured, doc, content, words in rows:
        number, previous = last.get(art, (0, None))
        delta = None if number == 0 or previous is None or words is None else words - previous
        for name, value in (
            ("article_id", art),
            ("version", number + 1),
            ("capture_date", captured),
            ("content_hash", content),
            ("word_count", words),
            ("word_delta", delta),
            ("doc_id", doc),
        ):
            out[name].append(value)
        last[art] = (number + 1, words)
    return pa.table(out, schema=VERSION_ROWS)
