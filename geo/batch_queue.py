"""A bounded queue for the API's batches: a few run, a few wait their turn, the rest are told when to come back.

Batches share the process's cores. Run all at once and every one of twenty finishes together,
after twenty times one's time (a client with a 60 s timeout then loses them all); run them
`workers` at a time, in the order they came, and the k-th finishes after about k times one's
time. Past `waiting` queued, a batch is refused at once (429 with Retry-After), before its body
is read. Threads, not asyncio: a batch runs in a worker thread, and waits for its turn there.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from types import TracebackType

__all__ = ["BatchQueue", "Ticket"]


class BatchQueue:
    def __init__(self, workers: int | None = None, waiting: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        if waiting is None:
            waiting = int(os.environ.get("COVERAGE_ATLAS_BATCH_QUEUE", "") or 4 * self.workers)
        self.waiting = waiting
        self._lock = threading.Lock()
        self._admitted = self._running = 0
        self._waiting: deque[threading.Event] = deque()  # in the order they came
        self._recent = deque([5.0], maxlen=20)  # seconds a batch took (a first guess before any ran)

    def admit(self) -> Ticket | None:
        """A place in the queue, or None when it is full."""
        with self._lock:
            if self._admitted >= self.workers + self.waiting:
                return None
            self._admitted += 1
            return Ticket(self)

    def retry_after(self) -> int:
        """Seconds until a place is likely free: the queue ahead, at the recent pace."""
        with self._lock:
            ahead = max(self._admitted - self.workers + 1, 1)
            pace = sum(self._recent) / len(self._recent)
        return max(1, math.ceil(pace * ahead / self.workers))

    def _take_turn(self) -> None:
        with self._lock:
            if self._running < self.workers and not self._waiting:
                self._running += 1
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # the batch ending before hands its turn over: first come, first served

    def _end_turn(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._running -= 1

    def _leave(self, seconds: float | None) -> None:
        with self._lock:
            self._admitted -= 1
            if seconds is not None:
                self._recent.append(seconds)


class Ticket:
    """A place in the queue. `with ticket:` waits for a turn and runs; `close()` gives the place up."""

    def __init__(self, queue: BatchQueue) -> None:
        self._queue, self._open, self._started = queue, True, 0.0

    def __enter__(self) -> Ticket:
        self._queue._take_turn()
        self._started = time.monotonic()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._queue._end_turn()
        self._open = False
        self._queue._leave(time.monotonic() - self._started)

    def close(self) -> None:
        """Give the place up if it was never used (the upload failed before its turn)."""
        if self._open:
            self._open = False
            self._queue._leave(None)
