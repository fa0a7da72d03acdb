"""Reused buffers for ``predict`` on a few examples: one JVM call that creates no object.

Every object a JVM call creates or returns costs Python microseconds (a proxy, a global
reference, later its release); for one MNIST row that was a third of the call. So a network
keeps numpy input and output buffers, lent to the JVM once, in small pools by batch size: a
prediction takes a pair, copies the examples in, calls ``output(in, out)`` (which returns
nothing), copies the result out and gives the pair back. Concurrent callers take different
pairs; the pools keep at most a few idle pairs for a few batch sizes.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from .._bridge import wrap_numpy

_MAX_IDLE = 4  # idle pairs kept per batch size
_MAX_SIZES = 8  # batch sizes with idle pairs

Entry = tuple[np.ndarray, np.ndarray, Any, Any]  # x, y and their Java views


class SmallBuffers:
    """Pools of (input, output) buffer pairs of one network, by number of examples."""

    def __init__(self, dtype: np.dtype[Any], in_shape: tuple[int, ...],
                 out_shape: tuple[int, ...]) -> None:
        self.dtype, self.in_shape, self.out_shape = dtype, in_shape, out_shape
        self._pools: dict[int, list[Entry]] = {}
        self._lock = threading.Lock()
        self._closed = False

    def take(self, rows: int) -> Entry:
        """A pair for ``rows`` examples, idle or new; give it back with :meth:`give`."""
        pool = self._pools.get(rows)
        if pool:
            try:
                return pool.pop()  # atomic: two threads never get the same pair
            except IndexError:
                pass
        x = np.empty((rows, *self.in_shape), self.dtype)
        y = np.empty((rows, *self.out_shape), self.dtype)
        return x, y, wrap_numpy(x, "input buffer"), wrap_numpy(y, "output buffer")

    def give(self, rows: int, entry: Entry) -> None:
        with self._lock:
            pool = self._pools.get(rows)
            if pool is None and not self._closed:
                if len(self._pools) >= _MAX_SIZES:
                    _, idle = self._pools.popitem()
                    _drain(idle)
                pool = self._pools[rows] = []
            if pool is not None and len(pool) < _MAX_IDLE and not self._closed:
                pool.append(entry)
                return
        _release(entry)

    def close(self) -> None:
        """Releases the idle pairs now and those in use when they come back."""
        with self._lock:
            self._closed = True
            pools, self._pools = self._pools, {}
        for idle in pools.values():
            _drain(idle)


def _drain(pool: list[Entry]) -> None:
    """Releases the pairs of ``pool`` one ``pop`` at a time, so a pair that a concurrent
    :meth:`SmallBuffers.take` still got from this list is never released under it."""
    while True:
        try:
            entry = pool.pop()
        except IndexError:
            return
        _release(entry)


def _release(entry: Entry) -> None:
    entry[2].close()
    entry[3].close()
