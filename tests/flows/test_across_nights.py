"""Near-duplicates fold across nights through the persisted LSH index, at the flow level."""

from __future__ import annotations

import hashlib
from datetime import date

import duckdb

from corpus.generate import iter_dumps
from flows.nightly import nightly
from transforms.decode import decode
from transforms.parse import parse_page
from transforms.records import RawDoc


def _original(n: int = 60):
    """A generated page of the main site with at least four body paragraphs."""
    for dump in iter_dumps(n, seed=11):
        if dump.label.kind == "original" and dump.label.site == "kyiv-independent":
            return dump
    raise AssertionError("no original page in the sample")


def test_an_edited_recapture_next_night_is_a_new_version(tmp_path, prefect_harness):
    raw, wh = tmp_path / "raw", tmp_path / "wh"
    raw.mkdir()
    page = _original()
    (raw / page.name).write_bytes(page.data)
    nightly(raw=str(raw), warehouse=str(wh))

    text = page.data.decode()
    raw_doc = RawDoc(page.name, len(page.data), hashlib.sha256(page.data).hexdigest(), page.data)
    second = parse_page(decode(raw_doc, date(2030, 1, 1))).paragraphs[1]  # a body paragraph
    edited = text.replace(second, second + " An editor added this sentence later.")
    assert edited != text
    (raw / "recaptured.txt").write_text(edited)
    summary = nightly(raw=str(raw), warehouse=str(wh))
    assert summary["files_new"] == 1

    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    assert con.execute("select count(*), max(versions) from articles").fetchone() == (1, 2)
    versions = con.execute(
        "select version, raw_file from article_versions order by version"
    ).fetchall()
    assert versions == [(1, page.name), (2, "recaptured.txt")]
    (method, similarity) = con.execute("select method, similarity from duplicates").fetchone()
    assert method == "near" and 0.5 <= similarity < 1.0
    body = con.execute("select body from articles").fetchone()[0]
    assert "An editor added this sentence later." in body  # articles holds the current version
