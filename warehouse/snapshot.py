"""Snapshots: the one atomic switch that makes a run's files visible.

Data files are immutable and uniquely named. A snapshot lists the live files of every table;
``_snapshots/CURRENT`` names the live snapshot. Publishing writes new files, then a new snapshot,
then flips CURRENT with one atomic write. A crash before the flip leaves the old state (the new
files are orphans, removed by `garbage`); after it, the new state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from warehouse.storage import Store

SNAPSHOTS = "_snapshots"
CURRENT = f"{SNAPSHOTS}/CURRENT"


@dataclass(frozen=True)
class Snapshot:
    seq: int
    run_id: str | None
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> relative paths

    def table_files(self, table: str) -> tuple[str, ...]:
        return self.files.get(table, ())

    def all_files(self) -> set[str]:
        return {f for files in self.files.values() for f in files}

    def to_json(self) -> bytes:
        body = {
            "seq": self.seq,
            "run_id": self.run_id,
            "files": {t: list(f) for t, f in sorted(self.files.items())},
        }
        return json.dumps(body, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Snapshot:
        body = json.loads(data)
        return cls(body["seq"], body["run_id"], {t: tuple(f) for t, f in body["files"].items()})


EMPTY = Snapshot(0, None, {})


def snapshot_path(seq: int) -> str:
    return f"{SNAPSHOTS}/{seq:08d}.json"


def current(store: Store) -> Snapshot:
    if not store.exists(CURRENT):
        return EMPTY
    seq = int(store.read_bytes(CURRENT).decode().strip())
    return Snapshot.from_json(store.read_bytes(snapshot_path(seq)))


def commit(store: Store, snap: Snapshot) -> None:
    """Write `snap` and make it current (the flip is one atomic write)."""
    store.write_bytes_atomic(snapshot_path(snap.seq), snap.to_json())
    store.write_bytes_atomic(CURRENT, f"{snap.seq}\n".encode())


def garbage(store: Store, snap: Snapshot, keep_snapshots: int = 5) -> int:
    """Delete data files no snapshot we keep refers to; returns how many were removed."""
    seqs = sorted(
        int(p.rsplit("/", 1)[1].split(".")[0]) for p in store.find(SNAPSHOTS) if p.endswith(".json")
    )
    kept = [s for s in seqs if s <= snap.seq][-keep_snapshots:]
    live = set(snap.all_files())
    for s in kept:
        live |= Snapshot.from_json(store.read_bytes(snapshot_path(s))).all_files()
    stale_snaps = [snapshot_path(s) for s in seqs if s not in kept]
    stale_snaps += [p for p in store.find(SNAPSHOTS) if ".tmp-" in p]  # a killed write's
    orphans = [p for p in store.find("tables") if p not in live]
    store.delete(orphans + stale_snaps)
    return len(orphans)
