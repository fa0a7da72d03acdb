"""Joining, splitting, padding, gathering, scattering and sorting tensors.

Thin wrappers over the Java ``org.pybridge.tensor.NDArrays`` utilities with numpy's argument
conventions (negative indices, ``axis=None`` meaning "flattened", pad widths per axis...).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
from jpype import JArray, JLong

from ._bridge import wrap_numpy
from ._creation import asarray
from ._dtypes import java_dtype, normalize
from ._errors import InvalidArgumentError, java_errors
from ._indexing import index_array
from ._jvm import J, ensure_started
from ._tensor import NDArray, wrap

__all__ = [
    "argsort", "concat", "concatenate", "one_hot", "pad", "put", "scatter_add", "sort", "split",
    "stack", "take", "take_along_axis", "tile", "topk",
]  # fmt: skip


def _axis(axis: Any, ndim: int) -> int:
    ax = operator.index(axis)
    if not -ndim <= ax < ndim:
        raise InvalidArgumentError(
            f"axis {axis} is out of range for an array of {ndim} dimensions "
            f"(valid: {-ndim} to {ndim - 1})."
        )
    return ax % ndim


def _tensors(arrays: Any, what: str) -> list[NDArray]:
    if isinstance(arrays, (NDArray, np.ndarray)):
        raise InvalidArgumentError(
            f"{what} expects a sequence of arrays, e.g. {what}([a, b]), got one array."
        )
    ensure_started()
    tensors = [asarray(a) for a in arrays]
    if not tensors:
        raise InvalidArgumentError(f"{what} needs at least one array, got none.")
    return tensors


def _java_list(tensors: list[NDArray]) -> Any:
    return J.NDArray_array([t._j for t in tensors])


@java_errors
def concatenate(arrays: Sequence[Any], axis: int = 0) -> NDArray:
    """Joins arrays along an existing axis (numpy's concatenate).

    >>> pb.concatenate([pb.zeros((1, 2)), pb.ones((2, 2))]).shape
    (3, 2)
    """
    tensors = _tensors(arrays, "concatenate")
    return wrap(J.NDArrays.concat(operator.index(axis), _java_list(tensors)))


concat = concatenate


@java_errors
def stack(arrays: Sequence[Any], axis: int = 0) -> NDArray:
    """Joins arrays of one shape along a new axis.

    >>> pb.stack([pb.zeros(3), pb.ones(3)], axis=1).shape
    (3, 2)
    """
    tensors = _tensors(arrays, "stack")
    return wrap(J.NDArrays.stack(operator.index(axis), _java_list(tensors)))


@java_errors
def split(a: Any, indices_or_sections: Any, axis: int = 0) -> list[NDArray]:
    """Splits into equal sections (an int) or at the given indices (a sequence), like numpy.

    >>> [p.shape for p in pb.split(pb.arange(6), 3)]
    [(2,), (2,), (2,)]
    >>> [p.shape for p in pb.split(pb.arange(6), [1, 4])]
    [(1,), (3,), (2,)]
    """
    t = asarray(a)
    ax = operator.index(axis)
    if isinstance(indices_or_sections, (int, np.integer)):
        parts = J.NDArrays.split(t._j, int(indices_or_sections), ax)
    else:
        indices = J.long_array([operator.index(i) for i in indices_or_sections])
        parts = J.NDArrays.split(t._j, indices, ax)
    return [wrap(p) for p in parts]


@java_errors
def tile(a: Any, reps: Any) -> NDArray:
    """Repeats ``a`` ``reps`` times along each axis (numpy's tile)."""
    reps = (reps,) if isinstance(reps, (int, np.integer)) else tuple(reps)
    return wrap(J.NDArrays.tile(asarray(a)._j, *[operator.index(r) for r in reps]))


def _pad_widths(pad_width: Any, ndim: int) -> list[list[int]]:
    widths = np.asarray(pad_width)
    if widths.dtype.kind not in "iu":
        raise InvalidArgumentError(f"pad_width must be integers, got {pad_width!r}.")
    try:
        widths = np.broadcast_to(widths, (ndim, 2))
    except ValueError:
        raise InvalidArgumentError(
            f"pad_width {pad_width!r} does not fit a {ndim}-d array: give one int, a "
            f"(before, after) pair, or one pair per axis."
        ) from None
    if (widths < 0).any():
        raise InvalidArgumentError(f"pad_width cannot be negative, got {pad_width!r}.")
    return widths.tolist()


@java_errors
def pad(a: Any, pad_width: Any, mode: str = "constant", constant_values: float = 0) -> NDArray:
    """Pads with ``constant_values`` (mode "constant") or as ``mode`` says, numpy style.

    ``pad_width`` is an int, a ``(before, after)`` pair, or one pair per axis.

    >>> pb.pad(pb.ones((2, 2)), 1).shape
    (4, 4)
    """
    t = asarray(a)
    widths = JArray(JLong, 2)(_pad_widths(pad_width, t.ndim))
    return wrap(J.NDArrays.pad(t._j, widths, str(mode), float(constant_values)))


class _Indices:
    """Indices as a Java tensor for the duration of a ``with`` block.

    Integer NDArrays go to Java as they are (Java resolves negatives and checks bounds);
    numpy arrays and lists are checked here, with numpy's messages, and wrapped without copying.
    """

    __slots__ = ("_temp", "java")

    def __init__(self, indices: Any, size: int, axis: int) -> None:
        if isinstance(indices, NDArray) and indices.dtype.kind in "iu":
            self.java, self._temp = indices._j, None
        else:
            self.java = self._temp = wrap_numpy(index_array(indices, size, axis), "indices")

    def __enter__(self) -> Any:
        return self.java

    def __exit__(self, *exc: Any) -> None:
        if self._temp is not None:
            self._temp.close()


@java_errors
def take(a: Any, indices: Any, axis: int | None = None) -> NDArray:
    """Elements at ``indices`` along ``axis`` (of the flattened array when None).

    >>> pb.take(pb.array([10, 20, 30]), [2, 0]).tolist()
    [30, 10]
    """
    t = asarray(a)
    if axis is None:
        with _Indices(indices, t.size, 0) as idx:
            return wrap(J.NDArrays.takeFlat(t._j, idx))
    ax = _axis(axis, t.ndim)
    with _Indices(indices, t.shape[ax], ax) as idx:
        return wrap(J.NDArrays.take(t._j, idx, ax))


@java_errors
def take_along_axis(a: Any, indices: Any, axis: int) -> NDArray:
    """numpy's take_along_axis: picks along ``axis`` with an index array of a's rank."""
    t = asarray(a)
    ax = _axis(axis, t.ndim)
    with _Indices(indices, t.shape[ax], ax) as idx:
        return wrap(J.NDArrays.takeAlongAxis(t._j, idx, ax))


@java_errors
def put(a: NDArray, indices: Any, values: Any) -> None:
    """Sets ``a.flat[indices] = values`` in place (numpy's put)."""
    if not isinstance(a, NDArray):
        raise InvalidArgumentError(
            f"put writes into a pybridge NDArray in place, got {type(a).__name__}; use "
            f"pb.from_numpy(...) to write into a numpy array's memory."
        )
    v = asarray(values)
    with _Indices(indices, a.size, 0) as idx:
        J.NDArrays.put(a._j, idx, v._j)


@java_errors
def scatter_add(target: NDArray, indices: Any, updates: Any, axis: int = 0) -> NDArray:
    """Adds ``updates`` into ``target`` at ``indices`` along ``axis``; repeated indices
    accumulate (unlike ``target[indices] += updates``). Works in place and returns ``target``.

    >>> t = pb.zeros(3)
    >>> _ = pb.scatter_add(t, [0, 0, 2], pb.ones(3))
    >>> t.tolist()
    [2.0, 0.0, 1.0]
    """
    if not isinstance(target, NDArray):
        raise InvalidArgumentError(
            f"scatter_add writes into a pybridge NDArray, got {type(target).__name__}."
        )
    ax = _axis(axis, target.ndim)
    u = asarray(updates)
    with _Indices(indices, target.shape[ax], ax) as idx:
        J.NDArrays.scatterAdd(target._j, idx, u._j, ax)
    return target


@java_errors
def one_hot(indices: Any, depth: int, dtype: Any = "float32") -> NDArray:
    """One-hot rows for class ids: shape ``indices.shape + (depth,)``.

    >>> pb.one_hot([0, 2], 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    idx = asarray(indices)
    return wrap(J.NDArrays.oneHot(idx._j, operator.index(depth), java_dtype(normalize(dtype))))


def _sort_input(a: Any, axis: Any) -> tuple[NDArray, int]:
    t = asarray(a)
    if axis is None:
        return t.ravel(), 0
    return t, operator.index(axis)


@java_errors
def sort(a: Any, axis: int | None = -1, descending: bool = False) -> NDArray:
    """A sorted copy along ``axis`` (flattened when None); NaN sorts last, like numpy."""
    t, ax = _sort_input(a, axis)
    return wrap(J.NDArrays.sort(t._j, ax, bool(descending)))


@java_errors
def argsort(a: Any, axis: int | None = -1, descending: bool = False) -> NDArray:
    """Indices that sort ``a`` along ``axis`` (stable), int64."""
    t, ax = _sort_input(a, axis)
    return wrap(J.NDArrays.argsort(t._j, ax, bool(descending)))


@java_errors
def topk(a: Any, k: int, axis: int = -1, largest: bool = True) -> tuple[NDArray, NDArray]:
    """The ``k`` largest (or smallest) values along ``axis`` and their indices, sorted.

    >>> values, indices = pb.topk(pb.array([3.0, 1.0, 2.0]), 2)
    >>> values.tolist(), indices.tolist()
    ([3.0, 2.0], [0, 2])
    """
    t = asarray(a)
    values, indices = J.NDArrays.topk(t._j, operator.index(k), operator.index(axis), bool(largest))
    return wrap(values), wrap(indices)
