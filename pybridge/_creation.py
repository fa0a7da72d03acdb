"""Making tensors: from numpy (zero-copy), from Python data (copy), and filled ones."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ._bridge import numpy_view, wrap_numpy
from ._dtypes import default_float, is_supported, java_dtype, normalize, unsupported
from ._errors import InvalidArgumentError, java_errors
from ._jvm import J, ensure_started
from ._tensor import NDArray, wrap

__all__ = [
    "arange", "array", "asarray", "empty", "empty_like", "eye", "from_numpy", "full",
    "full_like", "identity", "linspace", "ones", "ones_like", "zeros", "zeros_like",
]  # fmt: skip


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        return (operator.index(shape),)
    try:
        dims = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise InvalidArgumentError(
            f"shape must be an int or a tuple of ints, got {shape!r}."
        ) from None
    for d in dims:
        if d < 0:
            raise InvalidArgumentError(
                f"negative dimensions are not allowed: shape {dims}."
            )
    return dims


@java_errors
def from_numpy(a: Any) -> NDArray:
    """A tensor sharing the memory of numpy array ``a`` (no copy, any strides).

    Writes through either side show on the other; the tensor keeps ``a``'s memory alive.
    Read-only arrays give read-only tensors. Other array-likes go through ``np.asarray``
    first (which copies a list, for example).

    >>> a = np.arange(6, dtype=np.float32).reshape(2, 3)
    >>> t = pb.from_numpy(a)
    >>> t[0, 0] = 7; a[0, 0]
    np.float32(7.0)
    """
    if isinstance(a, NDArray):
        return a
    if not isinstance(a, np.ndarray):
        a = np.asarray(a)
    ensure_started()
    return wrap(wrap_numpy(a))


def _numpy_source(obj: Any, dt: np.dtype[Any] | None) -> np.ndarray:
    try:
        src = np.asarray(obj, dtype=dt)
    except (ValueError, TypeError) as e:
        raise InvalidArgumentError(
            f"Cannot make a tensor from {type(obj).__name__} {_short(obj)}: {e}. Pass "
            f"numbers, (nested) lists of equal length, or a numpy array."
        ) from None
    if not is_supported(src.dtype):
        raise unsupported(src.dtype, "data of dtype")
    return src


def _short(obj: Any) -> str:
    text = repr(obj)
    return text if len(text) <= 60 else text[:57] + "..."


def array_java(obj: Any, dtype: Any = None) -> Any:
    """A new Java tensor holding a copy of ``obj``."""
    dt = None if dtype is None else normalize(dtype)
    if isinstance(obj, NDArray):
        if dt is None or dt == obj.dtype:
            return obj._j.dup()
        return obj._j.cast(java_dtype(dt))
    src = _numpy_source(obj, dt)
    ensure_started()
    out = J.NDArray.empty(java_dtype(src.dtype), *src.shape)
    if src.size:
        strides = _c_strides(src.shape, src.dtype.itemsize)
        np.copyto(numpy_view(out, src.shape, src.dtype, strides), src, casting="unsafe")
    return out


def _c_strides(shape: tuple[int, ...], item: int) -> tuple[int, ...]:
    strides = []
    step = item
    for d in reversed(shape):
        strides.append(step)
        step *= max(d, 1)
    return tuple(reversed(strides))


@java_errors
def array(obj: Any, dtype: Any = None) -> NDArray:
    """A new tensor holding a copy of ``obj`` (numbers, nested lists, numpy or pb arrays).

    Without ``dtype`` the type is numpy's choice (Python floats give float64, ints int64).

    >>> pb.array([[1, 2], [3, 4]], dtype="float32").shape
    (2, 2)
    """
    return wrap(array_java(obj, dtype))


@java_errors
def asarray(obj: Any, dtype: Any = None) -> NDArray:
    """``obj`` as a tensor without copying when possible (NDArray, numpy array of a supported
    dtype), else a copy like :func:`array`.

    >>> a = np.ones(3, dtype=np.float32)
    >>> np.shares_memory(pb.asarray(a).numpy(), a)
    True
    """
    if isinstance(obj, NDArray):
        return obj if dtype is None else obj.astype(dtype, copy=False)
    if (
        isinstance(obj, np.ndarray)
        and is_supported(obj.dtype)
        and (dtype is None or normalize(dtype) == obj.dtype)
    ):
        ensure_started()
        return wrap(wrap_numpy(obj))
    return wrap(array_java(obj, dtype))


def _java_dtype(dtype: Any) -> Any:
    return java_dtype(normalize(dtype))


@java_errors
def empty(shape: Any, dtype: Any = "float32") -> NDArray:
    """A new tensor with uninitialised contents (fast; fill it before reading)."""
    jt = _java_dtype(dtype)
    return wrap(J.NDArray.empty(jt, *_shape(shape)))


@java_errors
def zeros(shape: Any, dtype: Any = "float32") -> NDArray:
    """A new tensor of zeros (float32 unless ``dtype`` says otherwise).

    >>> pb.zeros((2, 3)).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    jt = _java_dtype(dtype)
    return wrap(J.NDArray.zeros(jt, *_shape(shape)))


