"""Same (n, seed) -> byte-identical corpus; streaming; only dumps land in the output folder."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

from corpus.generate import SampleDump, iter_dumps, write_corpus

NAME = re.compile(r"^\d{6}_[0-9a-f]{16}\.txt$")


def _digest(dumps: Iterator[SampleDump]) -> str:
    h = hashlib.sha256()
    for d in dumps:
        h.update(d.name.encode() + b"\0" + d.data + b"\0" + repr(d.label).encode())
    return h.hexdigest()


def test_same_n_and_seed_give_identical_dumps_and_labels() -> None:
    assert _digest(iter_dumps(400, seed=7)) == _digest(iter_dumps(400, seed=7))


def test_other_seed_gives_other_corpus() -> None:
    a = [d.data for d in iter_dumps(50, seed=0)]
    b = [d.data for d in iter_dumps(50, seed=1)]
    assert sum(x == y for x, y in zip(a, b, strict=True)) < 5


def test_names_are_unique_and_shaped(dumps: list[SampleDump]) -> None:
    names = [d.name for d in dumps]
    assert len(set(names)) == len(names)
    assert all(NAME.match(n) for n in names)
    assert names == sorted(names)
    assert all(d.label.name == d.name for d in dumps)


def test_iter_dumps_streams() -> None:
    stream = iter_dumps(10**9)
    assert isinstance(stream, Iterator) and not isinstance(stream, list | tuple)
    started = time.perf_counter()
    first = list(itertools.islice(stream, 5))
    assert time.perf_counter() - started < 2.0  # nothing was built for the other 10**9
    assert first[0].name.startswith("000000_")


def test_write_corpus_is_reproducible_and_keeps_manifest_out(tmp_path: Path) -> None:
    calls: list[int] = []
    a, b = tmp_path / "a", tmp_path / "b"
    manifest = tmp_path / "labels" / "manifest.jsonl"
    assert write_corpus(a, n=1500, seed=3, manifest=manifest, progress=calls.append) == 1500
    assert write_corpus(b, n=1500, seed=3) == 1500
    files_a = sorted(p.name for p in a.iterdir())
    assert files_a == sorted(p.name for p in b.iterdir())
    assert len(files_a) == 1500 and all(NAME.match(n) for n in files_a)
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in files_a)
    assert calls == [1000, 1500]
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert [r["name"] for r in rows] == files_a
    assert not list(manifest.parent.glob("*.tmp"))
    by_name = {d.name: d for d in iter_dumps(1500, seed=3)}
    assert all(rows[k] == by_name[rows[k]["name"]].label.to_json() for k in (0, 700, 1499))


def test_tiny_and_negative_seed_corpora(tmp_path: Path) -> None:
    assert write_corpus(tmp_path / "none", n=0) == 0
    assert list((tmp_path / "none").iterdir()) == []
    (one,) = list(iter_dumps(1, seed=-5))
    assert one.label.kind == "original" and one.data.startswith(b" date ")
    assert [d.data for d in iter_dumps(3, seed=-5)] != [d.data for d in iter_dumps(3, seed=5)]
