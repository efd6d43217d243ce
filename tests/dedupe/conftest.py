"""Small synthetic articles for dedupe tests: paragraphs of seeded random words."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pyarrow as pa
import pytest

WORDS = [f"w{i}" for i in range(2000)] + ["Kyiv", "Ukraine", "said", "minister", "the"]


def paragraph(rng: random.Random, n: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def article(rng: random.Random, paragraphs: int = 6) -> list[str]:
    return [paragraph(rng) for _ in range(paragraphs)]


def docs_table(rows: list[tuple[str, str, datetime | None, date | None]]) -> pa.Table:
    """(doc_id, body, published_at, capture_date) rows as the table `signatures` expects."""
    ids, bodies, pubs, caps = (list(c) for c in zip(*rows, strict=True))
    return pa.table(
        {
            "doc_id": ids,
            "body": bodies,
            "published_at": pa.array(pubs, pa.timestamp("us", tz="UTC")),
            "capture_date": pa.array(caps, pa.date32()),
        }
    )


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20240311)
