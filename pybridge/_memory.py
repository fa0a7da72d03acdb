"""Tensor lifetimes you can see: ``pb.scope()`` and ``pb.memory_info()``."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from ._errors import java_errors
from ._jvm import J

__all__ = ["memory_info", "scope", "unscope"]

# Java scopes are per thread, and so is this stack of the ones opened from Python. The count
# of open scopes over all threads lets the common case (no scope at all) skip the thread-local.
_local = threading.local()
_open_scopes = 0
_count_lock = threading.Lock()


def _stack() -> list[Any]:
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def unscope(handle: Any) -> Any:
    """Takes a Java tensor out of every open scope of this thread.

    Handles that back a numpy view or an Arrow buffer must outlive the scope they were made
    in: their Python owner closes them when the view is garbage collected.
    """
    return J.Scope.escape(handle)


class scope:  # noqa: N801 - used like a function: `with pb.scope():`
    """Releases every tensor created inside the ``with`` block when it ends.

    Tensors to keep are passed to :meth:`detach` (they move to the enclosing scope, or become
    unscoped). Wrappers of released tensors report ``closed == True``; numpy views taken inside
    stay valid. Scopes nest, and belong to the thread that opened them::

        with pb.scope() as s:
            x = pb.ones((1000, 1000))
            y = s.detach((x * 2).sum())
        x.closed    # True: its memory is already back
        y.item()    # 2000000.0
    """

    __slots__ = ("_java",)

    def __init__(self) -> None:
        self._java: Any = None

    @java_errors
    def __enter__(self) -> scope:
        global _open_scopes
        self._java = J.Scope.open()
        _stack().append(self._java)
        with _count_lock:
            _open_scopes += 1
        return self

    @java_errors
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _open_scopes
        stack = _stack()
        # Closing a scope also closes scopes opened inside it and left open.
        while stack:
            top = stack.pop()
            with _count_lock:
                _open_scopes -= 1
            if top is self._java:
                break
        self._java.close()

    @java_errors
    def detach(self, tensor: Any) -> Any:
        """Keeps ``tensor`` (or each tensor of a list/tuple/dict) alive past this scope."""
        if isinstance(tensor, (list, tuple)):
            for t in tensor:
                self.detach(t)
            return tensor
        if isinstance(tensor, dict):
            for t in tensor.values():
                self.detach(t)
            return tensor
        java = getattr(tensor, "_j", None)
        if java is None:
            raise TypeError(
                f"scope.detach expects a pybridge NDArray (or a list/tuple/dict of them), "
                f"got {type(tensor).__name__}."
            )
        if self._java is None:
            raise RuntimeError("scope.detach called outside the `with pb.scope()` block.")
        self._java.detach(java)
        return tensor

    def __len__(self) -> int:
        """Number of tensors this scope will release."""
        return 0 if self._java is None else int(self._java.size())


@java_errors
def memory_info() -> dict[str, int]:
    """Off-heap memory accounting of the engine.

    Returns a dict with ``used`` (bytes the engine allocated and has not freed), ``peak``,
    ``limit`` (bytes; set by ``pb.jvm.start(max_offheap=...)``), ``tensors`` (open tensor
    handles, views included) and ``external`` (bytes of numpy/Arrow memory wrapped without
    copying)::

        >>> import pybridge as pb
        >>> before = pb.memory_info()["used"]
        >>> with pb.scope():
        ...     _ = pb.zeros((256, 256))            # 256 KiB
        ...     pb.memory_info()["used"] - before >= 256 * 1024
        True
        >>> pb.memory_info()["used"] == before
        True
    """
    info = J.Memory.info()
    return {
        "used": int(info.used()),
        "peak": int(info.peak()),
        "limit": int(info.limit()),
        "tensors": int(info.tensors()),
        "external": int(info.external()),
    }
