"""One writer at a time: a lock object ``_lock`` in the warehouse root, on a local disk or S3.

The lock body names its holder (run id, host, boot id, pid and the pid's start time) and carries
a heartbeat timestamp that a background thread of the holder refreshes every
`heartbeat_seconds`. Every change is a compare-and-swap, so two runs can never both believe
they hold it, and two runs breaking the same stale lock cannot both win:

- local disk: the lock file is only created, replaced or deleted under an exclusive `flock` on
  ``_lock.guard`` (held for microseconds; the kernel drops it if its holder dies), and written
  by write-to-temp-then-rename, so readers never see half a body;
- S3 and compatible stores: ``PutObject`` with ``If-None-Match: *`` creates it, ``If-Match:
  <ETag>`` replaces (heartbeat, takeover) or deletes it. Stores without conditional writes get
  a best-effort create (absent, then put, then read back our own token) and a warning.

A lock is stale, and is taken over, when its holder is certainly gone: on the same host (same
hostname and boot id) its pid is dead or now belongs to another process; after a reboot; or,
for a holder elsewhere, its heartbeat is older than `max_age_seconds`. A live holder on this
host is never broken, however old its heartbeat: two writers are worse than a stuck night.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field

from warehouse.storage import Store

LOCK = "_lock"
GUARD = "_lock.guard"
MAX_AGE_SECONDS = 600.0  # a heartbeat older than this marks a holder on another host dead
log = logging.getLogger(__name__)


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse."""


class LockLost(RuntimeError):
    """The lock this run held was taken over (its heartbeat stopped for too long)."""


def _max_age_from_env() -> float:
    return float(os.environ.get("NEWSWARE_LOCK_MAX_AGE_SECONDS", MAX_AGE_SECONDS))


