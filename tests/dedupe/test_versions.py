from datetime import date

import pyarrow as pa

from transforms.dedupe import fold, signatures, versions

from .conftest import article, at, docs_table, paragraph


def test_numbering_continues_from_the_stored_max(rng):
    paras = article(rng)
    v_a = paras + [paragraph(rng)]
    v_b = paras[:5]
    night = signatures(
        docs_table(
            [
                ("b", "\n\n".join(v_b), at(1), date(2024, 3, 9)),
                ("a", "\n\n".join(v_a), at(1), date(2024, 3, 8)),
                ("a2", "\n\n".join(v_a) + "  ", at(1), date(2024, 3, 7)),
            ]
        )
    )
    stored_max = pa.table({"article_id": ["S"], "version": [3], "word_count": [200]})
    new_versions = fold(night).new_versions
    # pretend the night's cluster belongs to stored article S
    new_versions = new_versions.set_column(0, "article_id", pa.array(["S"] * new_versions.num_rows))
    rows = versions(new_versions, stored_max).to_pylist()
    assert [(r["version"], r["doc_id"]) for r in rows] == [(4, "a2"), (5, "b")]
    assert rows[0]["word_delta"] == rows[0]["word_count"] - 200
    assert rows[1]["word_delta"] == rows[1]["word_count"] - rows[0]["word_count"]


def test_first_versions_start_at_one_without_delta(rng):
    night = signatures(docs_table([("x", " ".join(article(rng)), at(1), date(2024, 3, 1))]))
    rows = versions(fold(night).new_versions).to_pylist()
    assert [(r["article_id"], r["version"], r["word_delta"]) for r in rows] == [("x", 1, None)]
