"""The real nightly flow on a landing folder of mixed formats: text, HTML, a WARC with a
corrupt record, JSON Lines with a bad line, a gzip dump and a gzip bomb."""

from __future__ import annotations

import gzip

import duckdb
import pytest

from corpus.hostile import BOMB_BYTES, _gzip_bomb
from corpus.webpages import jsonl_bytes, warc_bytes
from flows.nightly import nightly
from tests.formats.test_warc import response_record


@pytest.fixture(scope="module")
def night(tmp_path_factory, prefect_harness, pairs):
    root = tmp_path_factory.mktemp("formats-flow")
    landing, wh = root / "raw", root / "wh"
    landing.mkdir()
    p = pairs[:10]
    for dump, _ in p[:3]:
        (landing / dump.name).write_bytes(dump.data)
    (landing / p[0][1].name).write_bytes(p[0][1].html.encode())  # the same article as HTML
    (landing / p[3][1].name).write_bytes(p[3][1].html.encode())
    warc, offsets = warc_bytes([page for _, page in p[4:7]])
    broken = response_record(2)  # the response of p[5]
    middle = (offsets[broken - 1] + offsets[broken]) // 2
    warc = warc[:middle] + bytes(80) + warc[middle + 80 :]
    (landing / "crawl.warc.gz").write_bytes(warc)
    lines = jsonl_bytes(p[7:8], "html") + b'{"url": "https://x.example/", oops\n'
    lines += jsonl_bytes(p[8:9], "text")
    (landing / "pages.jsonl").write_bytes(lines)
    (landing / "dump.txt.gz").write_bytes(gzip.compress(p[9][0].data))
    (landing / "bomb.txt.gz").write_bytes(_gzip_bomb(BOMB_BYTES))
    summary = nightly(raw=str(landing), warehouse=str(wh), batch_files=4)
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    yield {"pairs": p, "summary": summary, "con": con, "broken": broken}
    con.close()


def q(night, sql: str, *params):
    return night["con"].execute(sql, list(params)).fetchall()


def test_the_night_publishes(night):
    assert night["summary"]["status"] == "published"
    assert night["summary"]["files_new"] == 9


def test_articles_from_every_format_and_one_per_story(night):
    headlines = sorted(h for (h,) in q(night, "SELECT headline FROM articles"))
    p = night["pairs"]
    expected = sorted(dump.label.headline for i, (dump, _) in enumerate(p) if i != 5)
    assert headlines == expected  # the text dump and HTML of p[0] are one article
    urls = dict(q(night, "SELECT headline, url FROM articles WHERE raw_file = 'crawl.warc.gz'"))
    assert urls == {p[4][0].label.headline: p[4][1].url, p[6][0].label.headline: p[6][1].url}


def test_the_ledger(night):
    rows = {r[0]: r[1:] for r in q(night, "SELECT path, status, format, documents FROM raw_files")}
    p = night["pairs"]
    assert len(rows) == 9
    assert rows["crawl.warc.gz"] == ("published", "warc+gzip", 2)
    assert rows["pages.jsonl"] == ("published", "jsonl", 2)
    assert rows["dump.txt.gz"] == ("published", "text+gzip", 1)
    assert rows["bomb.txt.gz"] == ("quarantined", "text+gzip", 0)
    assert rows[p[3][1].name] == ("published", "html", 1)
    pair = sorted([rows[p[0][0].name][0], rows[p[0][1].name][0]])
    assert pair == ["duplicate", "published"]


def test_quarantine_names_the_record_and_the_line(night):
    rows = q(night, "SELECT path, stage, reason, detail FROM quarantine ORDER BY path")
    assert [r[:3] for r in rows] == [
        ("bomb.txt.gz", "decode", "decompressed_too_large"),
        ("crawl.warc.gz", "decode", "corrupt_record"),
        ("pages.jsonl", "decode", "bad_json"),
    ]
    assert rows[1][3].startswith(f"record {night['broken']}: ")
    assert rows[2][3].startswith("line 2: ")
    assert "limit" in rows[0][3]


def test_the_html_copy_is_a_recorded_duplicate(night):
    (method,) = q(night, "SELECT DISTINCT method FROM duplicates")
    assert method == ("exact",)
