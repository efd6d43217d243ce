"""Map a (table, partition value) to its Hive-style folder, safely."""

from __future__ import annotations

import re
from datetime import date

from warehouse.schemas import ALL_TABLES

DEFAULT = "__HIVE_DEFAULT_PARTITION__"
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def partition_value(value: object) -> str:
    """Partition values become folder names: dates as ISO, anything unsafe percent-encoded."""
    if value is None:
        return DEFAULT
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    encoded = _SAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), text)
    return encoded if encoded not in ("", ".", "..") else DEFAULT


def partition_dir(table: str, value: object) -> str:
    spec = ALL_TABLES[table]
    return f"tables/{table}/{spec.partition_by}={partition_value(value)}"
