"""The documentation's one source: sample rows match the schemas, the README is generated."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
import pytest

from warehouse import docs
from warehouse.schemas import TABLES


def test_readme_output_format_is_the_generated_text():
    assert docs.readme_section(docs.README.read_text()) == docs.output_format(), (
        "README.md is stale: run python -m warehouse.docs --write-readme"
    )


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_sample_row_has_exactly_the_schema_columns_and_types(table):
    spec, sample = TABLES[table], docs.SAMPLES[table]
    assert list(sample) == spec.data_columns  # same names, same order
    pa.Table.from_pylist([sample], schema=spec.schema)  # every value converts to its type
    for f in spec.schema:
        value = sample[f.name]
        if value is None:
            continue
        if pa.types.is_timestamp(f.type):
            assert isinstance(value, datetime) and value.tzinfo is not None, f.name
        elif pa.types.is_date(f.type):
            assert isinstance(value, date) and not isinstance(value, datetime), f.name
        elif pa.types.is_string(f.type):
            assert isinstance(value, str), f.name
        elif pa.types.is_integer(f.type):
            assert isinstance(value, int) and not isinstance(value, bool), f.name
        elif pa.types.is_list(f.type):
            assert isinstance(value, list), f.name


def test_every_column_has_a_description():
    for spec in TABLES.values():
        for f in spec.schema:
            assert (f.metadata or {}).get(b"doc"), f"{spec.name}.{f.name} has no doc"


def test_comments_carry_the_meaning_and_the_sample_value():
    f = TABLES["loss_reports"].schema.field("total")
    assert docs.column_comment("loss_reports", f) == (
        "cumulative count since 2022-02-24. Example: 424060"
    )
    assert docs.table_comment(TABLES["quotes"]).endswith(
        "Partitioned by month of published_date; key (article_id, speaker, quote)."
    )


def test_check_fails_on_a_stale_readme(tmp_path, monkeypatch):
    stale = tmp_path / "README.md"
    stale.write_text(f"# x\n\n{docs.BEGIN}\nold text\n{docs.END}\n")
    monkeypatch.setattr(docs, "README", stale)
    assert docs.main(["--check"]) == 1
    assert docs.main(["--write-readme"]) == 0
    assert docs.main(["--check"]) == 0
    assert docs.output_format() in stale.read_text()
