"""The API's batch queue with real threads: a few at a time, in the order they came, the rest refused."""

from __future__ import annotations

import threading
import time

import pytest

from geo.batch_queue import BatchQueue


@pytest.mark.parametrize("workers", [1, 2])
def test_batches_run_workers_at_a_time_in_the_order_they_came(workers):
    queue = BatchQueue(workers=workers, waiting=8 - workers)
    running, most, order, lock = 0, 0, [], threading.Lock()
    release = threading.Event()

    def batch(number: int) -> None:
        nonlocal running, most
        ticket = queue.admit()
        assert ticket is not None
        with ticket:
            with lock:
                running += 1
                most = max(most, running)
                order.append(number)
            release.wait(10)
            time.sleep(0.01)  # one ends a little after another
            with lock:
                running -= 1

    threads = []
    for number in range(8):
        threads.append(threading.Thread(target=batch, args=(number,)))
        threads[-1].start()
        time.sleep(0.05)  # each arrives after the one before (an ordering, not a timing, condition)
    assert queue.admit() is None  # running + waiting: full
    release.set()
    for thread in threads:
        thread.join(20)
    assert most == workers and sorted(order) == list(range(8))
    if workers == 1:  # handed over one by one: exactly the order they came
        assert order == list(range(8))
    assert queue.admit() is not None  # every place given back


def test_retry_after_grows_with_the_queue_ahead():
    queue = BatchQueue(workers=1, waiting=5)
    first = queue.retry_after()
    tickets = [queue.admit() for _ in range(4)]
    assert queue.retry_after() > first >= 1
    for ticket in tickets:
        ticket.close()
    assert queue.retry_after() == first


def test_a_ticket_closed_after_its_turn_is_not_given_back_twice():
    queue = BatchQueue(workers=1, waiting=0)
    ticket = queue.admit()
    with ticket:
        pass
    ticket.close()
    assert queue.admit() is not None and queue.admit() is None
