"""A two-night scenario shared by the crash tests: night 1 built once, night 2's reference."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.soak import Rows, table_rows
from corpus.generate import write_corpus
from flows.nightly import nightly


@dataclass
class TwoNights:
    raw_night1: Path
    raw: Path
    wh: Path  # the path every run writes to (catalog views name files by absolute path)
    template: Path  # the warehouse after night 1
    before: Rows
    after: Rows

    def reset(self) -> None:
        """The warehouse as night 1 left it."""
        shutil.rmtree(self.wh, ignore_errors=True)
        shutil.copytree(self.template, self.wh, symlinks=True)


@pytest.fixture(scope="session")
def two_nights(tmp_path_factory, prefect_harness) -> TwoNights:
    root = tmp_path_factory.mktemp("two-nights")
    raw, raw1, wh, template = root / "raw", root / "raw1", root / "wh", root / "wh-night1"
    write_corpus(raw, n=80, seed=21)
    raw1.mkdir()
    names = sorted(p.name for p in raw.iterdir())
    for name in names[: len(names) // 2]:
        shutil.copy2(raw / name, raw1 / name)
    nightly(raw=str(raw1), warehouse=str(wh))
    before = table_rows(wh)
    shutil.move(wh, template)
    shutil.copytree(template, wh, symlinks=True)
    nightly(raw=str(raw), warehouse=str(wh))
    after = table_rows(wh)
    assert after != before
    return TwoNights(raw1, raw, wh, template, before, after)


def dead_pid() -> int:
    """The pid of a process that has just exited."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid
