"""Generated web pages (text dump + HTML of the same page) for the format tests."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from corpus.webpages import iter_webpages
from transforms.records import RawDoc

TODAY = date(2026, 1, 1)


def raw(name: str, data: bytes) -> RawDoc:
    return RawDoc(name, len(data), hashlib.sha256(data).hexdigest(), data)


@pytest.fixture(scope="session")
def pairs():
    """(text dump, HTML page) pairs covering all four generated sites."""
    found = list(iter_webpages(150, 3))
    assert len({dump.label.site for dump, _ in found}) == 4
    return found
