"""Rows a night of many chunks holds back: those that would rewrite stored files.

A chunk's rows with new keys are written at once. Rows that change stored rows (an article
seen again, the names it mentions) would rewrite the file holding them, and chunk after chunk
touches the same few files (a month of articles), so each would be rewritten once per chunk.
Held, they are written once, at the night's end, or sooner when they outgrow `HOLD_BYTES`.
Rows that repeat a stored row as it is are held too (and dropped at the end if they still
do): one chunk may change a row and a later one put it back.
The merge rules (first, last, sum, min, max; nulls keep the stored value) are associative, so
the tables come out the same as if every chunk had written its own.

Only tables whose current rows no later chunk looks up are held: the ledger, versions,
duplicates, loss figures and the near-duplicate index are read back by the next chunk's
dedupe and checks. Of `articles` a chunk reads which ids exist (new ones are written at once),
their published_date (which a stored article keeps) and, for the volume checks, articles per
source and capture day: there a held update (a stored article's newer capture) counts only
from the night's end, so a later chunk's history lacks the few articles seen again before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyarrow as pa

HELD_TABLES = ("articles", "quotes", "entities", "related_links", "live_updates", "authors")
HOLD_BYTES = 64 << 20  # write what is held with the chunk that takes it past this


@dataclass
class Held:
    parts: dict[str, list[pa.Table]] = field(default_factory=dict)
    nbytes: int = 0

    def add(self, tables: Mapping[str, pa.Table]) -> None:
        for name, rows in tables.items():
            self.parts.setdefault(name, []).append(rows)
            self.nbytes += rows.nbytes

    def full(self) -> bool:
        return self.nbytes > HOLD_BYTES

    def take(self) -> dict[str, pa.Table]:
        """Everything held, per table in the order the chunks gave it; then empty."""
        out = {name: pa.concat_tables(parts) for name, parts in self.parts.items()}
        self.parts, self.nbytes = {}, 0
        return out

    def __bool__(self) -> bool:
        return bool(self.parts)
