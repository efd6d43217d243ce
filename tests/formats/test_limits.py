"""An archive (WARC, JSON Lines) may weigh more than one document: each limit is the
operator's to set, and a file past its own limit is quarantined unread."""

from __future__ import annotations

from datetime import date

from corpus.webpages import warc_bytes
from flows.settings import Settings
from flows.workers import read_and_process
from transforms.formats import file_limit
from transforms.limits import Limits
from warehouse.landing import list_landed
from warehouse.storage import Store

TODAY = date(2026, 1, 1)


def test_each_limit_is_set_by_its_environment_variable(monkeypatch):
    monkeypatch.setenv("NEWSWARE_MAX_FILE_BYTES", "1000")
    monkeypatch.setenv("NEWSWARE_MAX_ARCHIVE_BYTES", "2000")
    monkeypatch.setenv("NEWSWARE_MAX_INFLATED_BYTES", "3000")
    monkeypatch.setenv("NEWSWARE_MAX_RECORDS", "4")
    limits = Settings.from_env().limits
    assert (limits.max_document_bytes, limits.max_archive_bytes) == (1000, 2000)
    assert (limits.max_inflated_bytes, limits.max_records) == (3000, 4)
    assert file_limit("a/crawl.warc.gz", limits) == file_limit("b.JSONL", limits) == 2000
    assert file_limit("page.txt", limits) == file_limit("page.html.gz", limits) == 1000


def test_a_warc_over_the_document_limit_is_read_under_the_archive_limit(tmp_path, pairs):
    pages = [page for _, page in pairs[:40]]
    one_page = max(len(p.html.encode()) for p in pages) + 70_000  # a record's HTTP headers too
    warc, _ = warc_bytes(pages, gzip=False)
    assert len(warc) > one_page
    (tmp_path / "crawl.warc").write_bytes(warc)
    (tmp_path / "big.txt").write_bytes(pairs[0][0].data.ljust(one_page + 1, b" "))
    items = list_landed(Store.open(str(tmp_path)))

    limits = Limits(max_document_bytes=one_page, max_archive_bytes=len(warc))
    out = read_and_process(str(tmp_path), items, TODAY, None, limits)
    assert out["docs"].num_rows == len(pages)
    assert set(out["docs"]["raw_file"].to_pylist()) == {"crawl.warc"}
    rejected = out["rejections"].select(["path", "reason"]).to_pylist()
    assert rejected == [{"path": "big.txt", "reason": "too_large"}]

    smaller = Limits(max_document_bytes=one_page, max_archive_bytes=len(warc) - 1)
    out = read_and_process(str(tmp_path), items, TODAY, None, smaller)
    assert out["docs"].num_rows == 0
    reasons = {r["path"]: r["reason"] for r in out["rejections"].to_pylist()}
    assert reasons == {"big.txt": "too_large", "crawl.warc": "too_large"}
