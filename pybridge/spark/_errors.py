"""Java exceptions from Spark-facing (py4j) calls, surfaced as pybridge's Python exceptions.

A failed Spark job reaches the driver as a ``SparkException`` whose cause chain holds the
executor's exception; the most specific known exception of that chain decides the Python type
and message (an ``IllegalArgumentException`` about a column becomes ``InvalidArgumentError``
with the engine's message), and the whole Java trace stays on ``java_stacktrace``.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .._errors import _BY_JAVA_CLASS, PyBridgeError

__all__ = ["java_calls", "py4j_errors", "translate_py4j"]


def _throwable(error: BaseException) -> Any:
    """The py4j proxy of the Java exception behind a py4j or pyspark exception, or None."""
    from py4j.protocol import Py4JJavaError

    if isinstance(error, Py4JJavaError):
        return error.java_exception
    # pyspark's CapturedException (errors pyspark converted) keeps the Java throwable.
    origin = error.__dict__.get("_origin") if hasattr(error, "__dict__") else None
    if isinstance(origin, Py4JJavaError):
        return origin.java_exception
    return origin


def _python_class(throwable: Any) -> type[PyBridgeError] | None:
    k = throwable.getClass()
    while k is not None:
        found = _BY_JAVA_CLASS.get(str(k.getName()))
        if found is not None:
            return found
        k = k.getSuperclass()
    return None


def translate_py4j(error: BaseException) -> BaseException:
    """The pybridge exception for a Java exception from a py4j call (``error`` itself when it
    did not come from Java)."""
    throwable = _throwable(error)
    if throwable is None:
        return error
    chosen, chosen_cls = throwable, _python_class(throwable)
    cause, seen = throwable.getCause(), 0
    while cause is not None and seen < 20:
        cls = _python_class(cause)
        if cls is not None:
            chosen, chosen_cls = cause, cls
        cause, seen = cause.getCause(), seen + 1
    name = str(chosen.getClass().getName())
    raw = chosen.getMessage()
    message = str(raw) if raw is not None else ""
    if chosen_cls is None or not message:
        chosen_cls = chosen_cls or PyBridgeError
        message = f"{name}: {message}" if message else name
    result = chosen_cls(message)
    result.java_class = name
    result.java_exception = throwable
    with contextlib.suppress(Exception):  # the trace is a convenience, never hides the error
        from pyspark import SparkContext

        utils = SparkContext._jvm.org.apache.spark.util.Utils
        result.java_stacktrace = str(utils.exceptionString(throwable))
    return result


@contextlib.contextmanager
def py4j_errors() -> Iterator[None]:
    """Re-raises Java exceptions of the calls in the block as pybridge exceptions."""
    from py4j.protocol import Py4JJavaError

    try:
        yield
    except Py4JJavaError as e:
        raise translate_py4j(e) from None
    except Exception as e:
        if _throwable(e) is None:
            raise
        raise translate_py4j(e) from None


F = TypeVar("F", bound=Callable[..., Any])


def java_calls(fn: F) -> F:
    """Decorates a function whose py4j calls may throw in Java (see :func:`py4j_errors`)."""

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        with py4j_errors():
            return fn(*args, **kwargs)

    return call  # type: ignore[return-value]
