"""Small, valid warehouse frames to start each test from, and a large synthetic articles frame."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from expectations.context import ValidationContext
from warehouse.schemas import TABLES

RUN_DATE = date(2024, 3, 11)
RUN_ID = "2024-03-11T01-00-00Z"


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows (missing columns null) as pandas the way the flow produces them (Arrow -> pandas)."""
    import pyarrow as pa

    schema = TABLES[table].schema
    full = [{f.name: row.get(f.name) for f in schema} for row in rows]
    return pa.Table.from_pylist(full, schema=schema).to_pandas()


def article(i: int = 0, **overrides) -> dict:
    row = {
        "article_id": f"a{i:06d}",
        "source": "kyiv-independent",
        "url": f"https://example.org/news/{i}",
        "headline": f"Headline {i}",
        "authors": ["Alexander Khrebet"],
        "published_at": datetime(2024, 3, 11, 0, 2, tzinfo=UTC),
        "published_at_source": "byline",
        "modified_at": None,
        "capture_date": RUN_DATE,
        "published_date": RUN_DATE,
        "tags": ["Ukraine", "Russia"],
        "body": "Some words of the body.",
        "word_count": 5,
        "image_caption": "A caption",
        "image_credit": "Someone/Agency",
        "language": "en",
        "content_hash": f"{i:032x}",
        "versions": 1,
        "first_seen_run": RUN_ID,
        "last_seen_run": RUN_ID,
        "raw_file": f"dumps/{i:06d}.txt",
    }
    row.update(overrides)
    return row


def articles(n: int = 3, **overrides) -> pd.DataFrame:
    return frame("articles", [article(i, **overrides) for i in range(n)])


def loss(
    report_date: date, total: int, delta: int | None = None, category: str = "personnel", **kw
) -> dict:
    row = {
        "report_date": report_date,
        "category": category,
        "total": total,
        "delta": delta,
        "update_id": "u1",
        "article_id": None,
        "times_reported": 1,
        "report_year": report_date.year,
    }
    row.update(kw)
    return row


SHA = "ab" * 32
STORED = {date(2024, 3, 8): {"personnel": 1000, "tanks": 50}}
REFERENCE = {
    date(2024, 3, 8): {"personnel": 1000, "tanks": 50},
    date(2024, 3, 9): {"personnel": 1100, "tanks": 52},
    date(2024, 3, 10): {"personnel": 1250, "tanks": 52},
}


def night() -> dict[str, pd.DataFrame]:
    """One small, valid night of every warehouse table: every check passes on it (fresh copies)."""
    return {name: table.copy(deep=True) for name, table in _night().items()}


