"""Training callbacks (Keras-style) and the bridge that feeds them events from the JVM.

Java's ``MultiLayerNetwork`` calls a ``TrainingListener``; a Java ``EventRelay`` sums the loss
of every step and passes epoch events to a JPype proxy that drives the Python callbacks and the
progress bar, on the training thread. Steps reach Python only when a callback overrides
``on_batch_end``; otherwise the bar gets a summary a few times a second, because a call into
Python after every step costs as much as a small network's step.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from jpype import JImplements, JOverride

__all__ = ["Callback", "ListenerBridge"]


class Callback:
    """Base class of training callbacks: override the events you need.

    ``epoch`` counts from 0 over the network's whole life (a resumed network continues its
    count); ``iteration`` is the 0-based number of the training step; ``logs`` at the end of an
    epoch holds ``loss`` (the epoch's mean training loss), ``val_loss`` (with validation data)
    and ``examples_per_second``::

        >>> from pybridge import nn
        >>> class Losses(nn.Callback):
        ...     def __init__(self):
        ...         self.losses = []
        ...     def on_batch_end(self, iteration, epoch, loss):
        ...         self.losses.append(loss)
    """

    model: Any = None

    def set_model(self, model: Any) -> None:
        self.model = model

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Before the first epoch of a ``fit`` call."""

    def on_epoch_begin(self, epoch: int) -> None:
        """Before the first step of an epoch."""

    def on_batch_end(self, iteration: int, epoch: int, loss: float) -> None:
        """After each training step, with the step's loss (regularisation included)."""

    def on_epoch_end(self, epoch: int, logs: dict[str, Any]) -> None:
        """After an epoch (and its validation)."""

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        """After the last epoch of a ``fit`` call."""


# Least time between two progress summaries when steps are not relayed one by one.
_PROGRESS_MS = 100


@JImplements("org.pybridge.nn.TrainingListener", "org.pybridge.nn.internal.EventRelay$Progress",
             deferred=True)
class ListenerBridge:
    """Receives the JVM's training events, keeps the history, drives callbacks and the bar.

    An exception raised by a callback is kept in :attr:`error` (and re-raised by ``fit``
    unchanged) rather than lost inside a Java stack.
    """

    def __init__(self, callbacks: list[Callback], verbose: int, epochs: int,
                 examples: int | None) -> None:
        self.callbacks = callbacks
        self.verbose = verbose
        self.epochs = epochs
        self.examples = examples
        self.history: dict[str, list[float]] = {"loss": []}
        self.error: BaseException | None = None
        self._bar: Any = None
        self._done = 0
        self._sum = 0.0
        self._count = 0
        self._start = 0.0
        self._shown = 0.0
        self._val: float | None = None
        self._first_epoch: int | None = None
        self._relay: Any = None

    def relay(self, relay_class: Any) -> Any:
        """The Java listener to register: an ``EventRelay`` in front of this bridge, relaying
        steps only when a callback overrides ``on_batch_end``."""
        every_step = any(type(c).on_batch_end is not Callback.on_batch_end
                         for c in self.callbacks)
        self._relay = relay_class(self, every_step, self if self.verbose else None,
                                  _PROGRESS_MS)
        return self._relay

    def _guard(self, fn: Any, *args: Any) -> None:
        if self.error is not None:
            raise RuntimeError("training stopped by an earlier callback error")
        try:
            fn(*args)
        except BaseException as e:
            self.error = e
            raise

    @JOverride
    def onEpochStart(self, network: Any, epoch: int) -> None:
        self._guard(self._epoch_start, int(epoch))

    @JOverride
    def iterationDone(self, network: Any, iteration: int, epoch: int, score: float) -> None:
        self._guard(self._iteration, network, int(iteration), int(epoch), float(score))

    @JOverride
    def progress(self, examples: int, mean_loss: float) -> None:
        self._guard(self._progress, int(examples), float(mean_loss))

    @JOverride
    def onValidation(self, network: Any, epoch: int, score: float) -> None:
        self._val = float(score)

    @JOverride
    def onEpochEnd(self, network: Any, epoch: int) -> None:
        self._guard(self._epoch_end, int(epoch))

    def _epoch_start(self, epoch: int) -> None:
        if self._first_epoch is None:
            self._first_epoch = epoch
        self._sum, self._count, self._done, self._val = 0.0, 0, 0, None
        self._start = time.perf_counter()
        self._shown = 0.0
        if self.verbose:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=self.examples, unit=" examples", file=sys.stderr,
                             desc=f"Epoch {epoch - self._first_epoch + 1}/{self.epochs}",
                             leave=True, dynamic_ncols=True, smoothing=0)
        for c in self.callbacks:
            c.on_epoch_begin(epoch)

    def _iteration(self, network: Any, iteration: int, epoch: int, score: float) -> None:
        n = int(network.lastBatchSize())
        self._sum += score * n
        self._count += n
        bar = self._bar
        if bar is not None:
            bar.update(n)
            now = time.perf_counter()
            if now - self._shown > 0.2:  # formatting the postfix every step would cost more
                self._shown = now
                bar.set_postfix(loss=f"{self._sum / self._count:.4f}", refresh=False)
        for c in self.callbacks:
            c.on_batch_end(iteration, epoch, score)

    def _progress(self, examples: int, mean_loss: float) -> None:
        if self._bar is not None:
            self._bar.update(examples)
            self._bar.set_postfix(loss=f"{mean_loss:.4f}", refresh=False)

    def _epoch_end(self, epoch: int) -> None:
        elapsed = max(time.perf_counter() - self._start, 1e-9)
        if self._relay is not None:  # the relay saw every step, relayed or not
            self._sum = float(self._relay.epochLoss()) * int(self._relay.epochExamples())
            self._count = int(self._relay.epochExamples())
        logs: dict[str, Any] = {"loss": self._sum / self._count if self._count else float("nan")}
        self.history["loss"].append(logs["loss"])
        if self._val is not None:
            logs["val_loss"] = self._val
            self.history.setdefault("val_loss", []).append(self._val)
        logs["examples_per_second"] = self._count / elapsed
        if self._bar is not None:
            post = {"loss": f"{logs['loss']:.4f}"}
            if "val_loss" in logs:
                post["val_loss"] = f"{logs['val_loss']:.4f}"
            self._bar.set_postfix(post)
            self._bar.close()
            self._bar = None
        for c in self.callbacks:
            c.on_epoch_end(epoch, logs)

    def close(self) -> None:
        """Closes a progress bar left open by an interrupted epoch."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
