"""Failing rows leave their table for quarantine, and the ledger says what became of each file."""

from datetime import date

import pyarrow as pa

from transforms.quarantine import quarantine_rows
from warehouse.schemas import TABLES

RUN, DAY = "r1", date(2024, 3, 11)


def _table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[name].schema)


def _night() -> dict[str, pa.Table]:
    articles = [
        {"article_id": a, "raw_file": f, "headline": a, "body": "b"}
        for a, f in (("w1", "crawl.warc.gz"), ("w2", "crawl.warc.gz"), ("t1", "one.txt"))
    ]
    ledger = [
        {"path": p, "size": 1, "sha256": p, "status": "published", "run_date": DAY}
        for p in ("crawl.warc.gz", "one.txt")
    ]
    return {
        "articles": _table("articles", articles),
        "raw_files": _table("raw_files", ledger),
        "quarantine": _table("quarantine", []),
    }


def _ledger(out: dict[str, pa.Table]) -> dict[str, tuple[str, str | None]]:
    return {r["path"]: (r["status"], r["reason"]) for r in out["raw_files"].to_pylist()}


def test_a_file_whose_only_article_fails_is_quarantined():
    out = quarantine_rows(_night(), {"articles": {2: "body_not_chrome"}}, RUN, DAY)
    assert _ledger(out)["one.txt"] == ("quarantined", "validate: body_not_chrome")
    assert out["articles"]["article_id"].to_pylist() == ["w1", "w2"]
    assert out["quarantine"].select(["path", "stage", "reason"]).to_pylist() == [
        {"path": "one.txt", "stage": "validate", "reason": "body_not_chrome"}
    ]


def test_a_file_of_several_documents_stays_published_while_others_of_them_are():
    out = quarantine_rows(_night(), {"articles": {0: "body_not_chrome"}}, RUN, DAY)
    assert _ledger(out)["crawl.warc.gz"] == (
        "published",
        "1 of its documents quarantined (validate: body_not_chrome)",
    )
    assert _ledger(out)["one.txt"] == ("published", None)
    both = quarantine_rows(_night(), {"articles": {0: "a", 1: "b"}}, RUN, DAY)
    assert _ledger(both)["crawl.warc.gz"] == ("quarantined", "validate: a")
    assert len(both["quarantine"]) == 2
