"""The same article as a text dump and as an HTML page: one article after dedupe."""

from __future__ import annotations

import pyarrow as pa
import pytest

from tests.formats.conftest import TODAY, raw
from transforms.dedupe import fold, signatures
from transforms.pages import process_batch

FIELDS = ["headline", "authors", "published_at", "capture_date", "body", "content_hash", "source"]


@pytest.fixture(scope="module")
def both(pairs):
    items = []
    for dump, page in pairs[:40]:
        items += [raw(dump.name, dump.data), raw(page.name, page.html.encode())]
    return process_batch(items, TODAY)


def test_every_page_parses_both_ways(both, pairs):
    assert both["rejections"].num_rows == 0
    assert both["docs"].num_rows == 2 * min(40, len(pairs))


def test_the_html_path_reads_the_same_article(both, pairs):
    docs = {d["raw_file"]: d for d in both["docs"].to_pylist()}
    sites = set()
    for dump, page in pairs[:40]:
        text, html = docs[dump.name], docs[page.name]
        assert {k: text[k] for k in FIELDS} == {k: html[k] for k in FIELDS}, page.name
        assert text["url"] is None and html["url"] == page.url
        sites.add(text["source"])
    assert len(sites) == 4


def test_dedupe_folds_each_pair_into_one_article(both, pairs):
    docs = both["docs"].select(["doc_id", "body", "published_at", "capture_date"])
    result = fold(signatures(docs))
    article = {a["doc_id"]: a["article_id"] for a in result.assignments.to_pylist()}
    ids = dict(
        zip(both["docs"]["raw_file"].to_pylist(), both["docs"]["doc_id"].to_pylist(), strict=True)
    )
    n = min(40, len(pairs))
    assert result.articles.num_rows == n
    for dump, page in pairs[:40]:
        assert article[ids[dump.name]] == article[ids[page.name]]
    methods = {d["method"] for d in result.duplicates.to_pylist()}
    assert methods == {"exact"}
    assert pa.compute.sum(pa.compute.equal(result.duplicates["similarity"], 1.0)).as_py() == n
