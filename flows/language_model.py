"""py3langid's model in shared memory, for the pool's forkserver and the workers it forks.

py3langid inflates its model into each process's own memory: ~65 MB of arrays (a float16
table of feature weights and a byte-level DFA). Inflated in the forkserver, those pages were
shared with every worker yet counted in full in each one's resident size, read or not. Copied
into a memory file (memfd) and mapped, they are one shared copy that a forked worker maps
without copying its page table: each process counts only the pages it reads (~15 MB after
20k pages of text). A file on disk would do the same in principle, but the page cache maps
it in large folios, so a few lookups bring nearly all of it into a process's count.
"""

from __future__ import annotations

import mmap
import os

import numpy as np


def share_language_model() -> bool:
    """Point py3langid's loaded identifier at read-only views of its two big arrays in a
    memory file. False, with the model left as loaded, where there is no memfd (not Linux)."""
    from py3langid import langid

    ident = langid._get_identifier()  # noqa: SLF001 - py3langid's loaded model
    if isinstance(ident.tk_nextmove, memoryview):
        return True
    if not hasattr(os, "memfd_create"):
        return False
    ptc = np.ascontiguousarray(ident.nb_ptc)
    moves = ident.tk_nextmove  # array.array of DFA transitions
    offset = -(-ptc.nbytes // mmap.PAGESIZE) * mmap.PAGESIZE  # the DFA starts on a page
    fd = os.memfd_create("py3langid-model")
    try:
        # written through the descriptor, not the mapping: this process touches no page of it
        with os.fdopen(os.dup(fd), "wb") as f:
            f.write(ptc.data)
            f.write(b"\0" * (offset - ptc.nbytes))
            f.write(moves)
        shared = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)  # the mapping keeps the memory
    ident.nb_ptc = np.frombuffer(shared, dtype=ptc.dtype, count=ptc.size).reshape(ptc.shape)
    ident.tk_nextmove = memoryview(shared)[offset:].cast(moves.typecode)
    ident._full_model = (ident.nb_ptc, ident.nb_pc, ident.nb_classes)  # noqa: SLF001
    return True
