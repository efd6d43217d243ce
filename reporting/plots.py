"""Charts as PNG for `newsware plot`: each reads one saved query and draws it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from warehouse import queries  # noqa: E402


def _rows(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[tuple]:
    text = queries.load(name)
    return con.execute(text, queries.bind(text, {k: str(v) for k, v in params.items()})).fetchall()


def _save(fig, out: Path) -> str:
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.autofmt_xdate()  # dates slanted, never on top of each other
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return str(out)


def losses(con: duckdb.DuckDBPyConnection, out: Path) -> str:
    """The General Staff's cumulative personnel figure and its daily delta."""
    rows = _rows(con, "loss_series", category="personnel")
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    days = [r[0] for r in rows]
    top.plot(days, [r[1] for r in rows], marker=".", color="#8b1e3f")
    top.set_ylabel("cumulative personnel")
    top.set_title("Russian personnel losses reported by Ukraine's General Staff")
    bottom.bar(days, [r[2] or 0 for r in rows], color="#3c6e71")
    bottom.set_ylabel("per day")
    return _save(fig, out)


def volume(con: duckdb.DuckDBPyConnection, out: Path) -> str:
    """Articles per day, one line per source."""
    series: dict[str, list[tuple]] = defaultdict(list)
    for day, source, n in _rows(con, "volume_per_day"):
        series[source].append((day, n))
    fig, ax = plt.subplots(figsize=(9, 4))
    for source, points in sorted(series.items()):
        ax.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=source)
    ax.set_ylabel("articles")
    ax.set_title("Articles per day by source")
    ax.legend(fontsize="small")
    return _save(fig, out)


def tags(con: duckdb.DuckDBPyConnection, out: Path) -> str:
    """Weekly article counts of the most frequent tags."""
    series: dict[str, list[tuple]] = defaultdict(list)
    for week, tag, n in _rows(con, "tags_per_week", top=8):
        series[tag].append((week, n))
    fig, ax = plt.subplots(figsize=(9, 4))
    for tag, points in sorted(series.items()):
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=tag)
    ax.set_ylabel("articles per week")
    ax.set_title("Top tags over time")
    ax.legend(fontsize="small", ncol=2)
    return _save(fig, out)


PLOTS = {"losses": losses, "volume": volume, "tags": tags}
