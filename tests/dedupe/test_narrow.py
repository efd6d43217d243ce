import dataclasses
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from transforms.dedupe import NEWS, fold, narrow, signatures

from .conftest import article, at, docs_table, paragraph

STORED_DAY, NIGHT_DAY = date(2024, 3, 10), date(2024, 3, 11)


def _stored_and_night(rng) -> tuple[pa.Table, pa.Table]:
    """A stored index with articles of several versions, look-alikes sharing part of a story,
    and template paragraphs on many articles; and a night of edits, copies and news."""
    template = article(rng, 6)
    stored, night = [], []
    for s in range(10):
        paras = article(rng, 5)
        stored.append((f"s{s}", "\n\n".join(paras), at(1 + s % 5), STORED_DAY))
        stored.append((f"s{s}-short", "\n\n".join(paras[:4]), at(1 + s % 5), STORED_DAY))
        for k in range(3):  # shares two paragraphs of five: resembles, but under the bar
            alike = paras[k : k + 2] + article(rng, 3)
            stored.append((f"s{s}-alike{k}", "\n\n".join(alike), at(6), STORED_DAY))
        edited = paras[:2] + [paragraph(rng)] + paras[2:]
        night.append((f"n{s}-edit", "\n\n".join(edited), None, NIGHT_DAY))
        night.append((f"n{s}-copy", "\n\n".join(paras) + " ", at(7), NIGHT_DAY))
    for t in range(30):  # six paragraphs of nine: pairs at Jaccard ~0.5, crowded buckets
        stored.append((f"t{t}", "\n\n".join(template + article(rng, 3)), at(8), STORED_DAY))
    for t in range(5):
        night.append((f"n-template{t}", "\n\n".join(template + article(rng, 3)), at(9), NIGHT_DAY))
    night.append(("n-fresh", "\n\n".join(article(rng, 5)), at(9), NIGHT_DAY))
    night.append(("n-empty", "", None, NIGHT_DAY))
    for c in range(3):  # a later version the night's edit no longer resembles (Jaccard 3/7)
        p = article(rng, 5)
        stored.append((f"c{c}", "\n\n".join(p), at(1), date(2024, 3, 9)))
        stored.append((f"c{c}-later", "\n\n".join(p[:4] + [paragraph(rng)]), at(1), STORED_DAY))
        edit = p[:3] + p[4:] + [paragraph(rng)]
        night.append((f"n-c{c}", "\n\n".join(edit), None, NIGHT_DAY))
    index = fold(signatures(docs_table(stored))).index_signatures
    return index, signatures(docs_table(night))


def _with_multi(index: pa.Table) -> pa.Table:
    """The lookup's rows: `multi` marks an article with several stored versions."""
    ids = index.column("article_id")
    counts = pc.value_counts(ids)
    several = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    return index.append_column("multi", pc.is_in(ids, value_set=several))


def _as_bytes(result) -> list[bytes]:
    return [
        getattr(result, f.name).to_pandas().to_json().encode() for f in dataclasses.fields(result)
    ]


@pytest.mark.parametrize("max_bucket", [3, 50])
@pytest.mark.parametrize("batch_rows", [1, 7, 1000])
def test_folding_the_narrowed_candidates_decides_as_folding_them_all(rng, max_bucket, batch_rows):
    config = dataclasses.replace(NEWS, max_bucket=max_bucket)
    index, night = _stored_and_night(rng)
    lookup = _with_multi(index).take(np.random.default_rng(3).permutation(index.num_rows))

    near = narrow(night, lookup.to_batches(max_chunksize=batch_rows), config)

    assert near.rows_seen == index.num_rows
    assert 0 < near.candidates.num_rows < index.num_rows / 2  # the look-alikes went
    assert (len(near.crowded) > 0) == (max_bucket == 3)
    expected = fold(night, index, config)
    got = fold(night, near.candidates, config, crowded=near.crowded)
    assert _as_bytes(got) == _as_bytes(expected)
    assert got.new_versions.num_rows < night.num_rows  # stored articles were joined
    if max_bucket == 3:  # the data exercise the crowded buckets: without them, other edges
        assert _as_bytes(fold(night, near.candidates, config)) != _as_bytes(expected)


def test_an_article_is_kept_with_all_its_versions(rng):
    index, night = _stored_and_night(rng)
    near = narrow(night, _with_multi(index).to_batches(max_chunksize=4))
    kept = near.candidates.column("article_id").to_pylist()
    assert kept.count("c0") == 2  # its later version resembles no doc, yet stays beside it
    assert not any("alike" in a for a in kept)


def test_narrowing_nothing_keeps_nothing(rng):
    _, night = _stored_and_night(rng)
    near = narrow(night, [])
    assert near.candidates.num_rows == 0 and near.rows_seen == 0 and len(near.crowded) == 0
    assert _as_bytes(fold(night, near.candidates)) == _as_bytes(fold(night))


def test_a_night_without_text_keeps_nothing_of_the_stored(rng):
    index, _ = _stored_and_night(rng)
    night = signatures(docs_table([("blank", "", None, NIGHT_DAY), ("also", " ", None, None)]))
    near = narrow(night, _with_multi(index).to_batches(max_chunksize=10))
    assert near.candidates.num_rows == 0 and near.rows_seen == index.num_rows
    assert _as_bytes(fold(night, near.candidates)) == _as_bytes(fold(night, index))
