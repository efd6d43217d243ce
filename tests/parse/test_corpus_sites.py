"""Every site of the sample corpus (our own generated text) parses to its labels."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import islice

import pytest

from transforms.decode import decode
from transforms.extract.losses import extract_losses
from transforms.parse import parse_page
from transforms.records import DecodedDoc, ParsedPage, RawDoc

generate = pytest.importorskip("corpus.generate")
N_DUMPS = 400


def test_corpus_pages_match_their_labels() -> None:
    wrong: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    for dump in islice(generate.iter_dumps(N_DUMPS, 11), N_DUMPS):
        label = dump.label
        if label.headline is None:
            continue
        doc = decode(RawDoc(dump.name, len(dump.data), "0" * 64, dump.data), date(2100, 1, 1))
        assert isinstance(doc, DecodedDoc), dump.name
        page = parse_page(doc)
        assert isinstance(page, ParsedPage), (dump.name, page)
        sites[page.source] += 1
        wrong["source"] += page.source != label.site
        wrong["headline"] += page.headline != label.headline
        wrong["authors"] += tuple(page.authors) != tuple(label.authors)
        wrong["published_at"] += page.published_at != label.published_at
        items = [(i.time_text, i.headline) for i in page.live_items]
        wrong["live"] += items != [(t.time_text, t.headline) for t in label.live]
        want = {(f.report_date, f.category, f.total, f.delta) for t in label.live for f in t.losses}
        got = {(r.report_date, r.category, r.total, r.delta) for _, r in extract_losses(page)}
        wrong["losses"] += got != want
    assert sites["kyiv-independent"] > 100
    assert +wrong == Counter(), wrong
