"""The catalog after a real run on a small generated corpus: documented views and columns,
the analyst macros, full-text search, and search after `newsware rebuild`."""

from __future__ import annotations

import json

import duckdb
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from corpus.generate import write_corpus
from flows.cli import app
from flows.nightly import nightly
from warehouse import catalog, docs, search
from warehouse.schemas import ALL_TABLES, TABLES


@pytest.fixture(scope="module")
def run(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("catalog")
    raw, wh = root / "raw", root / "wh"
    write_corpus(raw, n=80, seed=13)
    nightly(raw=str(raw), warehouse=str(wh))
    return raw, wh


def connect(wh) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(wh / catalog.CATALOG), read_only=True)
    catalog.load_extensions(con, "fts")
    return con


def test_every_view_and_every_column_has_a_comment(run):
    _, wh = run
    con = connect(wh)
    ours = list(ALL_TABLES) + list(catalog.SEARCH_DOCS)
    relations = dict(
        con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal "
            "UNION ALL SELECT table_name, comment FROM duckdb_tables() WHERE table_name IN "
            "(SELECT unnest(?))",
            [ours],
        ).fetchall()
    )
    assert set(ours) <= set(relations)
    assert all(relations[name] for name in ours), {n: relations[n] for n in ours}
    columns = con.execute(
        "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE table_name IN (SELECT unnest(?))",
        [ours],
    ).fetchall()
    assert {t for t, *_ in columns} == set(ours)
    assert [(t, c) for t, c, _, comment in columns if not comment] == []
    # the documented columns are exactly the real ones, with the README's types and comments
    for name, spec in ALL_TABLES.items():
        real = [(c, ty, comment) for t, c, ty, comment in columns if t == name]
        assert [c for c, _, _ in real] == spec.data_columns, name
        for (column, duck_type, comment), f in zip(real, spec.schema, strict=True):
            assert duck_type == docs.duck_type(f.type), (name, column)
            assert comment == docs.column_comment(name, f), (name, column)


def test_sample_rows_match_the_real_rows_types(run):
    """Each sample row, loaded next to the real view, has the same DuckDB column types."""
    _, wh = run
    con = connect(wh)
    for name, spec in TABLES.items():
        real = con.execute(f"SELECT * FROM {name} LIMIT 0").description  # noqa: S608
        sample = pa.Table.from_pylist([docs.SAMPLES[name]], schema=spec.schema)
        con.register("sample", sample)
        mine = con.execute("SELECT * FROM sample").description
        con.unregister("sample")
        assert [(d[0], str(d[1])) for d in mine] == [(d[0], str(d[1])) for d in real], name


def test_loss_series_macro_gives_the_category_day_by_day(run):
    _, wh = run
    con = connect(wh)
    (category,) = con.execute(
        "SELECT category FROM loss_reports GROUP BY 1 ORDER BY count(DISTINCT report_date) DESC"
    ).fetchone()
    rows = con.execute("SELECT * FROM loss_series(?)", [category]).fetchall()
    days = con.execute(
        "SELECT DISTINCT report_date FROM loss_reports WHERE category = ? ORDER BY 1", [category]
    ).fetchall()
    assert [r[0] for r in rows] == [d[0] for d in days] and len(rows) > 1
    for prev, cur in zip(rows, rows[1:], strict=False):
        assert cur[3] == cur[1] - prev[1]  # change = total - previous total
    assert con.execute("SELECT count(*) FROM loss_series('no such category')").fetchone() == (0,)


def test_quotes_by_finds_a_speaker_by_part_of_the_name(run):
    _, wh = run
    con = connect(wh)
    speaker, n = con.execute(
        "SELECT speaker, count(*) FROM quotes GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    surname = speaker.split()[-1]
    rows = con.execute(
        "SELECT speaker, quote, headline FROM quotes_by(?)", [surname.upper()]
    ).fetchall()
    assert sum(1 for r in rows if r[0] == speaker) == n
    assert all(surname.lower() in r[0].lower() for r in rows)
    assert all(r[2] for r in rows)  # the quoting article's headline


def test_story_lists_versions_and_folded_copies(run):
    _, wh = run
    con = connect(wh)
    article_id, copies = con.execute(
        "SELECT canonical_id, count(*) FROM duplicates GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()
    rows = con.execute("SELECT kind, version, method FROM story(?)", [article_id]).fetchall()
    versions = con.execute(
        "SELECT count(*) FROM article_versions WHERE article_id = ?", [article_id]
    ).fetchone()[0]
    assert [r[0] for r in rows] == ["version"] * versions + ["duplicate"] * copies
    assert [r[1] for r in rows[:versions]] == sorted(r[1] for r in rows[:versions])
    assert {r[2] for r in rows[versions:]} <= {"exact_file", "exact", "near"}


def test_macros_are_documented_in_the_catalog_and_the_readme(run):
    _, wh = run
    con = connect(wh)
    comments = dict(
        con.execute(
            "SELECT function_name, comment FROM duckdb_functions() WHERE function_name IN "
            "(SELECT unnest(?))",
            [[m.name for m in catalog.MACROS]],
        ).fetchall()
    )
    readme = docs.README.read_text()
    for m in catalog.MACROS:
        assert comments[m.name] == m.doc
        assert f"{m.name}(" in readme, m.name


def test_search_finds_articles_and_live_items_of_the_run(run):
    _, wh = run
    con = connect(wh)
    headline, article_id = con.execute(
        "SELECT headline, article_id FROM articles ORDER BY article_id LIMIT 1"
    ).fetchone()
    found = con.execute(
        "SELECT article_id FROM search_articles(?, top := 100)", [headline]
    ).fetchall()
    assert (article_id,) in found
    top = con.execute("SELECT * FROM search_articles('troops')").fetchall()
    assert top and all("troop" in (r[-1] or "").lower() or "troop" in r[4].lower() for r in top)
    assert con.execute("SELECT count(*) FROM search_live('losses')").fetchone()[0] > 0


def test_saved_search_query_runs_through_the_cli(run):
    _, wh = run
    result = CliRunner().invoke(
        app, ["query", "search", "--param", "q=troops", "--warehouse", str(wh), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {"article_id", "score", "headline", "snippet"} <= set(rows[0])
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_search_works_after_a_rebuild(run):
    raw, wh = run
    con = connect(wh)
    before = con.execute(
        "SELECT article_id, score FROM search_articles('troops', top := 50)"
    ).fetchall()
    con.close()
    nightly(raw=str(raw), warehouse=str(wh), from_scratch=True)
    con = connect(wh)
    after = con.execute(
        "SELECT article_id, score FROM search_articles('troops', top := 50)"
    ).fetchall()
    articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    (live_docs,) = con.execute(
        "SELECT num_docs FROM _search_stats WHERE corpus = 'articles'"
    ).fetchone()
    assert live_docs == articles  # the index holds exactly the current articles
    assert dict(after).keys() == dict(before).keys()
    assert [s for _, s in sorted(after)] == pytest.approx([s for _, s in sorted(before)])
    assert search.FOLDER in {p.name for p in wh.iterdir()}
