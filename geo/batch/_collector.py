"""Python's cycle collector paused while a batch answers its rows.

Answering 100,000 rows makes millions of small objects that die by reference counting and
form no cycles (a whole batch leaves a few hundred cyclic objects), yet each 700 allocations
start a collection that walks the young ones again: a quarter of a batch's time. Paused for
the answering only, and resumed when the last batch running in the process ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside; batches may overlap (threads of a server): the first pauses, the last resumes."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
