import dataclasses
import random
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from transforms.dedupe import NEWS, fold, signatures

from .conftest import article, at, docs_table, paragraph


def _by_doc(result, column: str) -> dict:
    a = result.assignments
    return dict(zip(a.column("doc_id").to_pylist(), a.column(column).to_pylist(), strict=True))


def test_exact_copy_folds_into_the_earliest_published(rng):
    body = "\n\n".join(article(rng))
    docs = docs_table(
        [
            ("late", body, at(12), date(2024, 3, 12)),
            ("early", body.replace("\n\n", "\n \n"), at(11), date(2024, 3, 13)),
        ]
    )
    result = fold(signatures(docs))
    assert _by_doc(result, "article_id") == {"late": "early", "early": "early"}
    assert _by_doc(result, "method") == {"late": "exact", "early": "canonical"}
    assert result.duplicates.to_pylist() == [
        {"doc_id": "late", "canonical_id": "early", "method": "exact", "similarity": 1.0}
    ]
    assert result.new_versions.num_rows == 1


def test_edited_copy_folds_as_near_and_becomes_a_version(rng):
    paras = article(rng)
    edited = list(paras)
    edited[3] = edited[3].replace("w", "v", 3) + " The claim could not be verified."
    added = paras[:2] + [paragraph(rng)] + paras[2:]
    trimmed = paras[:5] + [paras[5][:60]]
    docs = docs_table(
        [
            ("orig", "\n\n".join(paras), at(11), date(2024, 3, 11)),
            ("edit", "\n\n".join(edited), at(11), date(2024, 3, 12)),
            ("added", "\n\n".join(added), at(11), date(2024, 3, 13)),
            ("trim", "\n\n".join(trimmed), at(11), date(2024, 3, 14)),
        ]
    )
    result = fold(signatures(docs))
    assert set(_by_doc(result, "article_id").values()) == {"orig"}
    sims = _by_doc(result, "similarity")
    assert all(NEWS.min_similarity <= sims[d] < 1.0 for d in ("edit", "added", "trim"))
    assert _by_doc(result, "method")["edit"] == "near"
    versions = result.new_versions.sort_by("capture_date").column("doc_id").to_pylist()
    assert versions == ["orig", "edit", "added", "trim"]
    assert result.articles.column("doc_id").to_pylist() == ["trim"]  # latest capture is current


def test_hard_negative_sharing_phrases_does_not_fold(rng):
    shared = article(rng, 2)
    one = [paragraph(rng)] + shared + article(rng, 3)
    two = [paragraph(rng)] + article(rng, 2) + shared[:1] + article(rng, 2) + shared[1:]
    docs = docs_table(
        [
            ("a", "\n\n".join(one), at(11), date(2024, 3, 11)),
            ("b", "\n\n".join(two), at(11, 15), date(2024, 3, 11)),
        ]
    )
    result = fold(signatures(docs))
    assert _by_doc(result, "article_id") == {"a": "a", "b": "b"}
    assert result.duplicates.num_rows == 0


def _night(rng: random.Random) -> pa.Table:
    rows = []
    for s in range(12):
        paras = article(rng, 5)
        published = at(1 + s % 5, s % 24) if s % 4 else None
        rows.append((f"s{s}-0", "\n\n".join(paras), published, date(2024, 3, 10)))
        rows.append((f"s{s}-1", "\n\n".join(paras) + " ", published, date(2024, 3, 11)))
        rows.append((f"s{s}-2", "\n\n".join(paras[:4]), published, date(2024, 3, 10)))
        edited = paras[:2] + [paragraph(rng)] + paras[2:]
        rows.append((f"s{s}-3", "\n\n".join(edited), published, None))
    rows.append(("empty-1", "", None, date(2024, 3, 10)))
    rows.append(("empty-2", "", None, date(2024, 3, 10)))
    return signatures(docs_table(rows))