@functools.cache
def _night() -> dict[str, pd.DataFrame]:
    a0, a1, a2 = (f"a{i:06d}" for i in range(3))
    d = RUN_DATE
    return {
        "articles": articles(3),
        "article_versions": frame(
            "article_versions",
            [
                {
                    "article_id": a,
                    "version": 1,
                    "capture_date": d,
                    "content_hash": f"h{i}",
                    "word_count": 5,
                    "word_delta": 0,
                    "doc_id": f"d{i}",
                    "raw_file": f"f{i}",
                    "run_id": RUN_ID,
                }
                for i, a in enumerate((a0, a1, a2))
            ],
        ),
        "live_updates": frame(
            "live_updates",
            [
                {
                    "update_id": f"u{i}",
                    "source": "kyiv-independent",
                    "published_at": datetime(2024, 3, 10, 7, i, tzinfo=UTC),
                    "published_date": date(2024, 3, 10),
                    "time_text": "9:07 AM",
                    "headline": "Losses",
                    "body": "Text",
                    "first_seen_file": "f0",
                    "times_seen": 2,
                    "first_seen_run": RUN_ID,
                }
                for i in (1, 2)
            ],
        ),
        "loss_reports": frame(
            "loss_reports",
            [
                loss(date(2024, 3, 9), 1100, 100),
                loss(date(2024, 3, 10), 1250, 150, update_id="u2"),
                loss(date(2024, 3, 9), 52, 2, category="tanks"),
                loss(date(2024, 3, 10), 52, 0, category="tanks", update_id=None, article_id=a0),
            ],
        ),
        "quotes": frame(
            "quotes",
            [
                {
                    "article_id": a0,
                    "speaker": "Jane Doe",
                    "quote": "We will hold.",
                    "verb": "said",
                    "published_date": d,
                },
                {
                    "article_id": a1,
                    "speaker": "John Roe",
                    "quote": "No comment.",
                    "verb": "told",
                    "published_date": d,
                },
            ],
        ),
        "entities": frame(
            "entities",
            [
                {
                    "article_id": a0,
                    "entity": "Ukraine",
                    "kind": "place",
                    "origin": "tag",
                    "published_date": d,
                },
                {
                    "article_id": a1,
                    "entity": "Jane Doe",
                    "kind": "person",
                    "origin": "text",
                    "published_date": d,
                },
            ],
        ),
        "authors": frame(
            "authors",
            [
                {
                    "name": "Alexander Khrebet",
                    "role": "Reporter",
                    "bio": "Writes.",
                    "source": "kyiv-independent",
                    "articles": 3,
                },
                {
                    "name": "Jane Doe",
                    "role": None,
                    "bio": None,
                    "source": "kyiv-independent",
                    "articles": 1,
                },
            ],
        ),
        "related_links": frame(
            "related_links",
            [
                {
                    "article_id": a0,
                    "headline": "Other story",
                    "teaser": "More.",
                    "site": "KI",
                    "published_date": d,
                },
                {
                    "article_id": a1,
                    "headline": "Other story",
                    "teaser": "More.",
                    "site": "KI",
                    "published_date": d,
                },
            ],
        ),
        "boilerplate_lines": frame(
            "boilerplate_lines",
            [
                {
                    "source": "kyiv-independent",
                    "line_hash": f"{i:016x}",
                    "line": line,
                    "pages_seen": 40,
                    "first_seen": date(2024, 3, 1),
                    "last_seen": d,
                }
                for i, line in enumerate(("Skip to content", "Edit post"))
            ],
        ),
        "duplicates": frame(
            "duplicates",
            [
                {
                    "doc_id": "d9",
                    "canonical_id": a0,
                    "method": "exact",
                    "similarity": 1.0,
                    "raw_file": "f9",
                    "run_id": RUN_ID,
                    "run_date": d,
                },
                {
                    "doc_id": "d8",
                    "canonical_id": "old-article",
                    "method": "near",
                    "similarity": 0.91,
                    "raw_file": "f8",
                    "run_id": RUN_ID,
                    "run_date": d,
                },
            ],
        ),
        "raw_files": frame(
            "raw_files",
            [
                {
                    "path": "f0",
                    "size": 10,
                    "sha256": SHA,
                    "first_seen_run": RUN_ID,
                    "status": "published",
                    "reason": None,
                    "run_date": d,
                },
                {
                    "path": "f9",
                    "size": 10,
                    "sha256": SHA,
                    "first_seen_run": RUN_ID,
                    "status": "duplicate",
                    "reason": "exact",
                    "run_date": d,
                },
                {
                    "path": "f7",
                    "size": 0,
                    "sha256": "cd" * 32,
                    "first_seen_run": RUN_ID,
                    "status": "quarantined",
                    "reason": "empty",
                    "run_date": d,
                },
            ],
        ),
        "quarantine": frame(
            "quarantine",
            [
                {
                    "path": "f7",
                    "stage": "read",
                    "reason": "empty",
                    "detail": "0 bytes",
                    "run_id": RUN_ID,
                    "run_date": d,
                },
            ],
        ),
        "dq_results": frame(
            "dq_results",
            [
                {
                    "run_id": "earlier",
                    "table": "articles",
                    "expectation": "articles.key_unique",
                    "severity": "critical",
                    "success": True,
                    "observed": "0 of 3 rows fail",
                    "unexpected_count": 0,
                    "run_date": date(2024, 3, 10),
                },
            ],
        ),
        "runs": frame(
            "runs",
            [
                {
                    "run_id": RUN_ID,
                    "started_at": datetime(2024, 3, 11, 1, tzinfo=UTC),
                    "finished_at": datetime(2024, 3, 11, 1, 5, tzinfo=UTC),
                    "status": "published",
                    "files_seen": 3,
                    "files_new": 3,
                    "docs_decoded": 2,
                    "articles_new": 3,
                    "articles_updated": 0,
                    "live_updates": 2,
                    "loss_reports": 4,
                    "duplicates": 2,
                    "quarantined": 1,
                    "run_date": d,
                },
            ],
        ),
    }


def night_context(**overrides) -> ValidationContext:
    """The context `night()` is valid in: stored series up to 03-08, the public series, and
    one article published on an earlier night."""
    values = {
        "loss_history": STORED,
        "reference_series": REFERENCE,
        "known_article_ids": ("old-article",),
    }
    values.update(overrides)
    return context(**values)


def context(**overrides) -> ValidationContext:
    values = {"run_id": RUN_ID, "run_date": RUN_DATE, "had_new_files": True}
    values.update(overrides)
    return ValidationContext(**values)


