import dataclasses

import numpy as np
import pyarrow as pa

from transforms.dedupe import NEWS, band_rows, signatures
from transforms.dedupe.index import LSH_BANDS, article_keys

from .conftest import article


def _sig(table: pa.Table, i: int) -> np.ndarray:
    return np.array(table.column("signature")[i].as_py())


def test_case_and_edge_punctuation_do_not_change_the_signature(rng):
    text = " ".join(article(rng))
    shouted = text.upper().replace(" ", ", ")
    sigs = signatures(pa.table({"doc_id": ["a", "b"], "body": [text, shouted]}))
    assert (_sig(sigs, 0) == _sig(sigs, 1)).all()
    assert sigs.column("content_hash")[0] != sigs.column("content_hash")[1]


def test_chunking_and_threads_do_not_change_results(rng):
    bodies = [" ".join(article(rng, 2)) for _ in range(30)] + ["", "only three words", None]
    docs = pa.table({"doc_id": [str(i) for i in range(len(bodies))], "body": bodies})
    one = signatures(docs, dataclasses.replace(NEWS, chunk_docs=1000, workers=1))
    many = signatures(docs, dataclasses.replace(NEWS, chunk_docs=4, workers=2))
    assert one.equals(many)


def test_bodies_without_words_have_no_signature_short_ones_do(rng):
    docs = pa.table({"doc_id": ["e", "p", "s"], "body": ["", " — … ", "Kyiv said so"]})
    sigs = signatures(docs)
    assert sigs.column("signature").is_valid().to_pylist() == [False, False, True]
    assert sigs.column("word_count").to_pylist() == [0, 0, 3]
    rows = band_rows(sigs)
    assert rows.schema.equals(LSH_BANDS)
    assert set(rows.column("article_key").to_pylist()) == set(
        article_keys(pa.array(["s"])).to_pylist()
    )
    assert rows.num_rows == NEWS.bands


def test_band_rows_are_distinct_and_sorted(rng):
    text = " ".join(article(rng))
    sigs = signatures(pa.table({"doc_id": ["a", "a"], "body": [text, text + " "]}))
    rows = band_rows(sigs)
    assert rows.num_rows == NEWS.bands
    keys = list(
        zip(rows.column("band").to_pylist(), rows.column("band_hash").to_pylist(), strict=True)
    )
    assert keys == sorted(keys)


def test_curly_and_straight_apostrophes_shingle_alike(rng):
    text = " ".join(article(rng)) + " Ukraine's allies and the minister's office"
    sigs = signatures(pa.table({"doc_id": ["a", "b"], "body": [text, text.replace("'", "’")]}))
    assert (_sig(sigs, 0) == _sig(sigs, 1)).all()


def test_distinct_bands_drops_repeats_and_known_rows_keeps_ties():
    from transforms.dedupe.index import distinct_bands

    bands = np.array([[5, 9], [5, 7], [5, 9], [3, 9]], np.int64)
    codes = np.array([1, 2, 1, 1])
    band, value, code = distinct_bands(bands, codes, np.array([[3, 1]]), np.array([1]))
    rows = list(zip(band.tolist(), value.tolist(), code.tolist(), strict=True))
    assert rows == [(0, 5, 1), (0, 5, 2), (1, 7, 2), (1, 9, 1)]


def test_article_keys_are_stable_64_bit_hashes_and_old_index_rows_gain_them():
    from transforms.dedupe.index import LSH_SIGNATURES, upgrade

    keys = article_keys(pa.array(["e125cd4a15ae925c", "e125cd4a15ae925c-3", None]))
    assert keys.type == pa.int64()
    assert keys.to_pylist()[2] is None
    assert keys.to_pylist()[0] == -5889144479920385912  # xxh3-64, fixed across releases
    assert len(set(keys.to_pylist()[:2])) == 2
    old_bands = pa.table({"band_hash": [7, 8], "article_id": ["a", "b"]})
    assert upgrade(old_bands).column_names == ["band_hash", "article_key"]
    assert (
        upgrade(old_bands)["article_key"].to_pylist()
        == article_keys(pa.array(["a", "b"])).to_pylist()
    )
    current = LSH_SIGNATURES.empty_table()
    assert upgrade(current) is current
    old_sigs = current.drop_columns(["article_key"])
    assert upgrade(old_sigs).schema.equals(LSH_SIGNATURES)
