"""One writer at a time: an exclusive lock file in the warehouse root.

The lock records who holds it (host, pid, run id). A lock whose holder is a dead process on
this host is stale and is broken; a live holder makes a second run wait, then refuse clearly.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass

from warehouse.storage import Store

LOCK = "_lock"


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse."""


@dataclass
class Lock:
    store: Store
    run_id: str
    wait_seconds: float = 0.0

    def _holder(self) -> dict | None:
        try:
            return json.loads(self.store.read_bytes(LOCK))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def _stale(self, holder: dict | None) -> bool:
        if holder is None:
            return True  # unreadable: a writer died mid-write
        if holder.get("host") != socket.gethostname():
            return False
        try:
            os.kill(int(holder["pid"]), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, ValueError, KeyError):
            return False
        return False

    def _try_create(self) -> bool:
        body = json.dumps(
            {
                "run_id": self.run_id,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": time.time(),
            }
        ).encode()
        if self.store.is_local:
            self.store.makedirs("")
            try:
                fd = os.open(self.store.path(LOCK), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                return False
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            return True
        if self.store.exists(LOCK):
            return False
        self.store.write_bytes_atomic(LOCK, body)
        return self._holder() is not None and self._holder().get("run_id") == self.run_id

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait_seconds
        while True:
            if self._try_create():
                return
            holder = self._holder()
            if self._stale(holder):
                self.store.delete([LOCK])
                continue
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"warehouse {self.store.url} is locked by run {holder.get('run_id')} "
                    f"(pid {holder.get('pid')} on {holder.get('host')}); try again when it ends"
                )
            time.sleep(0.5)

    def release(self) -> None:
        holder = self._holder()
        if holder and holder.get("run_id") == self.run_id:
            self.store.delete([LOCK])

    def __enter__(self) -> Lock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
