"""One storage layer over fsspec, so a local folder and an ``s3://`` prefix are the same code."""

from __future__ import annotations

import functools
import os
import posixpath
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import fsspec
from fsspec.implementations.local import LocalFileSystem

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class Store:
    """A root folder on some filesystem; every path handed in is relative to it."""

    fs: fsspec.AbstractFileSystem
    root: str  # protocol-less root as fsspec expects it (absolute for local)
    url: str  # the root as a user would write it (absolute path or s3://bucket/prefix)

    @classmethod
    def open(cls, url: str, **storage_options) -> Store:
        """Open a folder or an object-store prefix. For ``s3://`` the endpoint and region come
        from the environment unless given (see `s3_env_options`); credentials follow botocore's
        usual chain (explicit options, AWS_* variables, profiles, instance roles)."""
        if "://" not in url:
            url = os.path.abspath(os.path.expanduser(url))
        if url.startswith(("s3://", "s3a://")):
            storage_options = s3_env_options(storage_options)
        fs, root = fsspec.core.url_to_fs(url, **storage_options)
        return cls(fs=fs, root=root.rstrip("/"), url=url.rstrip("/"))

    @property
    def is_local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    @functools.cached_property
    def real_root(self) -> str:
        """The local root with every link resolved (once per Store: a night's, a batch's)."""
        return os.path.realpath(self.root)

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

    def s3_config(self) -> S3Config:
        """Endpoint and credentials this store uses, for engines that reach S3 on their own
        (DuckDB's httpfs)."""
        return s3_config(getattr(self.fs, "storage_options", {}) or {})

    def exists(self, rel: str) -> bool:
        return self.fs.exists(self.path(rel))

    def size(self, rel: str) -> int:
        return int(self.fs.size(self.path(rel)))

    def read_bytes(self, rel: str) -> bytes:
        with self.fs.open(self.path(rel), "rb") as f:
            return f.read()

    def write_bytes_atomic(self, rel: str, data: bytes | pa.Buffer, fsync: bool = True) -> None:
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


# -- S3-compatible object stores ------------------------------------------------------------

ENDPOINT_VARS = ("NEWSWARE_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
REGION_VARS = ("AWS_REGION", "AWS_DEFAULT_REGION")


def _first_env(names: tuple[str, ...]) -> str | None:
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


def s3_env_options(options: dict) -> dict:
    """`options` for s3fs with the endpoint filled in from NEWSWARE_S3_ENDPOINT, else
    AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, when not given, so fsspec and DuckDB are told the
    same endpoint explicitly. The region is left to botocore (a region in client_kwargs would
    make s3fs send it as a bucket location constraint)."""
    out = dict(options)
    client = dict(out.get("client_kwargs") or {})
    endpoint = (
        out.pop("endpoint_url", None) or client.get("endpoint_url") or _first_env(ENDPOINT_VARS)
    )
    if endpoint:
        client["endpoint_url"] = endpoint
    if client:
        out["client_kwargs"] = client
    return out


@dataclass(frozen=True)
class S3Config:
    """What DuckDB's httpfs needs to read the same bucket as s3fs."""

    key_id: str
    secret: str
    session_token: str
    region: str
    endpoint: str | None  # http(s)://host:port, or None for AWS itself

    @property
    def use_ssl(self) -> bool:
        return not (self.endpoint or "").startswith("http://")

    @property
    def endpoint_host(self) -> str | None:
        """host:port as DuckDB's ENDPOINT wants it (no scheme, no trailing slash)."""
        return self.endpoint.split("://", 1)[-1].rstrip("/") if self.endpoint else None


def s3_config(options: dict) -> S3Config:
    """Resolve s3fs `options` the way botocore would: explicit key/secret first, then the
    standard credential chain (environment, shared files, container or instance roles)."""
    opts = s3_env_options(options)
    client = opts.get("client_kwargs") or {}
    key, secret, token = opts.get("key"), opts.get("secret"), opts.get("token")
    if not (key and secret) and not opts.get("anon"):
        import botocore.session

        session = botocore.session.Session(profile=opts.get("profile"))
        creds = session.get_credentials()
        if creds is not None:
            frozen = creds.get_frozen_credentials()
            key, secret, token = frozen.access_key, frozen.secret_key, frozen.token
    return S3Config(
        key_id=key or "",
        secret=secret or "",
        session_token=token or "",
        region=client.get("region_name") or _first_env(REGION_VARS) or "us-east-1",
        endpoint=client.get("endpoint_url"),
    )
