"""Shared fixtures: one generated corpus per session, and the real seed dump when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.generate import SampleDump, iter_dumps

SEED_DUMP = Path(__file__).resolve().parents[2].parent / "shared/samples/000_e125cd4a15ae925c.txt"
N = 600


@pytest.fixture(scope="session")
def dumps() -> list[SampleDump]:
    return list(iter_dumps(N, seed=0))


@pytest.fixture(scope="session")
def by_name(dumps: list[SampleDump]) -> dict[str, SampleDump]:
    return {d.name: d for d in dumps}


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_DUMP.exists():
        pytest.skip("../shared/samples is not available")
    return SEED_DUMP.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def ki(dumps: list[SampleDump]):
    """Kyiv Independent dumps of the given kinds, decoded: `ki("original", "edited")`."""

    def pages(*kinds: str) -> list[tuple[SampleDump, str]]:
        return [
            (d, d.data.decode("utf-8"))
            for d in dumps
            if d.label.site == "kyiv-independent" and d.label.kind in kinds
        ]

    return pages
