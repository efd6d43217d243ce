"""End to end: the real Prefect flow on a generated corpus, then on the real seed."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from corpus.generate import write_corpus
from flows.nightly import nightly
from warehouse.schemas import TABLES

RUN_COLUMNS = {"first_seen_run", "last_seen_run", "run_id", "run_date", "started_at", "finished_at"}


def table_rows(wh, table: str) -> list[tuple]:
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    cols = [c for c in TABLES[table].data_columns if c not in RUN_COLUMNS]
    quoted = ", ".join(f'"{c}"' for c in cols)
    rows = con.execute(f"SELECT {quoted} FROM {table}").fetchall()  # noqa: S608 - names from schema
    con.close()
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("e2e")
    raw, wh = root / "raw", root / "wh"
    written = write_corpus(raw, n=150, seed=7)
    first = nightly(raw=str(raw), warehouse=str(wh), batch_files=40)
    return raw, wh, written, first


def test_every_landed_file_is_in_the_ledger_with_a_status(corpus_run):
    raw, wh, written, summary = corpus_run
    landed = sum(1 for p in raw.rglob("*") if p.is_file())
    assert landed == written == summary["files_seen"] == summary["files_new"]
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    counts = dict(con.execute("select status, count(*) from raw_files group by status").fetchall())
    assert sum(counts.values()) == landed
    assert set(counts) <= {"published", "duplicate", "quarantined"}
    assert counts["published"] > 0 and counts["duplicate"] > 0 and counts["quarantined"] > 0
    # every quarantined file has a reason row
    missing = con.execute(
        "select count(*) from raw_files r where status = 'quarantined' "
        "and not exists (select 1 from quarantine q where q.path = r.path)"
    ).fetchone()[0]
    assert missing == 0


def test_tables_hold_articles_live_items_and_losses(corpus_run):
    _, wh, _, summary = corpus_run
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    n_articles, n_ids = con.execute(
        "select count(*), count(distinct article_id) from articles"
    ).fetchone()
    assert n_articles == n_ids > 50
    assert con.execute(
        "select count(*) from articles where body like '%Skip to content%'"
    ).fetchone() == (0,)
    assert con.execute("select count(*) from live_updates where times_seen > 1").fetchone()[0] > 0
    personnel = con.execute(
        "select count(*), min(total) > 0 from loss_reports where category = 'personnel'"
    ).fetchone()
    assert personnel[0] > 0 and personnel[1]
    assert summary["status"] == "published"
    assert con.execute("select count(*) from runs").fetchone() == (1,)


def test_second_run_changes_nothing(corpus_run):
    raw, wh, _, _ = corpus_run
    before = {t: table_rows(wh, t) for t in TABLES if t != "runs"}
    again = nightly(raw=str(raw), warehouse=str(wh))
    assert again["status"] == "nothing_new" and again["files_new"] == 0
    after = {t: table_rows(wh, t) for t in TABLES if t != "runs"}
    assert after == before


def test_seed_end_to_end(tmp_path, seed_text, prefect_harness):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "000_e125cd4a15ae925c.txt").write_bytes(seed_text)
    shutil.copy(raw / "000_e125cd4a15ae925c.txt", raw / "copy of the seed.txt")
    wh = tmp_path / "wh"
    nightly(raw=str(raw), warehouse=str(wh), today=date(2024, 3, 12))
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    headline, authors, published, capture, ntags, credit = con.execute(
        "select headline, authors, published_at, capture_date, len(tags), image_credit from articles"
    ).fetchone()
    assert headline == "Italian minister says he's against deploying Western troops in Ukraine"
    assert authors == ["Alexander Khrebet"]
    assert published.astimezone(tz=None).isoformat() and published.utctimetuple()[:5] == (
        2024,
        3,
        11,
        0,
        2,
    )
    assert capture == date(2024, 3, 11) and ntags == 6 and credit == "Pierre Crom/Getty Images"
    assert con.execute(
        "select report_date, category, total, delta from loss_reports"
    ).fetchall() == [(date(2024, 3, 10), "personnel", 424060, 900)]
    assert con.execute(
        "select status, count(*) from raw_files group by 1 order by 1"
    ).fetchall() == [
        ("duplicate", 1),
        ("published", 1),
    ]
    assert con.execute("select name, role from authors").fetchall() == [
        ("Alexander Khrebet", "Reporter")
    ]


def test_the_report_embeds_the_loss_and_tag_charts(corpus_run):
    _, wh, _, summary = corpus_run
    page = (wh / "reports" / "index.html").read_text()
    assert page.count('src="data:image/png;base64,') == 2
    assert (wh / "reports" / "charts" / "losses.png").read_bytes()[:4] == b"\x89PNG"


def test_a_quarantined_article_leaves_no_trace_in_the_duplicate_index(
    tmp_path, seed_text, prefect_harness
):
    """An article failing a row check is quarantined, and its LSH rows go with it: they must
    not attract tomorrow's copies to an article that was never published."""
    raw = tmp_path / "raw"
    write_corpus(raw, n=150, seed=3)  # enough rows that one bad article stays under 5%
    (raw / "seed-from-1985.txt").write_bytes(
        seed_text.replace(b"March 11, 2024 2:02 AM", b"March 11, 1985 2:02 AM")
    )
    wh = tmp_path / "wh"
    nightly(raw=str(raw), warehouse=str(wh), today=date(2024, 3, 12))
    con = duckdb.connect(str(wh / "catalog.duckdb"), read_only=True)
    assert con.execute(
        "select status from raw_files where path = 'seed-from-1985.txt'"
    ).fetchall() == [("quarantined",)]
    assert con.execute(
        "select count(*) from articles where raw_file = 'seed-from-1985.txt'"
    ).fetchone() == (0,)
    published = {a for (a,) in con.execute("select article_id from articles").fetchall()}
    con.close()
    index = duckdb.sql(
        f"select distinct article_id from read_parquet('{wh}/tables/lsh_signatures/*/*.parquet')"  # noqa: S608 - test path
    ).fetchall()
    assert published and {a for (a,) in index} == published
