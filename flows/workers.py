"""What a worker process of the nightly flow's pool runs: read a batch of landed files and
turn them into page tables. Kept light (no Prefect import): the pool's forkserver imports only
this (through flows/preload.py), so a fresh worker starts in moments."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from flows.memory import return_free_pages
from transforms.formats import file_limit
from transforms.limits import LIMITS, Limits
from transforms.pages import process_batch
from warehouse.landing import Landed, read_landed
from warehouse.storage import Store


def read_and_process(
    raw: str, batch: list[Landed], today: date, boilerplate, limits: Limits = LIMITS
) -> dict[str, pa.Table]:
    """One batch, end to end in the worker: reading here keeps the flow's process free for
    dedupe and writing while the workers take the next chunk. `read_landed` applies the same
    landing checks (path, size limit) wherever it runs."""
    return_free_pages()  # what the previous batch freed, once its tables were sent
    store = Store.open(raw)
    docs = (read_landed(store, item, file_limit(item.path, limits)) for item in batch)
    return process_batch(docs, today, boilerplate, limits)
