"""The real nightly flow on the hostile fixture set: no crash, and every case gets its outcome."""

from __future__ import annotations

import os

import duckdb
import pytest

import flows.nightly as nightly_module
from corpus.generate import write_corpus
from corpus.hostile import GROWING, SECRET, Case, grow, write_hostile, write_tiny
from flows.nightly import nightly
from tests.hostile.conftest import recording_opens


@pytest.fixture(scope="module")
def night(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("hostile")
    landing, outside, wh = root / "landing", root / "outside", root / "wh"
    cases = write_hostile(landing, outside)
    real_list = nightly_module.listing

    def list_then_grow(store):
        listed = real_list(store)
        grow(landing)  # the scraper appends after the run listed the file
        return listed

    with pytest.MonkeyPatch.context() as mp, recording_opens() as opened:
        mp.setattr(nightly_module, "listing", list_then_grow)
        summary = nightly(raw=str(landing), warehouse=str(wh), batch_files=7)
    return {
        "cases": {c.name: c for c in cases},
        "summary": summary,
        "opened": list(opened),
        "landing": landing,
        "outside": outside,
        "wh": wh,
    }


@pytest.fixture
def con(night):
    """A fresh read-only connection (DuckDB caches open databases by path within a process,
    so one held across runs would keep showing the old catalog)."""
    con = duckdb.connect(str(night["wh"] / "catalog.duckdb"), read_only=True)
    yield con
    con.close()


def test_the_night_completes_and_publishes(night):
    assert night["summary"]["status"] == "published"


def outcome(con, case: Case) -> str | None:
    """What went wrong with `case`, or None if it got exactly its expected outcome."""
    name = case.name
    ledger = con.execute("SELECT status FROM raw_files WHERE path = ?", [name]).fetchall()
    if case.outcome == "skipped":
        return None if ledger == [] else f"listed: {ledger}"
    if ledger != [(case.outcome,)]:
        return f"ledger {ledger}"
    if case.outcome == "quarantined":
        rows = con.execute("SELECT stage, reason FROM quarantine WHERE path = ?", [name]).fetchall()
        return None if rows == [(case.stage, case.reason)] else f"quarantine {rows}"
    if case.outcome == "published":
        row = con.execute(
            "SELECT headline, body FROM articles WHERE raw_file = ?", [name]
        ).fetchone()
        if row is None:
            return "no article"
        if row[0] != case.headline:
            return f"headline {row[0]!r}"
        if case.snippet not in row[1]:
            return f"body lacks {case.snippet!r}"
    return None


def test_each_case_gets_its_outcome(night, con):
    cases = night["cases"].values()
    assert len(cases) >= 30
    wrong = {c.name: (c.outcome, c.stage, c.reason, got) for c in cases if (got := outcome(con, c))}
    assert wrong == {}


def test_ledger_invariant_holds(night, con):
    cases = night["cases"].values()
    landed = [c for c in cases if c.outcome != "skipped"]
    statuses = dict(con.execute("SELECT status, count(*) FROM raw_files GROUP BY 1").fetchall())
    assert sum(statuses.values()) == len(landed) == night["summary"]["files_seen"]
    assert set(statuses) <= {"published", "duplicate", "quarantined"}
    orphans = con.execute(
        "SELECT count(*) FROM raw_files r WHERE status = 'quarantined' "
        "AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.path = r.path)"
    ).fetchone()
    assert orphans == (0,)


def test_nothing_outside_the_landing_folder_was_opened(night, con):
    outside = os.path.realpath(night["outside"])
    opened = [os.path.realpath(p) for p in night["opened"]]
    assert opened, "the audit hook saw no opens at all"
    assert any(p.startswith(os.path.realpath(night["landing"])) for p in opened)
    assert not [p for p in opened if p.startswith(outside + os.sep)]
    assert not [p for p in opened if p.endswith("too_large.txt")]  # refused by size, unopened
    secret_sha = __import__("hashlib").sha256(SECRET).hexdigest()
    assert con.execute(
        "SELECT count(*) FROM raw_files WHERE sha256 = ?", [secret_sha]
    ).fetchone() == (0,)


def test_sql_and_html_are_stored_as_text(con):
    for table in ("articles", "raw_files", "quarantine", "runs"):
        con.execute(f"SELECT count(*) FROM {table}").fetchone()  # nothing was dropped
    name = "x'); DROP TABLE raw_files;--.txt"
    assert con.execute("SELECT status FROM raw_files WHERE path = ?", [name]).fetchone() == (
        "published",
    )
    hits = con.execute(
        "SELECT count(*) FROM articles WHERE contains(body, ?) OR contains(body, ?)",
        ["DROP TABLE articles;--", "<script>alert('pwned')</script>"],
    ).fetchone()
    assert hits == (2,)


def test_the_grown_file_is_taken_the_next_night(night, prefect_harness):
    summary = nightly(raw=str(night["landing"]), warehouse=str(night["wh"]))
    assert summary["files_new"] == 1 and summary["ledger"] == {"published": 1}
    size = (night["landing"] / GROWING).stat().st_size
    con = duckdb.connect(str(night["wh"] / "catalog.duckdb"), read_only=True)
    rows = con.execute(
        "SELECT size, status FROM raw_files WHERE path = ? ORDER BY size", [GROWING]
    ).fetchall()
    con.close()
    assert rows == [(size - len(b"\nmore text arrives\n"), "quarantined"), (size, "published")], (
        rows,
        size,
    )


@pytest.mark.slow
def test_ten_thousand_tiny_files(tmp_path, prefect_harness):
    """10,000 tiny dumps (no body: quarantined) beside a few real pages, in one night. (A night
    of nothing but such files stops at the data-quality gate instead: new files, no articles.)"""
    landing = tmp_path / "landing"
    n = write_tiny(landing, 10_000)
    real = write_corpus(landing / "real", n=12, seed=5)
    summary = nightly(raw=str(landing), warehouse=str(tmp_path / "wh"))
    assert summary["status"] == "published"
    assert summary["files_new"] == n + real
    assert summary["quarantine_reasons"]["parse: no_body"] == n
    con = duckdb.connect(str(tmp_path / "wh" / "catalog.duckdb"), read_only=True)
    assert con.execute("SELECT count(DISTINCT path) FROM raw_files").fetchone() == (n + real,)
    assert con.execute(
        "SELECT count(*) FROM quarantine WHERE path LIKE 'tiny\\_%' ESCAPE '\\'"
    ).fetchone() == (n,)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    con.close()