@java_errors
def ones(shape: Any, dtype: Any = "float32") -> NDArray:
    """A new tensor of ones (float32 unless ``dtype`` says otherwise)."""
    jt = _java_dtype(dtype)
    return wrap(J.NDArray.ones(jt, *_shape(shape)))


def _fill_dtype(fill_value: Any) -> np.dtype[Any]:
    if isinstance(fill_value, (bool, np.bool_)):
        return np.dtype(bool)
    if isinstance(fill_value, (int, np.integer)):
        return np.dtype(np.int64)
    if isinstance(fill_value, np.generic) and is_supported(fill_value.dtype):
        return fill_value.dtype
    return default_float


@java_errors
def full(shape: Any, fill_value: Any, dtype: Any = None) -> NDArray:
    """A new tensor with every element ``fill_value``.

    Without ``dtype``: bool for a bool, int64 for an int, float32 for a float.

    >>> pb.full((2,), 7).tolist()
    [7, 7]
    """
    dt = _fill_dtype(fill_value) if dtype is None else normalize(dtype)
    dims = _shape(shape)
    if isinstance(fill_value, (NDArray, np.ndarray, list, tuple)):
        out = empty(dims, dt)
        out[...] = fill_value
        return out
    if isinstance(fill_value, (int, np.integer)) and abs(int(fill_value)) > 2**53:
        out = empty(dims, dt)
        out[...] = np.asarray(fill_value, dtype=dt)
        return out
    return wrap(J.NDArray.full(java_dtype(dt), float(fill_value), *dims))


def _like(a: Any, dtype: Any, shape: Any) -> tuple[tuple[int, ...], np.dtype[Any]]:
    if shape is None:
        shape = a.shape if isinstance(a, (NDArray, np.ndarray)) else np.shape(a)
    if dtype is None:
        dt = a.dtype if isinstance(a, (NDArray, np.ndarray)) else np.asarray(a).dtype
        if not is_supported(dt):
            raise unsupported(dt)
        return _shape(shape), dt
    return _shape(shape), normalize(dtype)


def zeros_like(a: Any, dtype: Any = None, shape: Any = None) -> NDArray:
    """Zeros with the shape and dtype of ``a`` (a tensor, numpy array or nested list)."""
    s, dt = _like(a, dtype, shape)
    return zeros(s, dt)


def ones_like(a: Any, dtype: Any = None, shape: Any = None) -> NDArray:
    """Ones with the shape and dtype of ``a``."""
    s, dt = _like(a, dtype, shape)
    return ones(s, dt)


def empty_like(a: Any, dtype: Any = None, shape: Any = None) -> NDArray:
    """An uninitialised tensor with the shape and dtype of ``a``."""
    s, dt = _like(a, dtype, shape)
    return empty(s, dt)


def full_like(a: Any, fill_value: Any, dtype: Any = None, shape: Any = None) -> NDArray:
    """``fill_value`` everywhere, with the shape and dtype of ``a``."""
    s, dt = _like(a, dtype, shape)
    return full(s, fill_value, dt)


@java_errors
def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> NDArray:
    """Evenly spaced values in ``[start, stop)`` (numpy's arange).

    Without ``dtype``: int64 when every argument is an int, else float64.

    >>> pb.arange(5).tolist()
    [0, 1, 2, 3, 4]
    >>> pb.arange(1, 2, 0.25, dtype="float32").tolist()
    [1.0, 1.25, 1.5, 1.75]
    """
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise InvalidArgumentError("arange step must be non-zero, got 0.")
    if dtype is None:
        integral = all(isinstance(v, (int, np.integer)) for v in (start, stop, step))
        dt = np.dtype(np.int64) if integral else np.dtype(np.float64)
    else:
        dt = normalize(dtype)
    ensure_started()
    return wrap(J.NDArray.arange(float(start), float(stop), float(step), java_dtype(dt)))


def linspace(start: float, stop: float, num: int = 50, endpoint: bool = True,
             dtype: Any = None) -> NDArray:
    """``num`` evenly spaced values from ``start`` to ``stop`` (numpy's linspace, float64)."""
    values = np.linspace(start, stop, num, endpoint=endpoint)
    return array(values, dtype)


@java_errors
def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = "float32") -> NDArray:
    """A 2-D tensor with ones on diagonal ``k`` and zeros elsewhere.

    >>> pb.eye(2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    rows = operator.index(N)
    cols = rows if M is None else operator.index(M)
    k = operator.index(k)
    out = zeros((rows, cols), dtype)
    length = max(0, min(rows, cols - k) if k >= 0 else min(rows + k, cols))
    if length:
        offset = k if k >= 0 else -k * cols
        diagonal = out._j.asStrided([length], [cols + 1], offset)
        try:
            diagonal.fill(1.0)
        finally:
            diagonal.close()
    return out


def identity(n: int, dtype: Any = "float32") -> NDArray:
    """The ``n`` x ``n`` identity matrix."""
    return eye(n, dtype=dtype)

