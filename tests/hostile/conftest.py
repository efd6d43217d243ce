"""Fixtures for hostile input: a record of every file this process opens."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_recording: list[list[str]] = []


def _audit(event: str, args: tuple) -> None:
    if _recording and event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        _recording[-1].append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one is idle unless recording


@contextmanager
def recording_opens() -> Iterator[list[str]]:
    """Every path passed to open()/os.open() in this process while the block runs."""
    opened: list[str] = []
    _recording.append(opened)
    try:
        yield opened
    finally:
        _recording.remove(opened)


@pytest.fixture
def opens():
    return recording_opens
