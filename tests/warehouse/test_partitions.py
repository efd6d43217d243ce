from datetime import date

import pytest

from warehouse.partitions import partition_dir, partition_value
from warehouse.storage import Store


def test_partition_dir_is_hive_style():
    assert (
        partition_dir("articles", date(2024, 3, 11)) == "tables/articles/published_date=2024-03-11"
    )
    assert partition_dir("loss_reports", 2024) == "tables/loss_reports/report_year=2024"


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
