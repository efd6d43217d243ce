"""The landing zone: list what the scraper dropped and read it, safely and within limits."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from transforms.records import RawDoc, Rejection
from warehouse.storage import Store

MAX_FILE_BYTES = 20 * 1024 * 1024  # a dump larger than this is rejected without being read whole
_SKIP_PREFIXES = (".", "_")  # hidden files and the scraper's temporary files


@dataclass(frozen=True, slots=True)
class Landed:
    path: str  # relative to the landing root
    size: int


def list_landed(store: Store) -> list[Landed]:
    """Every regular file under the landing root, sorted by path (symlinks are listed too and
    judged when read)."""
    out = []
    if store.is_local:
        for dirpath, dirnames, filenames in os.walk(store.root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(_SKIP_PREFIXES))
            for name in filenames:
                if name.startswith(_SKIP_PREFIXES):
                    continue
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, store.root).replace(os.sep, "/")
                try:
                    size = os.lstat(full).st_size
                except OSError:
                    continue
                out.append(Landed(rel, size))
    else:
        for rel in store.find(""):
            if any(part.startswith(_SKIP_PREFIXES) for part in rel.split("/")):
                continue
            out.append(Landed(rel, int(store.fs.info(store.path(rel))["size"])))
    return sorted(out, key=lambda f: f.path)


def read_landed(store: Store, item: Landed, max_bytes: int = MAX_FILE_BYTES) -> RawDoc | Rejection:
    """Read one landed file, refusing links that leave the landing root and oversized files."""
    if item.size > max_bytes:
        return Rejection(
            item.path, "read", "too_large", f"{item.size} bytes > limit {max_bytes}", size=item.size
        )
    try:
        if store.is_local:
            full = store.path(item.path)
            real = os.path.realpath(full)
            root = os.path.realpath(store.root)
            if os.path.commonpath([real, root]) != root:
                return Rejection(
                    item.path,
                    "read",
                    "outside_landing",
                    "link points outside the landing folder",
                    size=item.size,
                )
            if not os.path.isfile(real):
                return Rejection(
                    item.path, "read", "not_a_file", "not a regular file", size=item.size
                )
            with open(real, "rb") as f:
                data = f.read(max_bytes + 1)
        else:
            with store.fs.open(store.path(item.path), "rb") as f:
                data = f.read(max_bytes + 1)
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
    """The first `n` bytes of a landed file (enough for its date header); b"" if unreadable."""
    try:
        with store.fs.open(store.path(item.path), "rb") as f:
            return f.read(n)
    except (OSError, ValueError):
        return b""