def _as_bytes(result) -> list[bytes]:
    return [
        getattr(result, f.name).to_pandas().to_json().encode() for f in dataclasses.fields(result)
    ]


def test_shuffle_and_rebatch_give_identical_output(rng):
    sigs = _night(rng)
    expected = _as_bytes(fold(sigs))
    shuffler = random.Random(7)
    for _ in range(5):
        order = list(range(sigs.num_rows))
        shuffler.shuffle(order)
        shuffled = sigs.take(pa.array(order))
        cuts = sorted(shuffler.sample(range(1, sigs.num_rows), 6))
        batches = [
            shuffled.slice(a, b - a)
            for a, b in zip([0, *cuts], [*cuts, sigs.num_rows], strict=True)
        ]
        assert _as_bytes(fold(pa.concat_tables(batches))) == expected
    articles = set(fold(sigs).assignments.column("article_id").to_pylist())
    assert len(articles) == 12 + 2  # empty bodies never fold, not even with each other


def test_stored_candidates_in_any_order_give_identical_output(rng):
    """Stored signatures are used in the order the warehouse returns them (sorting them would
    copy hundreds of MB), so that order must not matter, nor a row repeated by the lookup."""
    sigs = _night(rng)
    captured = sigs.column("capture_date").to_pylist()
    early = pa.array([c is not None and c <= date(2024, 3, 10) for c in captured])
    stored = fold(sigs.filter(early)).index_signatures
    later = sigs.filter(pc.invert(early))
    expected = _as_bytes(fold(later, stored))
    shuffler = random.Random(11)
    for _ in range(5):
        order = list(range(stored.num_rows))
        shuffler.shuffle(order)
        order.append(order[0])  # the same version twice
        assert _as_bytes(fold(later, stored.take(pa.array(order)))) == expected


def test_canonical_prefers_published_then_capture_then_doc_id(rng):
    body = "\n\n".join(article(rng))
    docs = docs_table(
        [
            ("c", body, None, date(2024, 3, 9)),
            ("b", body, at(12), date(2024, 3, 12)),
            ("a", body, at(12), date(2024, 3, 12)),
            ("d", body, at(12), date(2024, 3, 11)),
        ]
    )
    assert set(_by_doc(fold(signatures(docs)), "article_id").values()) == {"d"}


def test_stored_article_stays_canonical_even_against_an_earlier_doc(rng):
    paras = article(rng)
    night1 = fold(
        signatures(docs_table([("first", "\n\n".join(paras), at(12), date(2024, 3, 12))]))
    )
    edited = paras[:3] + [paragraph(rng)] + paras[3:]
    night2 = signatures(
        docs_table(
            [
                ("older", "\n\n".join(edited), at(10), date(2024, 3, 10)),
                ("again", "\n\n".join(paras), at(12), date(2024, 3, 20)),
            ]
        )
    )
    result = fold(night2, night1.index_signatures)
    assert _by_doc(result, "article_id") == {"older": "first", "again": "first"}
    assert _by_doc(result, "method") == {"older": "near", "again": "exact"}
    assert _by_doc(result, "new_article") == {"older": False, "again": False}
    assert result.new_versions.column("doc_id").to_pylist() == ["older"]
    row = result.articles.to_pylist()[0]
    assert (row["article_id"], row["is_new"], row["is_current"]) == ("first", False, True)
    # only band hashes the article did not already have are appended
    assert result.index_bands.num_rows < NEWS.bands
    assert set(result.index_signatures.column("article_id").to_pylist()) == {"first"}


def test_a_late_capture_of_an_old_text_does_not_become_current(rng):
    paras = article(rng)
    night1 = fold(signatures(docs_table([("v1", "\n\n".join(paras), at(1), date(2024, 3, 15))])))
    older = signatures(docs_table([("v0", "\n\n".join(paras[:5]), at(1), date(2024, 3, 2))]))
    row = fold(older, night1.index_signatures).articles.to_pylist()[0]
    assert (row["article_id"], row["is_current"]) == ("v1", False)