def _read_text(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def boot_id() -> str | None:
    return _read_text("/proc/sys/kernel/random/boot_id")


def process_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (tells a reused pid apart)."""
    stat = _read_text(f"/proc/{pid}/stat")
    if not stat or ")" not in stat:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def pid_alive(pid: int, start: str | None = None) -> bool:
    """Is process `pid` (started at `start`, when known) still running on this host?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    if start is None:
        return True
    now = process_start(pid)
    return now is None or now == start


@dataclass
class Lock:
    store: Store
    run_id: str
    wait_seconds: float = 0.0
    max_age_seconds: float = field(default_factory=_max_age_from_env)
    heartbeat_seconds: float | None = None  # default: a fifth of max_age_seconds
    poll_seconds: float = 0.5
    lost: bool = field(default=False, init=False)
    _version: str | None = field(default=None, init=False, repr=False)
    _since: float | None = field(default=None, init=False, repr=False)
    _token: str = field(default_factory=lambda: uuid.uuid4().hex, init=False, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _beat: threading.Thread | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._backend = _Local(self.store) if self.store.is_local else _Object(self.store)

    # -- what the lock says -------------------------------------------------------------

    def _body(self) -> bytes:
        pid = os.getpid()
        now = time.time()
        return json.dumps(
            {
                "run_id": self.run_id,
                "token": self._token,
                "host": socket.gethostname(),
                "boot_id": boot_id(),
                "pid": pid,
                "pid_start": process_start(pid),
                "since": self._since or now,
                "heartbeat": now,
            }
        ).encode()

    def holder(self) -> dict | None:
        """Who holds the warehouse now (the lock body), or None."""
        body, _ = self._backend.read()
        return _parse(body)

    def stale(self, holder: dict | None, now: float | None = None) -> bool:
        """Is the lock described by `holder` (None: unreadable) certainly abandoned?"""
        if holder is None:
            return True  # not a body this code writes: nobody to wait for
        now = time.time() if now is None else now
        same_host = holder.get("host") == socket.gethostname()
        mine, theirs = boot_id(), holder.get("boot_id")
        if same_host and mine and theirs and mine != theirs:
            return True  # written before this host last booted
        if same_host:
            try:
                return not pid_alive(int(holder["pid"]), holder.get("pid_start"))
            except (KeyError, TypeError, ValueError):
                return True
        try:
            return now - float(holder.get("heartbeat") or holder["since"]) > self.max_age_seconds
        except (KeyError, TypeError, ValueError):
            return True

    # -- take, keep, give back ----------------------------------------------------------

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait_seconds
        self._since = time.time()
        while True:
            version = self._backend.create(self._body())
            if version is not None:
                break
            body, current = self._backend.read()
            if current is None:
                continue  # released between our attempt and the read: try again now
            holder = _parse(body)
            if self.stale(holder):
                version = self._backend.replace(self._body(), current)
                if version is not None:
                    log.warning("broke a stale warehouse lock: %s", _describe(holder))
                    break
                continue  # someone else changed it first: look again
            if time.monotonic() >= deadline:
                waited = f" (waited {self.wait_seconds:g}s)" if self.wait_seconds else ""
                raise WarehouseLocked(
                    f"warehouse {self.store.url} is locked by {_describe(holder)}{waited}; "
                    "try again when it ends"
                )
            time.sleep(self.poll_seconds)
        self._version = version
        self.lost = False
        self._start_heartbeat()

    def _start_heartbeat(self) -> None:
        self._stop.clear()
        period = self.heartbeat_seconds or self.max_age_seconds / 5
        self._beat = threading.Thread(
            target=self._heartbeat,
            args=(period,),
            name=f"lock-heartbeat-{self.run_id}",
            daemon=True,
        )
        self._beat.start()

    def _heartbeat(self, period: float) -> None:
        while not self._stop.wait(period):
            try:
                version = self._backend.replace(self._body(), self._version)
            except Exception as err:  # a flaky store: try again next beat
                log.warning("lock heartbeat failed: %s", err)
                continue
            if version is None:
                self.lost = True
                log.error("warehouse lock of run %s was taken over", self.run_id)
                return
            self._version = version

    def check(self) -> None:
        """Raise `LockLost` unless this run still holds the lock (call before publishing)."""
        holder = self.holder()
        if self.lost or holder is None or holder.get("token") != self._token:
            self.lost = True
            raise LockLost(f"run {self.run_id} no longer holds the lock on {self.store.url}")

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
            self._beat = None
        if self._version is not None and not self.lost:
            self._backend.delete(self._version)
        self._version = None

    def __enter__(self) -> Lock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _parse(body: bytes | None) -> dict | None:
    try:
        holder = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError):
        return None
    return holder if isinstance(holder, dict) else None


def _describe(holder: dict | None) -> str:
    if holder is None:
        return "an unreadable lock"
    age = time.time() - float(holder.get("heartbeat") or 0)
    return (
        f"run {holder.get('run_id')} (pid {holder.get('pid')} on {holder.get('host')}, "
        f"heartbeat {age:.0f}s ago)"
    )


# -- storage: create-if-absent, compare-and-swap replace and delete, per kind of store ---------


class _Local:
    """A lock file changed only under an flock on a guard file; version = hash of the body."""

    def __init__(self, store: Store) -> None:
        self.path = store.path(LOCK)
        self.guard = store.path(GUARD)
        self.root = store.root

    @contextlib.contextmanager
    def _guarded(self):
        import fcntl

        os.makedirs(self.root, exist_ok=True)
        fd = os.open(self.guard, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing drops the flock

    def read(self) -> tuple[bytes | None, str | None]:
        try:
            with open(self.path, "rb") as f:
                body = f.read()
        except FileNotFoundError:
            return None, None
        return body, hashlib.sha256(body).hexdigest()

    def _write(self, body: bytes) -> str:
        tmp = f"{self.path}.tmp-{uuid.uuid4().hex[:8]}"
        with open(tmp, "wb") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        return hashlib.sha256(body).hexdigest()

    def create(self, body: bytes) -> str | None:
        with self._guarded():
            if os.path.lexists(self.path):
                return None
            for leftover in glob.glob(glob.escape(self.path) + ".tmp-*"):  # a writer died
                os.unlink(leftover)
            return self._write(body)

    def replace(self, body: bytes, version: str | None) -> str | None:
        with self._guarded():
            if self.read()[1] != version:
                return None
            return self._write(body)

    def delete(self, version: str) -> bool:
        with self._guarded():
            if self.read()[1] != version:
                return False
            os.unlink(self.path)
            return True


def _s3_code(err: BaseException) -> str | None:
    cause = err.__cause__ or err
    response = getattr(cause, "response", None) or {}
    return response.get("Error", {}).get("Code") or (
        "PreconditionFailed" if isinstance(err, FileExistsError) else None
    )


_LOST_RACE = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409", "NoSuchKey", "404"}


class _Object:
    """An S3 object changed by conditional requests; version = its ETag."""

    def __init__(self, store: Store) -> None:
        self.fs = store.fs
        self.bucket, self.key = store.path(LOCK).split("/", 1)
        self.conditional = True  # set False after the store refuses a conditional write

    def _call(self, method: str, **kwargs):
        return self.fs.call_s3(method, Bucket=self.bucket, Key=self.key, **kwargs)

    def read(self) -> tuple[bytes | None, str | None]:
        try:
            out = self._call("get_object")
        except FileNotFoundError:
            return None, None
        return _read_stream(self.fs, out["Body"]), out["ETag"].strip('"')

    def _put(self, body: bytes, **condition) -> str | None:
        try:
            out = self._call("put_object", Body=body, **condition)
        except OSError as err:
            code = _s3_code(err)
            if code in _LOST_RACE:
                return None
            if code in ("NotImplemented", "501", "InvalidArgument") and self.conditional:
                log.warning("store refuses conditional writes: best-effort lock (%s)", code)
                self.conditional = False
                return self._best_effort(body, condition)
            raise
        return out["ETag"].strip('"')

    def _best_effort(self, body: bytes, condition: dict) -> str | None:
        """Without conditional writes: check, put, then read back our own bytes."""
        _, current = self.read()
        expected = condition.get("IfMatch")
        if ("IfNoneMatch" in condition and current is not None) or (
            expected is not None and current != expected
        ):
            return None
        self._call("put_object", Body=body)
        time.sleep(0.2)  # let a racing writer's put land, then see whose body won
        got, version = self.read()
        return version if got == body else None

    def create(self, body: bytes) -> str | None:
        if not self.conditional:
            return self._best_effort(body, {"IfNoneMatch": "*"})
        return self._put(body, IfNoneMatch="*")

    def replace(self, body: bytes, version: str | None) -> str | None:
        if version is None:
            return None
        if not self.conditional:
            return self._best_effort(body, {"IfMatch": version})
        return self._put(body, IfMatch=version)

    def delete(self, version: str) -> bool:
        try:
            if self.conditional:
                self._call("delete_object", IfMatch=version)
                return True
        except OSError as err:
            if _s3_code(err) in _LOST_RACE:
                return False
            if _s3_code(err) not in ("NotImplemented", "501", "InvalidArgument"):
                raise
        if self.read()[1] != version:
            return False
        self._call("delete_object")
        return True


def _read_stream(fs, stream) -> bytes:
    """Read an aiobotocore body on s3fs's event loop."""
    from fsspec.asyn import sync

    async def _read() -> bytes:
        async with stream:
            return await stream.read()

    return sync(fs.loop, _read)
