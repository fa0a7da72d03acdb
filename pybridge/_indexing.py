"""numpy indexing for NDArray: ``t[...]`` and ``t[...] = value``.

Basic indexing (integers, slices with any step, ``...``, ``None``) is computed here as a new
(shape, strides, offset) and made with one Java call, ``asStrided``: the result is a view.
An integer array along one axis (``t[[0, 2]]``, ``t[:, idx]``) is a Java ``take`` (a copy).
Every other advanced index (boolean masks, several index arrays, arrays mixed with integers)
is evaluated by numpy on a zero-copy view of the tensor; reads return a copy, writes land
directly in the tensor's memory.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
from jpype import JException

from . import _tensor
from ._bridge import JavaOwner, wrap_numpy
from ._errors import ReadOnlyError, TensorIndexError, translate
from ._jvm import J
from ._ops import operand

__all__ = ["getitem", "setitem"]

_BASIC, _INT, _ARRAY, _OTHER = 0, 1, 2, 3

_VALID = (
    "only integers, slices (`:`), ellipsis (`...`), None (numpy.newaxis) and integer or "
    "boolean arrays are valid indices"
)


def _kind(k: Any) -> int:
    if k is None or k is Ellipsis or type(k) is slice:
        return _BASIC
    if type(k) is int or isinstance(k, np.integer):
        return _INT
    if isinstance(k, (bool, np.bool_)):
        return _OTHER  # a scalar boolean is a 0-d mask in numpy
    if isinstance(k, _tensor.NDArray):
        if k.ndim == 0 and k.dtype.kind in "iu":
            return _INT
        return _ARRAY if k.dtype.kind in "iu" else _OTHER
    if isinstance(k, np.ndarray):
        if k.dtype.kind in "iu":
            return _INT if k.ndim == 0 else _ARRAY
        return _OTHER
    if isinstance(k, (list, tuple)):
        arr = np.asarray(k)
        if arr.dtype.kind in "iu" or (arr.size == 0 and arr.dtype.kind == "f"):
            return _ARRAY
        return _OTHER
    try:
        operator.index(k)
        return _INT
    except TypeError:
        raise TensorIndexError(f"{_VALID}; got {type(k).__name__} {k!r}.") from None


def _layout(t: Any, key: tuple[Any, ...], track: int = -1) -> tuple[list[int], list[int], int, int]:
    """(shape, element strides, element offset, output axis of key[track]) of a basic index."""
    shape = t.shape
    strides = t._element_strides()
    ndim = len(shape)
    ellipses = sum(1 for k in key if k is Ellipsis)
    if ellipses > 1:
        raise TensorIndexError("an index can only have a single ellipsis ('...')")
    consumed = sum(1 for k in key if k is not None and k is not Ellipsis)
    if consumed > ndim:
        raise TensorIndexError(
            f"too many indices for tensor: tensor is {ndim}-dimensional, but {consumed} "
            f"were indexed"
        )
    out_shape: list[int] = []
    out_strides: list[int] = []
    offset = 0
    dim = 0
    tracked = -1
    for pos, k in enumerate(key):
        if pos == track:
            tracked = len(out_shape)
        if k is None:
            out_shape.append(1)
            out_strides.append(0)
        elif k is Ellipsis:
            for _ in range(ndim - consumed):
                out_shape.append(shape[dim])
                out_strides.append(strides[dim])
                dim += 1
        elif type(k) is slice:
            start, stop, step = k.indices(shape[dim])
            n = len(range(start, stop, step))
            out_shape.append(n)
            out_strides.append(strides[dim] * step)
            if n:
                offset += start * strides[dim]
            dim += 1
        else:
            i = operator.index(k)
            size = shape[dim]
            j = i + size if i < 0 else i
            if not 0 <= j < size:
                raise TensorIndexError(
                    f"index {i} is out of bounds for axis {dim} with size {size}"
                )
            offset += j * strides[dim]
            dim += 1
    out_shape.extend(shape[dim:])
    out_strides.extend(strides[dim:])
    return out_shape, out_strides, offset, tracked


def _scalar(t: Any, index: tuple[int, ...]) -> Any:
    """One element as a numpy scalar (what numpy returns for a full integer index)."""
    dt = t.dtype
    try:
        if dt.kind == "f":
            return dt.type(t._j.getDouble(*index))
        value = int(t._j.getLong(*index))
    except JException as e:
        raise translate(e) from None
    return np.bool_(value != 0) if dt.kind == "b" else dt.type(value)


def _view(t: Any, key: tuple[Any, ...]) -> Any:
    shape, strides, offset, _ = _layout(t, key)
    try:
        return t._j.asStrided(shape, strides, offset)
    except JException as e:
        raise translate(e) from None


def getitem(t: Any, key: Any) -> Any:
    if type(key) is int:  # the common t[i]
        shape = t.shape
        if not shape:
            raise TensorIndexError(
                "too many indices for tensor: tensor is 0-dimensional, but 1 were indexed"
            )
        n = shape[0]
        i = key + n if key < 0 else key
        if not 0 <= i < n:
            raise TensorIndexError(f"index {key} is out of bounds for axis 0 with size {n}")
        if len(shape) == 1:
            return _scalar(t, (i,))
        try:
            return _tensor.wrap(t._j.select(0, i))
        except JException as e:
            raise translate(e) from None
    key = key if type(key) is tuple else (key,)
    kinds = [_kind(k) for k in key]
    if _ARRAY not in kinds and _OTHER not in kinds:
        if len(key) == len(t.shape) and all(k == _INT for k in kinds):
            return _scalar(t, tuple(_normalize_ints(t, key)))
        return _tensor.wrap(_view(t, key))
    if kinds.count(_ARRAY) == 1 and _OTHER not in kinds and _INT not in kinds:
        return _take(t, key, kinds.index(_ARRAY))
    return _numpy_getitem(t, key)


def _normalize_ints(t: Any, key: tuple[Any, ...]) -> list[int]:
    out = []
    for axis, (k, size) in enumerate(zip(key, t.shape, strict=True)):
        i = operator.index(k)
        j = i + size if i < 0 else i
        if not 0 <= j < size:
            raise TensorIndexError(f"index {i} is out of bounds for axis {axis} with size {size}")
        out.append(j)
    return out


def index_array(index: Any, size: int, axis: int) -> np.ndarray:
    """Integer indices as int64, negatives resolved, bounds checked (numpy's message)."""
    idx = np.asarray(index.numpy() if isinstance(index, _tensor.NDArray) else index)
    idx = idx.astype(np.int64, copy=False)
    if idx.size:
        lo, hi = int(idx.min()), int(idx.max())
        if lo < -size or hi >= size:
            bad = hi if hi >= size else lo
            raise TensorIndexError(f"index {bad} is out of bounds for axis {axis} with size {size}")
        if lo < 0:
            idx = np.where(idx < 0, idx + size, idx)
    return idx


def _take(t: Any, key: tuple[Any, ...], pos: int) -> Any:
    basic = (*key[:pos], slice(None), *key[pos + 1 :])
    shape, strides, offset, axis = _layout(t, basic, pos)
    idx = index_array(key[pos], shape[axis], axis)
    indices = wrap_numpy(idx, "index")
    try:
        view = t._j.asStrided(shape, strides, offset)
        try:
            return _tensor.wrap(J.NDArrays.take(view, indices, axis))
        finally:
            view.close()
    except JException as e:
        raise translate(e) from None
    finally:
        indices.close()


def _numpy_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(k.numpy() if isinstance(k, _tensor.NDArray) else k for k in key)


def _numpy_getitem(t: Any, key: tuple[Any, ...]) -> Any:
    view = t.numpy()
    try:
        result = view[_numpy_key(key)]
    except IndexError as e:
        raise TensorIndexError(str(e)) from None
    result = np.asarray(result)
    if np.may_share_memory(result, view):
        result = result.copy()
    return _tensor.wrap_numpy_array(result)


# ---------------------------------------------------------------------- assignment


def _shares_java_memory(value: np.ndarray) -> bool:
    base = value
    while base is not None:
        if isinstance(base, JavaOwner):
            return True
        base = getattr(base, "base", None)
    return False


def _assign(view: Any, value: Any, dtype: np.dtype[Any], target: Any) -> None:
    """Copies ``value`` (broadcast, converted) into the Java view."""
    tv = type(value)
    if tv is float or tv is bool or (tv is int and -(2**53) <= value <= 2**53):
        if tv is int and dtype.kind in "iu":
            info = np.iinfo(dtype)
            if not info.min <= value <= info.max:
                raise OverflowError(f"Python integer {value} out of bounds for {dtype}")
        view.fill(float(value))
        return
    if isinstance(value, _tensor.NDArray):
        source = value._j
        if source.sharesMemoryWith(target):
            copy = source.dup()  # overlapping source and target: copy first, like numpy
            try:
                view.assign(copy)
            finally:
                copy.close()
        else:
            view.assign(source)
        return
    if isinstance(value, np.ndarray) and _shares_java_memory(value):
        value = value.copy()
    if tv is int:
        value = np.asarray(value, dtype=dtype)
    conv = operand(value, "value")
    if conv is None:
        raise TypeError(
            f"Cannot assign a {tv.__name__} to a tensor: expected a number, a pybridge "
            f"NDArray, a numpy array or a (nested) list."
        )
    source, temp = conv
    try:
        view.assign(source)
    finally:
        if temp is not None:
            temp.close()


def setitem(t: Any, key: Any, value: Any) -> None:
    key = key if type(key) is tuple else (key,)
    kinds = [_kind(k) for k in key]
    if _ARRAY in kinds or _OTHER in kinds:
        _numpy_setitem(t, key, value)
        return
    try:
        view = _view(t, key)
        try:
            _assign(view, value, t.dtype, t._j)
        finally:
            view.close()
    except JException as e:
        raise translate(e) from None


def _numpy_setitem(t: Any, key: tuple[Any, ...], value: Any) -> None:
    if t.readonly:
        raise ReadOnlyError(
            "This tensor is read-only (it wraps read-only memory, e.g. a numpy array with "
            "writeable=False); copy it with t.copy() before writing."
        )
    view = t.numpy()
    if isinstance(value, _tensor.NDArray):
        value = value.numpy()
    if isinstance(value, np.ndarray) and np.may_share_memory(value, view):
        value = value.copy()
    try:
        view[_numpy_key(key)] = value
    except IndexError as e:
        raise TensorIndexError(str(e)) from None
