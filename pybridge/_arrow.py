"""Zero-copy handoff between pyarrow arrays and tensors.

Arrow's primitive arrays keep their values in one contiguous buffer, which a tensor can wrap
directly (the Arrow object is kept alive exactly like a numpy array is). Arrow data is
immutable, so such tensors are read-only; ``t.copy()`` gives a writable one. Copies happen only
where the layouts differ, and are documented on each function.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._bridge import JavaOwner, share_unscoped, wrap_java
from ._creation import array
from ._dtypes import is_supported, unsupported
from ._errors import InvalidArgumentError, ShapeError, java_errors
from ._jvm import ensure_started
from ._tensor import NDArray, wrap

__all__ = ["from_arrow", "to_arrow"]


def _pa() -> Any:
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise ImportError("Arrow interchange needs pyarrow: pip install pyarrow") from None
    return pa


def _numpy_dtype(arrow_type: Any) -> np.dtype[Any]:
    try:
        dt = np.dtype(arrow_type.to_pandas_dtype())
    except (NotImplementedError, TypeError):
        raise unsupported(str(arrow_type), "Arrow type") from None
    if not is_supported(dt):
        raise unsupported(str(arrow_type), "Arrow type")
    return dt


def _check_nulls(arr: Any) -> None:
    if arr.null_count:
        raise InvalidArgumentError(
            f"The Arrow array has {arr.null_count} null(s), which a tensor cannot represent; "
            f"replace them first, e.g. arr.fill_null(0) (pyarrow.compute.fill_null)."
        )


def _wrap_primitive(arr: Any) -> NDArray:
    pa = _pa()
    _check_nulls(arr)
    if pa.types.is_boolean(arr.type):
        # Arrow packs booleans as bits; a tensor holds one byte per bool: copy.
        return array(arr.to_numpy(zero_copy_only=False), dtype=bool)
    dt = _numpy_dtype(arr.type)
    values = arr.buffers()[1]
    n = len(arr)
    address = (values.address + arr.offset * dt.itemsize) if values is not None else 0
    ensure_started()
    return wrap(wrap_java(address, dt, (n,), (dt.itemsize,), True, arr))


def _wrap_fixed_size_list(arr: Any) -> NDArray:
    _check_nulls(arr)
    width = arr.type.list_size
    child = arr.flatten()  # the values of this slice only (offset applied), no copy
    with _wrap_any(child) as flat:
        return flat.reshape(len(arr), width, *flat.shape[1:])


def _wrap_any(obj: Any) -> NDArray:
    pa = _pa()
    if isinstance(obj, pa.ChunkedArray):
        if obj.num_chunks == 1:
            return _wrap_any(obj.chunk(0))
        # Chunks live in separate buffers: combining them is a copy (then wrapped).
        return _wrap_any(obj.combine_chunks())
    if isinstance(obj, pa.FixedSizeListArray):
        return _wrap_fixed_size_list(obj)
    if isinstance(obj, pa.Array):
        return _wrap_primitive(obj)
    raise InvalidArgumentError(
        f"from_arrow expects a pyarrow Array, ChunkedArray, RecordBatch or Table, got "
        f"{type(obj).__name__}."
    )


@java_errors
def from_arrow(obj: Any) -> NDArray:
    """A tensor over Arrow data.

    * primitive ``Array`` (ints, floats) and one-chunk ``ChunkedArray``: 1-D, zero-copy,
      read-only (Arrow data is immutable);
    * ``FixedSizeListArray`` (e.g. embeddings): 2-D ``(len, list_size)``, zero-copy;
    * bool arrays and multi-chunk arrays: copied (bits and separate buffers differ from a
      tensor's layout);
    * ``RecordBatch`` / ``Table``: 2-D ``(rows, columns)`` with numpy's common dtype, copied
      (columns live in separate buffers); a single column is wrapped without copying.

    Arrays with nulls raise: fill them first (``arr.fill_null(0)``).

    >>> import pyarrow as pa
    >>> pb.from_arrow(pa.array([1.0, 2.0])).tolist()
    [1.0, 2.0]
    """
    pa = _pa()
    if isinstance(obj, (pa.RecordBatch, pa.Table)):
        return _from_columns(obj)
    return _wrap_any(obj)


def _from_columns(batch: Any) -> NDArray:
    columns = [batch.column(i) for i in range(batch.num_columns)]
    if not columns:
        raise ShapeError("from_arrow got a RecordBatch/Table without columns.")
    if len(columns) == 1:
        with _wrap_any(columns[0]) as col:
            return col.reshape(-1, 1)
    dts = [_numpy_dtype(c.type) if not _pa().types.is_boolean(c.type) else np.dtype(bool)
           for c in columns]
    dt = np.result_type(*dts)
    out = np.empty((batch.num_rows, len(columns)), dtype=dt)
    for i, c in enumerate(columns):
        if c.null_count:
            _check_nulls(c)
        out[:, i] = c.to_numpy(zero_copy_only=False)
    return array(out)


@java_errors
def to_arrow(t: NDArray) -> Any:
    """A pyarrow Array of the tensor's elements (flattened in C order).

    Zero-copy for contiguous numeric tensors: the Arrow buffer holds a handle that keeps the
    memory alive after the tensor is closed. Non-contiguous tensors are copied first; bool
    tensors are copied because Arrow packs booleans as bits.
    """
    pa = _pa()
    dt = t.dtype
    if dt == np.bool_:
        return pa.array(t.numpy().ravel())
    arrow_type = pa.from_numpy_dtype(dt)
    source = t._j if t._j.isContiguous() else None
    handle = share_unscoped(source) if source is not None else _contiguous_unscoped(t)
    owner = JavaOwner(handle)
    n = t.size
    buffer = pa.foreign_buffer(int(handle.address()), n * dt.itemsize, base=owner)
    return pa.Array.from_buffers(arrow_type, n, [None, buffer])


def _contiguous_unscoped(t: NDArray) -> Any:
    copy = t._j.dup()
    try:
        return share_unscoped(copy)
    finally:
        copy.close()