def test_two_stored_articles_never_merge(rng):
    a, b = article(rng), article(rng)
    stored = fold(
        signatures(
            docs_table(
                [
                    ("A", "\n\n".join(a), at(1), date(2024, 3, 1)),
                    ("B", "\n\n".join(b), at(1), date(2024, 3, 1)),
                ]
            )
        ),
        config=NEWS,
    )
    bridge = "\n\n".join(a[:4] + b[:4])  # similar to both, closer to neither
    result = fold(
        signatures(docs_table([("X", bridge, at(2), date(2024, 3, 2))])),
        stored.index_signatures,
        dataclasses.replace(NEWS, min_similarity=0.3),
    )
    assert _by_doc(result, "article_id")["X"] in {"A", "B"}
    assert result.articles.num_rows == 1


def test_signatures_from_another_configuration_are_refused(rng):
    stored = fold(signatures(docs_table([("a", " ".join(article(rng)), at(1), date(2024, 3, 1))])))
    other = dataclasses.replace(NEWS, seed=7)
    night = signatures(docs_table([("b", " ".join(article(rng)), at(2), date(2024, 3, 2))]), other)
    with pytest.raises(ValueError, match="stored signatures"):
        fold(night, stored.index_signatures, other)


def test_duplicate_doc_ids_are_refused(rng):
    body = " ".join(article(rng))
    sigs = signatures(docs_table([("a", body, None, None), ("a", body, None, None)]))
    with pytest.raises(ValueError, match="unique"):
        fold(sigs)


def test_nights_in_capture_order_give_the_one_batch_clusters(rng):
    sigs = _night(rng)
    whole = _by_doc(fold(sigs), "article_id")
    captured = sigs.column("capture_date").to_pylist()
    first = sigs.filter(pa.array([c is not None and c <= date(2024, 3, 10) for c in captured]))
    second = sigs.filter(
        pa.array([not (c is not None and c <= date(2024, 3, 10)) for c in captured])
    )
    one = fold(first)
    two = fold(second, one.index_signatures)
    nightly = {**_by_doc(one, "article_id"), **_by_doc(two, "article_id")}

    def partition(mapping: dict) -> set[frozenset]:
        groups: dict[str, set] = {}
        for doc, art in mapping.items():
            groups.setdefault(art, set()).add(doc)
        return {frozenset(g) for g in groups.values()}

    assert partition(nightly) == partition(whole)


def test_an_empty_night_gives_empty_tables():
    from transforms.dedupe.fold import ARTICLE_ROWS, ASSIGNMENTS
    from transforms.dedupe.index import LSH_BANDS, LSH_SIGNATURES

    empty = signatures(docs_table([("a", "", None, None)]).slice(0, 0))
    result = fold(empty, LSH_SIGNATURES.empty_table())
    assert result.assignments.schema.equals(ASSIGNMENTS)
    assert result.articles.schema.equals(ARTICLE_ROWS)
    assert result.index_bands.schema.equals(LSH_BANDS)
    assert result.index_signatures.schema.equals(LSH_SIGNATURES)
    assert all(getattr(result, f.name).num_rows == 0 for f in dataclasses.fields(result))


def test_a_stored_key_shared_by_too_many_articles_pairs_with_none_of_them():
    import numpy as np

    from transforms.dedupe.candidates import pairs_across

    old_keys = np.array([7] * 5 + [9], np.uint64)  # key 7: template text of five articles
    old_owner = np.arange(6)
    new_keys = np.array([7, 9], np.uint64)
    new_owner = np.array([0, 0])
    assert pairs_across(new_keys, new_owner, old_keys, old_owner, max_bucket=4).tolist() == [[0, 5]]
    assert len(pairs_across(new_keys, new_owner, old_keys, old_owner, max_bucket=5)) == 6
