"""Reading the landing zone: size limits, links, pipes and odd names, unit by unit."""

from __future__ import annotations

import hashlib
import os

import pytest

import warehouse.landing as landing
from tests.hostile.conftest import recording_opens
from transforms.records import RawDoc, Rejection
from warehouse.landing import Landed, list_landed, peek, read_landed
from warehouse.storage import Store

LIMIT = 1000


@pytest.fixture
def zone(tmp_path):
    root = tmp_path / "landing"
    root.mkdir()
    return root, Store.open(str(root))


class CountingFile:
    """Wraps a file object and counts the bytes handed out."""

    def __init__(self, f) -> None:
        self.f, self.read_bytes = f, 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.read_bytes += len(data)
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.f.close()


def test_a_file_listed_over_the_limit_is_never_opened(zone):
    root, store = zone
    with open(root / "huge.txt", "wb") as f:
        f.truncate(8 * 1024**3)  # 8 GiB, sparse
    (item,) = list_landed(store)
    assert item.size == 8 * 1024**3
    with recording_opens() as opened:
        out = read_landed(store, item, max_bytes=LIMIT)
    assert (out.stage, out.reason) == ("read", "too_large")
    assert not [p for p in opened if p.endswith("huge.txt")]


def test_a_file_that_grew_past_the_limit_is_read_at_most_limit_plus_one(zone, monkeypatch):
    root, store = zone
    path = root / "grew.txt"
    path.write_bytes(b"x" * 10)
    (item,) = list_landed(store)
    with open(path, "ab") as f:
        f.truncate(8 * 1024**3)  # grew after the listing
    counters: list[CountingFile] = []
    real_open = landing._open_checked

    def counting(store, item):
        f = real_open(store, item)
        if isinstance(f, Rejection):
            return f
        counters.append(CountingFile(f))
        return counters[-1]

    monkeypatch.setattr(landing, "_open_checked", counting)
    out = read_landed(store, item, max_bytes=LIMIT)
    assert (out.stage, out.reason) == ("read", "too_large")
    assert counters[0].read_bytes == LIMIT + 1


def test_a_file_that_changed_size_is_refused_then_taken_next_time(zone):
    root, store = zone
    (root / "a.txt").write_bytes(b"12345")
    (item,) = list_landed(store)
    (root / "a.txt").write_bytes(b"1234567")
    out = read_landed(store, item, max_bytes=LIMIT)
    assert (out.stage, out.reason) == ("read", "changed_while_read")
    (again,) = list_landed(store)
    assert again != item and isinstance(read_landed(store, again, LIMIT), RawDoc)


def test_links_leaving_the_root_are_refused_unopened(zone, tmp_path):
    root, store = zone
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    (tmp_path / "outdir").mkdir()
    (tmp_path / "outdir" / "inner.txt").write_bytes(b"inner")
    os.symlink(secret, root / "file_link.txt")
    os.symlink(tmp_path / "outdir", root / "dir_link")
    items = list_landed(store)
    assert [i.path for i in items] == ["file_link.txt"]  # a linked folder is not walked
    crafted = Landed("dir_link/inner.txt", 5)  # as if it had been listed anyway
    with recording_opens() as opened:
        outs = [read_landed(store, i, LIMIT) for i in [*items, crafted]]
        heads = [peek(store, i) for i in [*items, crafted]]
    assert [(o.stage, o.reason) for o in outs] == [("read", "outside_landing")] * 2
    assert heads == [b"", b""]
    assert not [p for p in opened if "secret" in p or "inner" in p]


def test_a_link_inside_the_root_reads_its_target(zone):
    root, store = zone
    (root / "real.txt").write_bytes(b" date 2024-03-11 hello")
    os.symlink("real.txt", root / "alias.txt")
    items = {i.path: i for i in list_landed(store)}
    assert items["alias.txt"].size == items["real.txt"].size == 22
    doc = read_landed(store, items["alias.txt"], LIMIT)
    assert isinstance(doc, RawDoc) and doc.data == b" date 2024-03-11 hello"


def test_a_fifo_never_blocks(zone):
    root, store = zone
    os.mkfifo(root / "pipe.txt")
    (item,) = list_landed(store)
    out = read_landed(store, item, LIMIT)
    assert (out.stage, out.reason) == ("read", "not_a_file")
    assert peek(store, item) == b""


def test_names_that_are_not_utf8_are_listed_printably_and_read(zone):
    root, store = zone
    data = b" date 2024-03-11 caf\xc3\xa9"
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb") as f:
        f.write(data)
    (item,) = list_landed(store)
    assert item.path == "caf\\xe9.txt"
    item.path.encode("utf-8")  # storable
    doc = read_landed(store, item, LIMIT)
    assert isinstance(doc, RawDoc) and doc.sha256 == hashlib.sha256(data).hexdigest()


def test_hidden_and_temporary_names_are_not_listed(zone):
    root, store = zone
    for name in (".part.txt", "_tmp.txt", "..x.txt", "ok.txt"):
        (root / name).write_bytes(b"x")
    (root / ".cache").mkdir()
    (root / ".cache" / "y.txt").write_bytes(b"y")
    assert [i.path for i in list_landed(store)] == ["ok.txt"]


def test_object_store_reads_are_bounded(tmp_path):
    store = Store.open("memory://landing-limits")
    store.fs.pipe(store.path("big.txt"), b"y" * (LIMIT * 5))
    store.fs.pipe(store.path("ok.txt"), b" date 2024-03-11 fine")
    items = {i.path: i for i in list_landed(store)}
    grown = Landed("big.txt", 10)  # listed small, now large
    assert read_landed(store, grown, LIMIT).reason == "too_large"
    assert read_landed(store, items["big.txt"], LIMIT).reason == "too_large"
    assert isinstance(read_landed(store, items["ok.txt"], LIMIT), RawDoc)
    assert peek(store, items["ok.txt"], 5) == b" date"


def test_a_listing_is_sorted_by_path_however_many_slices_it_took(zone, monkeypatch):
    root, store = zone
    names = ["b/2.txt", "a.txt", "b/10.txt", "é.txt", "z.txt", "b/1.txt", "c/d/e.txt"]
    for i, name in enumerate(names):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x" * i)
    monkeypatch.setattr(landing, "_FLUSH_ROWS", 2)  # several Arrow slices
    listed = landing.listing(store)
    sizes = {name: i for i, name in enumerate(names)}
    assert listed["path"].to_pylist() == sorted(names)
    assert listed["size"].to_pylist() == [sizes[n] for n in sorted(names)]
    assert [(f.path, f.size) for f in landing.landed(listed)] == [
        (n, sizes[n]) for n in sorted(names)
    ]


def test_a_listed_name_resolves_as_realpath_does(zone, tmp_path):
    """The one-lstat shortcut for plain files under the root agrees with realpath."""
    root, store = zone
    (root / "plain.txt").write_bytes(b"x")
    (root / "sub").mkdir()
    (root / "sub" / "deep.txt").write_bytes(b"y")
    os.symlink("plain.txt", root / "alias.txt")
    os.symlink(tmp_path, root / "away.txt")
    for rel in ["plain.txt", "sub/deep.txt", "alias.txt", "away.txt", "missing.txt", "missing/x"]:
        expected = os.path.realpath(os.path.join(store.real_root, rel))
        assert landing._resolved(store, rel) == expected, rel
