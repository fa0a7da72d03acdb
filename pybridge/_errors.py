"""Python exceptions for engine errors, and the one place Java exceptions are translated.

Every call into Java goes through :func:`java_errors` (a decorator) or :func:`translate`
(for hand-written ``try``/``except`` on hot paths). The success path costs nothing extra: a
``try`` block is free in CPython 3.11+, and translation only runs when Java threw.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from jpype import JException

__all__ = [
    "ClosedTensorError",
    "DTypeError",
    "InvalidArgumentError",
    "JVMError",
    "PyBridgeError",
    "ReadOnlyError",
    "ShapeError",
    "TensorIndexError",
    "TensorMemoryError",
    "java_errors",
    "translate",
]


class PyBridgeError(Exception):
    """Base class of every pybridge error.

    Errors raised by the engine in Java carry the Java side too::

        try:
            pb.ones((2, 3)) + pb.ones((4,))
        except pb.PyBridgeError as e:
            print(e)                   # the Java message
            print(e.java_class)        # 'org.pybridge.tensor.ShapeException'
            print(e.java_stacktrace)   # the full Java stack trace, as text

    Attributes:
        java_class: fully qualified name of the Java exception class, or None when the error
            was detected in Python.
        java_stacktrace: the Java stack trace (with causes) as one string, or None.
        java_exception: the Java exception object itself, or None.
    """

    java_class: str | None = None
    java_stacktrace: str | None = None
    java_exception: Any = None


class ShapeError(PyBridgeError, ValueError):
    """Shapes that do not fit together (broadcasting, reshape, matmul, concatenation...)."""


class ClosedTensorError(PyBridgeError, RuntimeError):
    """A tensor was used after ``close()`` or after the scope that owned it ended."""


class TensorMemoryError(PyBridgeError, MemoryError):
    """An allocation would pass the off-heap limit, or the machine is out of memory."""


class DTypeError(PyBridgeError, TypeError):
    """A data type the engine does not support, or an operation a dtype does not allow."""


class ReadOnlyError(PyBridgeError, ValueError):
    """A write to a read-only tensor (for example one wrapping a read-only numpy array)."""


class TensorIndexError(PyBridgeError, IndexError):
    """An index outside a tensor's bounds, or an index of a kind that cannot be used."""


class InvalidArgumentError(PyBridgeError, ValueError):
    """An argument with a value the operation cannot accept."""


class JVMError(PyBridgeError, RuntimeError):
    """The JVM cannot be found, started, or was started in a way pybridge cannot use."""


# Java class name -> Python class. Subclasses of these Java classes map to the same Python
# class (the hierarchy is walked), e.g. ArrayIndexOutOfBoundsException -> TensorIndexError.
_BY_JAVA_CLASS: dict[str, type[PyBridgeError]] = {
    "org.pybridge.tensor.ShapeException": ShapeError,
    "org.pybridge.tensor.ClosedTensorException": ClosedTensorError,
    "org.pybridge.tensor.TensorOutOfMemoryException": TensorMemoryError,
    "org.pybridge.tensor.DataTypeException": DTypeError,
    "org.pybridge.tensor.ReadOnlyTensorException": ReadOnlyError,
    "java.lang.IndexOutOfBoundsException": TensorIndexError,
    "java.lang.IllegalArgumentException": InvalidArgumentError,
    "java.lang.OutOfMemoryError": TensorMemoryError,
    "org.pybridge.tensor.PyBridgeException": PyBridgeError,
}


def translate(error: JException) -> PyBridgeError:
    """The Python exception for a Java exception (to be raised ``from None`` by the caller)."""
    java_cls = type(error).class_
    name = str(java_cls.getName())
    py_cls: type[PyBridgeError] | None = None
    k = java_cls
    while k is not None and py_cls is None:
        py_cls = _BY_JAVA_CLASS.get(str(k.getName()))
        k = k.getSuperclass()
    raw = error.getMessage()
    message = str(raw) if raw is not None else ""
    if py_cls is None or not message:
        # Engine messages are written for Python users; for anything else (a bug, a
        # NullPointerException...) the Java class name is part of what the user needs.
        py_cls = py_cls or PyBridgeError
        message = f"{name}: {message}" if message else name
    result = py_cls(message)
    result.java_class = name
    result.java_exception = error
    try:
        result.java_stacktrace = str(error.stacktrace())
    except Exception:  # the trace is a convenience; never hide the real error behind it
        result.java_stacktrace = None
    return result


F = TypeVar("F", bound=Callable[..., Any])


def java_errors(fn: F) -> F:
    """Decorates a function that calls Java so Java exceptions surface as PyBridgeError."""

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except JException as e:
            raise translate(e) from None

    return call  # type: ignore[return-value]
