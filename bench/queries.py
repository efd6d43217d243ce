"""Time the saved analytical queries against a warehouse, through its DuckDB catalog.

    python -m bench.queries --warehouse data/warehouse [--repeat 5]

Each query runs once to warm up, then `--repeat` times; the median wall time (ms, including
fetching every result row) is reported against the goal (200 ms; 300 ms for search).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from warehouse import catalog, queries
from warehouse.storage import Store

QUERIES = (
    "tags_per_week",
    "loss_series",
    "top_speakers",
    "duplicate_clusters",
    "search",
    "search_live",
)
GOAL_MS = {"search": 300.0, "search_live": 300.0}  # every other query: DEFAULT_GOAL_MS
DEFAULT_GOAL_MS = 200.0


def time_queries(
    warehouse: str, names: tuple[str, ...] = QUERIES, repeat: int = 5
) -> dict[str, dict]:
    """name -> {median_ms, min_ms, max_ms, rows, goal_ms, ok}; the catalog is opened once."""
    con = catalog.connect(Store.open(warehouse))
    try:
        out = {}
        for name in names:
            text = queries.load(name)
            params = queries.bind(text, {})
            rows = len(con.execute(text, params).fetchall())  # warm-up
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                con.execute(text, params).fetchall()
                times.append((time.perf_counter() - start) * 1000)
            goal = GOAL_MS.get(name, DEFAULT_GOAL_MS)
            median = statistics.median(times)
            out[name] = {
                "median_ms": round(median, 1),
                "min_ms": round(min(times), 1),
                "max_ms": round(max(times), 1),
                "rows": rows,
                "goal_ms": goal,
                "ok": median <= goal,
            }
        return out
    finally:
        con.close()


def markdown(results: dict[str, dict]) -> str:
    lines = [
        "| query | median ms | min | max | rows | goal ms | ok |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['median_ms']} | {r['min_ms']} | {r['max_ms']} | {r['rows']} "
            f"| {r['goal_ms']:.0f} | {'yes' if r['ok'] else 'NO'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    results = time_queries(args.warehouse, repeat=args.repeat)
    print(json.dumps(results, indent=2) if args.json else markdown(results))


if __name__ == "__main__":
    main()
