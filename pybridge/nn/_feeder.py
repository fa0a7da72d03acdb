"""The feeder thread of ``MultiLayerNetwork.fit(batches)``: it iterates the Python source and
converts each batch to a Java ``DataSet`` ahead of the trainer, into a bounded Java queue
(``org.pybridge.nn.QueuedDataSetIterator``), so the training loop takes ready batches without
calling back into Python (and waiting for the GIL) for every step."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import jpype
from jpype import JException

from .._errors import InvalidArgumentError

# Batches held ready in the Java queue when the source does not ask for more (a
# data.DataSetIterator's ``prefetch`` raises it).
DEFAULT_DEPTH = 4


def new_pass(source: Any) -> Any:
    """An iterator over one pass of ``source``; a ``data.DataSetIterator`` produces it on the
    iterating thread (the feeder), with no prefetch thread of its own, and may hand several
    consecutive batches over as one run (``batch.split`` rows each; the queue cuts it)."""
    here = getattr(source, "_pass_on_this_thread", None)
    return here(runs=True) if callable(here) else iter(source)


def one_shot_check(source: Any, epochs: int) -> Any:
    """The first pass's iterator; a one-shot iterator cannot serve several epochs."""
    it = new_pass(source)
    if epochs > 1 and it is source:
        raise InvalidArgumentError(
            "fit got a one-shot iterator of batches but epochs > 1: it would be empty after "
            "the first epoch. Pass a re-iterable (a list, or an object whose __iter__ "
            "starts a new pass), or call fit once per epoch.")
    return it


def queue_depth(source: Any) -> int:
    prefetch = getattr(source, "prefetch", None)
    if isinstance(prefetch, int) and not isinstance(prefetch, bool):
        return max(DEFAULT_DEPTH, prefetch)
    return DEFAULT_DEPTH


class Feeder:
    """Runs ``epochs`` passes over ``source`` on a daemon thread, putting ``convert(batch)``
    (a Java ``DataSet``) into :attr:`queue` and an end marker after each pass.

    An exception from the source or from ``convert`` is kept in :attr:`error` and sent down
    the queue as a failure marker, so the trainer throws at that point of the stream and
    ``fit`` re-raises the original exception. :meth:`close` stops the thread, closes the
    batches still queued, and joins it.
    """

    def __init__(self, queue_class: Any, source: Any, first: Any, epochs: int,
                 convert: Callable[[Any], Any], depth: int) -> None:
        self.queue = queue_class(depth)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run,
                                        args=(source, first, epochs, convert),
                                        name="pybridge-feeder", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def wait_s(self) -> float:
        """Seconds the Java trainer spent blocked waiting for batches."""
        return float(self.queue.waitSeconds())

    def _run(self, source: Any, it: Any, epochs: int, convert: Callable[[Any], Any]) -> None:
        q = self.queue
        try:
            passes = epochs
            epoch = 0
            while epoch < passes:
                if epoch:
                    it = new_pass(source)
                taken = 0
                try:
                    for batch in it:
                        # Java calls release the GIL: a put blocked on a full queue lets the
                        # trainer (and the rest of Python) run.
                        split = getattr(batch, "split", None)
                        java = convert(batch)
                        if not (q.put(java) if split is None else q.putSplit(java, split)):
                            return  # closed: training ended early
                        taken += 1
                finally:
                    close = getattr(it, "close", None)
                    if close is not None and it is not source:
                        close()
                if not q.endEpoch():
                    return
                if epoch == 0 and not taken:
                    # The trainer finds the first pass empty and resets before its first
                    # epoch, so every epoch then reads one pass further.
                    passes += 1
                epoch += 1
            q.finish()
        except BaseException as e:  # handed to the trainer through the queue, re-raised by fit
            self.error = e
            try:  # noqa: SIM105 - the queue may be closed already
                q.fail(f"The batch source failed: {type(e).__name__}: {e}")
            except JException:
                pass
        finally:
            _detach()

    def close(self) -> None:
        """Stops the feeder (if still running), releases queued batches and joins it."""
        self.queue.close()
        if self._thread.is_alive():
            self._thread.join()


def _detach() -> None:
    """Lets the JVM forget this thread before it ends."""
    with contextlib.suppress(Exception):  # best effort at thread exit
        jpype.java.lang.Thread.detach()
