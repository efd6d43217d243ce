"""The command line: help everywhere, queries with bound parameters, formats, plots."""

from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse import snapshot
from warehouse.schemas import TABLES
from warehouse.warehouse import Warehouse

runner = CliRunner()
COMMANDS = [
    "run",
    "sample",
    "sql",
    "query",
    "report",
    "shell",
    "backfill",
    "rebuild",
    "serve",
    "plot",
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "wh"
    rows = [
        {"report_date": date(2024, 3, d), "category": "personnel", "total": 420000 + d * 1000, "delta": 1000,
         "update_id": f"u{d}", "article_id": None, "times_reported": 1, "report_year": 2024}
        for d in range(1, 6)
    ]  # fmt: skip
    Warehouse.open(str(root)).publish(
        snapshot.EMPTY,
        "r1",
        {"loss_reports": pa.Table.from_pylist(rows, schema=TABLES["loss_reports"].schema)},
    )
    return str(root)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--help" in result.output


def test_sql_prints_json(warehouse):
    result = runner.invoke(
        app,
        [
            "sql",
            "select count(*) as n, max(total) as top from loss_reports",
            "--warehouse",
            warehouse,
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"n": 5, "top": 425000}]


def test_sql_error_is_a_message_not_a_traceback(warehouse):
    result = runner.invoke(app, ["sql", "select * from no_such_table", "--warehouse", warehouse])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_saved_query_binds_parameters(warehouse):
    ok = runner.invoke(
        app,
        [
            "query",
            "loss_series",
            "--param",
            "category=personnel",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert ok.output.splitlines()[0] == "report_date,total,delta,times_reported"
    assert len(ok.output.splitlines()) == 6
    hostile = runner.invoke(
        app,
        [
            "query",
            "loss_series",
            "--param",
            "category=x' OR '1'='1",
            "--warehouse",
            warehouse,
            "--format",
            "csv",
        ],
    )
    assert hostile.exit_code == 0 and len(hostile.output.splitlines()) == 1  # bound, so no rows


@pytest.mark.parametrize(
    ("param", "says"),
    [("since=2024-03-01", "unknown parameter(s): since; it takes: category"), ("oops", "k=v")],
)
def test_a_wrong_query_parameter_is_a_message_not_a_traceback(warehouse, param, says):
    result = runner.invoke(
        app, ["query", "loss_series", "--param", param, "--warehouse", warehouse]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert says in " ".join(result.output.split())


def test_plot_writes_a_png(warehouse, tmp_path):
    out = tmp_path / "losses.png"
    result = runner.invoke(app, ["plot", "losses", "--out", str(out), "--warehouse", warehouse])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sample_is_deterministic(tmp_path):
    for name in ("a", "b"):
        assert (
            runner.invoke(
                app, ["sample", "--out", str(tmp_path / name), "--n", "40", "--seed", "3"]
            ).exit_code
            == 0
        )
    a = sorted((p.name, p.read_bytes()) for p in (tmp_path / "a").iterdir())
    b = sorted((p.name, p.read_bytes()) for p in (tmp_path / "b").iterdir())
    assert a == b and len(a) == 40


def test_top_speakers_counts_quotes_and_articles_of_the_most_quoted(tmp_path):
    quotes = [("a1", "Kim", "q1"), ("a1", "Kim", "q2"), ("a2", "Kim", "q3"), ("a2", "Ann", "q4")]
    quotes += [("a3", "Ann", "q5"), ("a3", "Bo", "q6"), ("a4", "Cy", "q7"), ("a5", "Ann", "q8")]
    rows = [
        {
            "article_id": a,
            "speaker": s,
            "quote": q,
            "verb": "said",
            "published_date": date(2024, 3, 1),
        }
        for a, s, q in quotes
    ]
    root = str(tmp_path / "wh")
    Warehouse.open(root).publish(
        snapshot.EMPTY, "r1", {"quotes": pa.Table.from_pylist(rows, schema=TABLES["quotes"].schema)}
    )
    result = runner.invoke(
        app,
        ["query", "top_speakers", "--param", "top=3", "--warehouse", root, "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert [(r["speaker"], r["quotes"], r["articles"]) for r in got] == [
        ("Ann", 3, 3),
        ("Kim", 3, 2),
        ("Bo", 1, 1),  # ties rank by name: Bo before Cy
    ]
    said = {s: {q for _, who, q in quotes if who == s} for s in ("Ann", "Kim", "Bo")}
    assert all(r["example"] in said[r["speaker"]] for r in got)
