"""What the worker pool's forkserver imports before it forks any worker.

It loads the workers' code and the language model once (its big arrays then moved to shared
memory, flows/language_model.py), then freezes every object that made out of the garbage
collector's view: a forked worker shares those pages with the forkserver until it writes to
them, and a collection writes to every object it walks (its header holds the GC state), so
without the freeze each worker's first collections would copy the imports' pages for itself.
"""

from __future__ import annotations

import gc

import flows.workers  # noqa: F401 - imported for the forked workers
from flows.language_model import share_language_model
from flows.memory import release_memory
from transforms.parse.language import load_model

load_model()  # what each worker would otherwise load for itself, at its first page
share_language_model()
release_memory()  # the inflated copy of the mapped arrays
gc.freeze()
