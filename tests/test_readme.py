"""The README documents the real tables and the real commands."""

from __future__ import annotations

import re

from flows.cli import app
from tests.conftest import REPO
from warehouse import docs, queries
from warehouse.catalog import MACROS
from warehouse.schemas import TABLES

README = (REPO / "README.md").read_text()


def test_output_format_lists_exactly_the_warehouse_tables():
    section = README.split("### Output format", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert sorted(documented) == sorted(TABLES)


def test_partition_columns_in_readme_match_the_schemas():
    for name, spec in TABLES.items():
        shown = f"`{spec.partition_by}`"
        if spec.by_month:
            shown = rf"month of {shown} \(folders `{spec.partition_key}=YYYY-MM`\)"
        assert re.search(rf"^\| `{name}` \|.*\| {shown} \|$", README, flags=re.M), name


def test_every_cli_command_is_documented():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"newsware {name}" in README, name


def test_quickstart_gives_the_two_commands():
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quickstart and "make test" in quickstart


def test_output_format_is_generated_from_the_schemas():
    assert docs.readme_section(README) == docs.output_format()


def test_every_macro_and_saved_query_is_documented():
    for macro in MACROS:
        assert f"`{macro.name}(" in README, macro.name
    for name in queries.names():
        assert f"`{name}`" in README, name


def test_readme_says_how_to_watch_runs_in_the_prefect_ui():
    section = README.split("### Watching runs in the Prefect UI", 1)[1].split("\n## ", 1)[0]
    assert "http://127.0.0.1:4200" in section and "PREFECT_API_URL" in section
