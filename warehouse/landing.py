"""The landing zone: list what the scraper dropped and read it, safely and within limits.

Reading never leaves the landing root (a symlink that resolves outside it is refused before
it is opened, and the opened file is checked again), never blocks on a FIFO or device, and never
reads more than the size limit plus one byte. File names that are not valid UTF-8 are listed
with their bad bytes written as ``\\xNN`` so the ledger can hold them.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from typing import BinaryIO

import pyarrow as pa

from transforms.records import RawDoc, Rejection
from warehouse.storage import Store

MAX_FILE_BYTES = 20 * 1024 * 1024  # a dump larger than this is rejected without being read whole
_SKIP_PREFIXES = (".", "_")  # hidden files and the scraper's temporary files
_ESCAPED = re.compile(rb"\\x([0-9a-f]{2})")
_PROC_FD = "/proc/self/fd"
_HAS_PROC_FD = os.path.isdir(_PROC_FD)  # Linux: where an open descriptor really points


@dataclass(frozen=True, slots=True)
class Landed:
    path: str  # relative to the landing root
    size: int


LISTING = pa.schema([("path", pa.string()), ("size", pa.int64())])
_FLUSH_ROWS = 50_000  # listed names become Arrow this many at a time


def listing(store: Store) -> pa.Table:
    """Every file under the landing root as (path, size) rows sorted by path, except names
    starting with "." or "_" (the scraper's temporary files). Symlinks, FIFOs and the like are
    listed too and judged when read, so they reach the ledger as quarantined rather than vanish.

    A table, not a list of objects: a million listed files take ~60 MB rather than ~350 MB."""
    out = _Rows()
    if store.is_local:
        _walk(store.root, os.path.realpath(store.root), out)
    elif store.fs.exists(store.root):
        prefix = store.root + "/"
        # one listing with sizes (on S3 a paginated LIST), not a HEAD request per file
        for full, info in store.fs.find(store.root, detail=True).items():
            rel = full[len(prefix) :] if full.startswith(prefix) else None
            if not rel or info.get("type") == "directory":
                continue
            if any(part.startswith(_SKIP_PREFIXES) for part in rel.split("/")):
                continue
            out.add(rel, int(info["size"]))
    return out.table().sort_by("path")  # UTF-8 byte order is code point order


def _walk(top: str, root: str, out: _Rows) -> None:
    """The files under `top` into `out`, as os.walk(followlinks=False) sees them (a link to a
    folder is neither entered nor listed; an unreadable folder is passed over) but with names
    built as they are found rather than by `os.path.relpath` per file."""
    folders = [(top, "")]
    while folders:
        path, rel = folders.pop()
        try:
            entries = os.scandir(path)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith(_SKIP_PREFIXES):
                    continue
                if _is_folder(entry):
                    if not entry.is_symlink():
                        folders.append((entry.path, f"{rel}{name}/"))
                    continue
                try:
                    size = _listed_size(entry.path, root)
                except OSError:
                    continue  # gone since the walk saw it: the next night lists it again or not
                out.add(_printable(rel + name), size)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def landed(rows: pa.Table) -> list[Landed]:
    """Listing rows as `Landed` items (for a batch of them, not a whole night)."""
    return [
        Landed(p, s)
        for p, s in zip(rows["path"].to_pylist(), rows["size"].to_pylist(), strict=True)
    ]


def list_landed(store: Store) -> list[Landed]:
    """`listing` as `Landed` items, for a landing folder small enough to hold them."""
    return landed(listing(store))


class _Rows:
    """Listed (path, size) pairs, turned into Arrow a slice at a time."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.sizes: list[int] = []
        self.done: list[pa.RecordBatch] = []

    def add(self, path: str, size: int) -> None:
        self.paths.append(path)
        self.sizes.append(size)
        if len(self.paths) >= _FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        self.done.append(pa.record_batch([self.paths, self.sizes], schema=LISTING))
        self.paths, self.sizes = [], []

    def table(self) -> pa.Table:
        self._flush()
        return pa.Table.from_batches(self.done, LISTING).combine_chunks()


def _listed_size(full: str, root: str) -> int:
    """The size a read will find: the target's for a link to a regular file inside the root
    (nothing outside the root is even stat'ed), else the entry's own."""
    st = os.lstat(full)
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(full)
        if _inside(real, root) and os.path.isfile(real):
            return os.stat(real).st_size
    return st.st_size


def _printable(rel: str) -> str:
    """A name the ledger can store: bytes that are not UTF-8 become ``\\xNN``."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return os.fsencode(rel).decode("utf-8", "backslashreplace")


def _fs_name(store: Store, rel: str) -> str:
    """The on-disk path of a listed name (undoing `_printable` when the literal name is absent)."""
    full = store.path(rel)
    if "\\x" in rel and not os.path.lexists(full):
        raw = _ESCAPED.sub(lambda m: bytes([int(m[1], 16)]), os.fsencode(full))
        return os.fsdecode(raw)
    return full


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _resolved(store: Store, rel: str) -> str:
    """The real path of a listed name. A plain file right under the root (nearly every landed
    file) needs one lstat; anything else goes through realpath (~13 us, a third of a read)."""
    full = _fs_name(store, rel)
    name = os.path.basename(full)
    if "/" not in rel and name not in (".", "..") and name == rel:
        try:
            if not stat.S_ISLNK(os.lstat(full).st_mode):
                return os.path.join(store.real_root, name)
        except OSError:
            pass  # gone: realpath names it, and opening it says why
    return os.path.realpath(full)


def _open_checked(store: Store, item: Landed) -> BinaryIO | Rejection:
    """Open a local landed file for reading, or say why not (outside the root, not a file)."""

    def reject(reason: str, detail: str) -> Rejection:
        return Rejection(item.path, "read", reason, detail, size=item.size)

    root = store.real_root
    real = _resolved(store, item.path)
    if not _inside(real, root):
        return reject("outside_landing", "link points outside the landing folder")
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:  # the last part became a link after it was resolved
            return reject("outside_landing", "path changed into a link while read")
        raise
    try:
        opened = os.readlink(f"{_PROC_FD}/{fd}") if _HAS_PROC_FD else real
        if not _inside(opened, root):  # a folder on the way was swapped for a link
            os.close(fd)
            return reject("outside_landing", "path left the landing folder while read")
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return reject("not_a_file", "not a regular file")
    except OSError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_landed(store: Store, item: Landed, max_bytes: int = MAX_FILE_BYTES) -> RawDoc | Rejection:
    """Read one landed file, refusing links that leave the landing root and oversized files.

    Never reads more than `max_bytes` + 1 bytes; a file whose size differs from the listing
    (it grew or shrank since) is refused as `changed_while_read` and read again next night,
    since its (path, size) is then new.
    """
    if item.size > max_bytes:
        return Rejection(
            item.path, "read", "too_large", f"{item.size} bytes > limit {max_bytes}", size=item.size
        )
    try:
        if store.is_local:
            f = _open_checked(store, item)
            if isinstance(f, Rejection):
                return f
            with f:
                data = f.read(max_bytes + 1)
        elif item.size == 0:
            data = b""  # S3 refuses a ranged GET of an empty object (416)
        else:
            data = store.fs.cat_file(store.path(item.path), start=0, end=max_bytes + 1)
    except OSError as err:
        return Rejection(item.path, "read", "unreadable", type(err).__name__, size=item.size)
    if len(data) > max_bytes:
        return Rejection(
            item.path, "read", "too_large", f"more than {max_bytes} bytes", size=item.size
        )
    if len(data) != item.size:
        return Rejection(
            item.path,
            "read",
            "changed_while_read",
            f"listed {item.size} bytes, read {len(data)}",
            size=item.size,
        )
    return RawDoc(item.path, item.size, hashlib.sha256(data).hexdigest(), data)


def peek(store: Store, item: Landed, n: int = 64) -> bytes:
    """The first `n` bytes of a landed file (to date it: transforms/formats/dated.py); b"" if
    unreadable or not something `read_landed` would read."""
    try:
        if not store.is_local:
            return (
                b"" if item.size == 0 else store.fs.cat_file(store.path(item.path), start=0, end=n)
            )
        f = _open_checked(store, item)
        if isinstance(f, Rejection):
            return b""
        with f:
            return f.read(n)
    except (OSError, ValueError):
        return b""
