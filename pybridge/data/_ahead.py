"""Running a generator on a daemon thread, a bounded number of items ahead of its consumer:
the prefetch of ``DataSetIterator`` and the read-ahead of ``scan_csv`` (parsing releases the
GIL, so the next piece of a file is parsed while the current one is consumed)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["END", "ahead", "produce_into"]

END = object()


def _put(q: queue.Queue[Any], stop: threading.Event, item: Any) -> bool:
    while not stop.is_set():
        try:
            q.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


def produce_into(gen: Iterator[Any], q: queue.Queue[Any], stop: threading.Event) -> None:
    """A producer thread's body: ``gen``'s items, then :data:`END` (or the exception it
    raised) into ``q``, until ``stop`` is set. It holds only the queue and the stop flag, so
    a consumer that drops its end is collected, and its ``__del__`` can stop this."""
    try:
        for item in gen:
            if not _put(q, stop, item):
                return
        _put(q, stop, END)
    except BaseException as e:  # handed to the consumer, raised there
        _put(q, stop, e)
    finally:
        close = getattr(gen, "close", None)  # a generator's; a plain iterator has none
        if close is not None:
            close()


def ahead(gen: Iterator[Any], depth: int = 1, name: str = "pybridge-read-ahead") -> Iterator[Any]:
    """``gen``'s items, produced on a daemon thread at most ``depth`` items ahead.

    Closing this generator early stops the thread after its current item and waits for it,
    so whatever ``gen`` opened is closed by the time ``close()`` returns.

    >>> list(ahead(iter(range(5)), depth=2))
    [0, 1, 2, 3, 4]
    """
    q: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    thread = threading.Thread(target=produce_into, args=(gen, q, stop), daemon=True, name=name)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