def many_articles(n: int, sources: int = 20, seed: int = 0) -> pd.DataFrame:
    """n synthetic, valid article rows (about 600-word bodies are not needed: the checks look at
    lengths and types, so bodies are short but real strings)."""
    rng = np.random.default_rng(seed)
    ids = [f"{i:032x}" for i in range(n)]
    published = pd.Timestamp(RUN_DATE, tz="UTC") - pd.to_timedelta(rng.integers(0, 86_400, n), "s")
    import pyarrow as pa

    columns = {
        "article_id": ids,
        "source": [f"source-{i % sources:02d}" for i in range(n)],
        "url": [f"https://example.org/{i}" for i in range(n)],
        "headline": [f"Headline number {i}" for i in range(n)],
        "authors": [["A. Writer", "B. Writer"]] * n,
        "published_at": published,
        "published_at_source": ["byline"] * n,
        "modified_at": pd.Series([pd.NaT] * n, dtype="datetime64[us, UTC]"),
        "capture_date": [RUN_DATE] * n,
        "published_date": [d.date() for d in published],
        "tags": [["Ukraine", "Russia", "War"]] * n,
        "body": [f"Body text of article {i} with a few more words." for i in range(n)],
        "word_count": rng.integers(50, 2_000, n).astype("int32"),
        "image_caption": ["Caption"] * n,
        "image_credit": ["Photo/Agency"] * n,
        "language": ["en"] * n,
        "content_hash": ids,
        "versions": np.ones(n, dtype="int32"),
        "first_seen_run": [RUN_ID] * n,
        "last_seen_run": [RUN_ID] * n,
        "raw_file": [f"dumps/{i}.txt" for i in range(n)],
    }
    return pa.Table.from_pydict(columns, schema=TABLES["articles"].schema).to_pandas()


def history(days: int = 14, per_day: int = 40, sources: tuple[str, ...] = ("kyiv-independent",)):
    """Per-source per-day article counts for the days before RUN_DATE."""
    rows = [
        {"source": s, "day": RUN_DATE - timedelta(days=d), "articles": per_day}
        for s in sources
        for d in range(1, days + 1)
    ]
    return pd.DataFrame(rows)


def many_night(n: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """A valid night at scale for n dumps: n articles, n versions and raw files, 5 entities,
    1 quote and 3 related cards per article, n/10 duplicates, one live item per 20 dumps."""
    import pyarrow as pa

    arts = many_articles(n, seed=seed)
    ids = arts["article_id"]
    day = [RUN_DATE] * n

    def table(name: str, columns: dict) -> pd.DataFrame:
        return pa.Table.from_pydict(
            {f.name: columns.get(f.name) for f in TABLES[name].schema}
            if all(f.name in columns for f in TABLES[name].schema)
            else {
                **{f.name: [None] * len(next(iter(columns.values()))) for f in TABLES[name].schema},
                **columns,
            },
            schema=TABLES[name].schema,
        ).to_pandas()

    rep = np.repeat(ids.to_numpy(), 5)
    kinds = np.tile(["person", "place", "organisation", "topic", "place"], n)
    live_n = max(n // 20, 1)
    return {
        "articles": arts,
        "article_versions": table(
            "article_versions",
            {
                "article_id": ids,
                "version": [1] * n,
                "capture_date": day,
                "content_hash": ids,
                "word_count": arts["word_count"],
                "raw_file": arts["raw_file"],
                "run_id": [RUN_ID] * n,
            },
        ),
        "entities": table(
            "entities",
            {
                "article_id": rep,
                "entity": [f"Entity {i % 997}" for i in range(5 * n)],
                "kind": kinds,
                "origin": np.tile(["tag", "text"], 5 * n // 2 + 1)[: 5 * n],
                "published_date": [RUN_DATE] * (5 * n),
            },
        ),
        "quotes": table(
            "quotes",
            {
                "article_id": ids,
                "speaker": ["Jane Doe"] * n,
                "quote": [f"Quote {i}" for i in range(n)],
                "verb": ["said"] * n,
                "published_date": day,
            },
        ),
        "related_links": table(
            "related_links",
            {
                "article_id": np.repeat(ids.to_numpy(), 3),
                "headline": [f"Related {i}" for i in range(3 * n)],
                "teaser": ["More."] * (3 * n),
                "site": ["KI"] * (3 * n),
                "published_date": [RUN_DATE] * (3 * n),
            },
        ),
        "duplicates": table(
            "duplicates",
            {
                "doc_id": [f"dup{i}" for i in range(n // 10)],
                "canonical_id": ids[: n // 10],
                "method": ["near"] * (n // 10),
                "similarity": [0.9] * (n // 10),
                "raw_file": [f"d{i}" for i in range(n // 10)],
                "run_id": [RUN_ID] * (n // 10),
                "run_date": [RUN_DATE] * (n // 10),
            },
        ),
        "raw_files": table(
            "raw_files",
            {
                "path": arts["raw_file"],
                "size": [1000] * n,
                "sha256": [f"{i:064x}" for i in range(n)],
                "first_seen_run": [RUN_ID] * n,
                "status": ["published"] * n,
                "reason": [None] * n,
                "run_date": day,
            },
        ),
        "live_updates": table(
            "live_updates",
            {
                "update_id": [f"u{i}" for i in range(live_n)],
                "source": ["kyiv-independent"] * live_n,
                "published_at": [datetime(2024, 3, 10, 7, tzinfo=UTC)] * live_n,
                "published_date": [date(2024, 3, 10)] * live_n,
                "headline": ["Item"] * live_n,
                "times_seen": [3] * live_n,
            },
        ),
    }
