"""Giving memory back to the system after a large piece of work (an import), so that the work that
follows in the same process (the KPI refresh after ``cchc dossiers import``, the worker's next job) starts
from the process's usual size rather than from the peak (issue 10: an import, with what follows it, stays
within 500 MB).

CPython frees an object's memory to its allocator as soon as the object goes, but the C allocator (glibc)
keeps freed pages in its heaps for reuse: after importing 200,000 dossiers the process still held 361 MiB,
of which ``malloc_trim`` gave 135 MiB back (docs/benchmarks.md, "Hostile files").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def release_memory() -> None:
    """Collect the unreachable cycles, then return the C allocator's free pages to the system (glibc's
    ``malloc_trim``; elsewhere only the collection)."""
    gc.collect()
    libc = _libc()
    trim = getattr(libc, "malloc_trim", None) if libc is not None else None
    if trim is not None:
        trim(0)
