"""Rows that failed a data-quality check leave their table and become quarantine rows.

The check's name is the reason. An article that fails takes its file with it: the ledger
marks that file quarantined, so landed = published + duplicate + quarantined still holds. A
file of several documents (a WARC, JSON Lines) that still publishes others stays published,
its reason saying how many of its documents were quarantined and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from warehouse.schemas import TABLES

_PATH_COLUMNS = ("raw_file", "first_seen_file", "path")


def quarantine_rows(
    tables: Mapping[str, pa.Table],
    reasons: Mapping[str, Mapping[int, str]],
    run_id: str,
    run_date: date,
) -> dict[str, pa.Table]:
    """Tables without the failing rows (positions per table -> check name), plus the
    quarantine rows and ledger updates that record them."""
    out = dict(tables)
    rejected: list[dict] = []
    bad_files: dict[str, list[str]] = {}
    for name, by_row in reasons.items():
        if (
            not by_row
            or name not in out
            or name in ("raw_files", "quarantine", "dq_results", "runs")
        ):
            continue
        table = out[name]
        keep = pa.array([i not in by_row for i in range(table.num_rows)])
        failing = table.filter(pc.invert(keep)).to_pylist()
        positions = sorted(by_row)
        for pos, row in zip(positions, failing, strict=True):
            path = next((row[c] for c in _PATH_COLUMNS if row.get(c)), "")
            key = ", ".join(f"{k}={row.get(k)}" for k in TABLES[name].key) or name
            rejected.append(
                {
                    "path": path,
                    "stage": "validate",
                    "reason": by_row[pos],
                    "detail": f"{name}: {key}"[:300],
                    "run_id": run_id,
                    "run_date": run_date,
                }
            )
            if name == "articles" and path:
                bad_files.setdefault(path, []).append(by_row[pos])
        out[name] = table.filter(keep)
    if rejected:
        q = pa.Table.from_pylist(rejected, schema=TABLES["quarantine"].schema)
        out["quarantine"] = pa.concat_tables([out["quarantine"], q])
    if bad_files:
        still = _publishing(out)
        ledger = out["raw_files"].to_pylist()
        for row in ledger:
            checks = bad_files.get(row["path"])
            if not checks:
                continue
            first = f"validate: {checks[0]}"
            if row["path"] in still:
                row["reason"] = f"{len(checks)} of its documents quarantined ({first})"
            else:
                row["status"], row["reason"] = "quarantined", first
        out["raw_files"] = pa.Table.from_pylist(ledger, schema=TABLES["raw_files"].schema)
    return out


def _publishing(tables: Mapping[str, pa.Table]) -> set[str]:
    """Files that still bring an article or a version of one."""
    paths: set[str] = set()
    for name in ("articles", "article_versions"):
        if name in tables:
            paths.update(tables[name].column("raw_file").drop_null().to_pylist())
    return paths
