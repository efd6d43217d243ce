from datetime import date

import pyarrow as pa
import pytest

from warehouse.partitions import DEFAULT, folder_values, partition_dir, partition_value
from warehouse.schemas import ALL_TABLES
from warehouse.storage import Store


def test_partition_dir_is_hive_style():
    assert partition_dir("articles", date(2024, 3, 11)) == "tables/articles/published_month=2024-03"
    assert partition_dir("article_versions", date(2024, 12, 1)) == (
        "tables/article_versions/capture_month=2024-12"
    )
    assert partition_dir("loss_reports", 2024) == "tables/loss_reports/report_year=2024"
    assert partition_dir("authors", "a b") == "tables/authors/source=a%20b"


def test_folder_values_of_a_column_equal_those_of_each_value():
    days = [date(2024, 3, 11), None, date(2024, 3, 31), date(2023, 1, 1)]
    monthly = folder_values(ALL_TABLES["quotes"], pa.chunked_array([days[:2], days[2:]]))
    assert monthly.to_pylist() == ["2024-03", DEFAULT, "2024-03", "2023-01"]
    sources = ["x/y", None, "plain", "x/y"]
    by_value = folder_values(ALL_TABLES["authors"], pa.array(sources))
    assert by_value.to_pylist() == [partition_value(v) for v in sources]


def test_unsafe_values_are_encoded_and_cannot_escape():
    assert partition_value("../../etc") == "..%2F..%2Fetc"
    assert partition_value("a b/c") == "a%20b%2Fc"
    assert partition_value("..") == "__HIVE_DEFAULT_PARTITION__"
    assert partition_value(None) == "__HIVE_DEFAULT_PARTITION__"


def test_store_refuses_paths_outside_root(tmp_path):
    store = Store.open(str(tmp_path))
    assert store.path("tables/x") == f"{tmp_path}/tables/x"
    with pytest.raises(ValueError):
        store.path("../outside")
    with pytest.raises(ValueError):
        store.path("tables/../../outside")
