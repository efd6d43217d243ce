"""One storage layer over fsspec, so a local folder and an ``s3://`` prefix are the same code."""

from __future__ import annotations

import os
import posixpath
import uuid
from dataclasses import dataclass

import fsspec
from fsspec.implementations.local import LocalFileSystem


@dataclass(frozen=True)
class Store:
    """A root folder on some filesystem; every path handed in is relative to it."""

    fs: fsspec.AbstractFileSystem
    root: str  # protocol-less root as fsspec expects it (absolute for local)
    url: str  # the root as a user would write it (absolute path or s3://bucket/prefix)

    @classmethod
    def open(cls, url: str, **storage_options) -> Store:
        if "://" not in url:
            url = os.path.abspath(os.path.expanduser(url))
        fs, root = fsspec.core.url_to_fs(url, **storage_options)
        return cls(fs=fs, root=root.rstrip("/"), url=url.rstrip("/"))

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    def path(self, rel: str) -> str:
        """Filesystem path of `rel`; refuses anything that would leave the root."""
        rel = rel.lstrip("/")
        norm = posixpath.normpath(rel) if rel else ""
        if norm == ".." or norm.startswith("../"):
            raise ValueError(f"path escapes the store: {rel!r}")
        return f"{self.root}/{norm}" if norm and norm != "." else self.root

    def uri(self, rel: str) -> str:
        """Full URI of `rel` for engines such as DuckDB (absolute path or s3://...)."""
        p = self.path(rel)
        return (
            p
            if self.is_local
            else f"{self.fs.protocol[0] if isinstance(self.fs.protocol, tuple) else self.fs.protocol}://{p}"
        )

    def exists(self, rel: str) -> bool:
        return self.fs.exists(self.path(rel))

    def read_bytes(self, rel: str) -> bytes:
        with self.fs.open(self.path(rel), "rb") as f:
            return f.read()

    def write_bytes_atomic(self, rel: str, data: bytes, fsync: bool = True) -> None:
        """Write so readers see the old content or the new, never a torn file.

        Locally: temp file in the same folder, fsync, rename. On object stores a single PUT is
        already atomic. Many files can skip their own fsync and share one `sync()` afterwards.
        """
        target = self.path(rel)
        if not self.is_local:
            with self.fs.open(target, "wb") as f:
                f.write(data)
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = f"{target}.tmp-{uuid.uuid4().hex[:8]}"
        with open(tmp, "wb") as f:
            f.write(data)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, target)

    def sync(self) -> None:
        """Make every write so far durable (one call after many unsynced writes)."""
        if self.is_local:
            os.sync()

    def makedirs(self, rel: str) -> None:
        if self.is_local:
            os.makedirs(self.path(rel), exist_ok=True)

    def find(self, rel: str) -> list[str]:
        """Every file under `rel`, as paths relative to the root."""
        base = self.path(rel)
        if not self.fs.exists(base):
            return []
        prefix = self.root + "/"
        return sorted(p[len(prefix) :] for p in self.fs.find(base) if p.startswith(prefix))

    def delete(self, rels: list[str]) -> None:
        paths = [self.path(r) for r in rels]
        if paths:
            self.fs.rm(paths)

    def delete_tree(self, rel: str) -> None:
        if self.fs.exists(self.path(rel)):
            self.fs.rm(self.path(rel), recursive=True)
