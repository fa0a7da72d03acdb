"""Arrow columns to the numpy arrays a training batch needs, vectorised, copying only where
the layouts differ: a float column without nulls (or a fixed-size list column, e.g. images or
SVMLight features) is viewed in place; several columns are assembled with one copy."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._errors import InvalidArgumentError
from ._files import memory_pool

__all__ = ["column_matrix", "feature_matrix", "label_matrix", "numeric_columns",
           "sequence_matrix"]


def _is_numeric(t: Any) -> bool:
    return (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t)
            or pa.types.is_dictionary(t)
            or (pa.types.is_fixed_size_list(t) and _is_numeric(t.value_type)))


def numeric_columns(schema: Any, exclude: list[str]) -> list[str]:
    return [f.name for f in schema if f.name not in exclude and _is_numeric(f.type)]


def _combined(col: Any) -> Any:
    if isinstance(col, pa.ChunkedArray):
        return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
    return col


def _width(t: Any) -> int:
    """How many feature columns an Arrow column of type ``t`` gives."""
    return t.list_size if pa.types.is_fixed_size_list(t) else 1


def column_matrix(col: Any, name: str) -> np.ndarray:
    """A column as an (n, width) array; a view of the Arrow memory where possible."""
    arr = _combined(col)
    if arr.null_count:
        raise InvalidArgumentError(
            f"Column {name!r} has {arr.null_count} missing value(s), which a tensor cannot "
            f"hold; fill or drop them first (e.g. a TransformProcess replace-missing step, "
            f"or table.drop_null()).")
    t = arr.type
    if pa.types.is_fixed_size_list(t):
        values = arr.flatten()
        if values.null_count:
            raise InvalidArgumentError(f"Column {name!r} has missing values inside its lists; "
                                       f"fill them first.")
        return column_matrix(values, name).reshape(len(arr), t.list_size)
    if pa.types.is_dictionary(t):
        return arr.indices.to_numpy(zero_copy_only=False).reshape(-1, 1)
    if not _is_numeric(t):
        raise InvalidArgumentError(
            f"Column {name!r} has type {t}, not a number; convert it first (e.g. "
            f"categorical_to_integer in a TransformProcess) or leave it out of features=.")
    return arr.to_numpy(zero_copy_only=False).reshape(-1, 1)


def _row_major(batch: Any, names: list[str], columns: list[Any]) -> np.ndarray | None:
    """Several plain numeric columns of one type, without nulls, as a row-major matrix made
    by Arrow in one pass (``RecordBatch.to_tensor``); None where that does not apply."""
    if len(names) < 2 or not isinstance(batch, pa.RecordBatch):
        return None
    t = columns[0].type
    if not (pa.types.is_integer(t) or pa.types.is_floating(t)) or pa.types.is_float16(t):
        return None
    if any(c.type != t or c.null_count for c in columns):
        return None  # mixed types would round twice through float64; nulls get the error
    try:
        return np.asarray(batch.select(names).to_tensor(row_major=True,
                                                        memory_pool=memory_pool()))
    except (AttributeError, TypeError, pa.ArrowNotImplementedError):  # pyarrow < 16
        return None


def feature_matrix(batch: Any, columns: list[str] | None, dtype: Any = np.float32,
                   exclude: tuple[str, ...] = (), out: np.ndarray | None = None) -> np.ndarray:
    """The (n, features) matrix of ``columns`` (default: every numeric column not excluded),
    written into ``out`` when given (so a whole table is assembled with a single copy)."""
    names = columns if columns is not None else numeric_columns(batch.schema, list(exclude))
    if not names:
        raise InvalidArgumentError(f"No numeric feature columns among {batch.schema.names}; "
                                   f"name them with features=[...].")
    dt = np.dtype(dtype)
    columns = [batch.column(c) for c in names]
    fast = _row_major(batch, names, columns)
    if fast is not None:
        if out is None:
            return fast if fast.dtype == dt else fast.astype(dt)
        if out.shape == fast.shape:
            out[...] = fast
            return out
    if len(names) == 1 and out is None:
        single = column_matrix(columns[0], names[0])  # a view of the Arrow buffer if it can be
        return single if single.dtype == dt else single.astype(dt)
    widths = [_width(col.type) for col in columns]
    width = sum(widths)
    if out is None:
        # Column-major: each column lands in contiguous memory (a plain, vectorised cast);
        # batches are made row-major when they are cut (see DataSetIterator).
        out = np.empty((width, batch.num_rows), dt).T
    elif out.shape != (batch.num_rows, width):
        raise InvalidArgumentError(f"Batches disagree on the feature width: {width} here, "
                                   f"{out.shape[1]} before.")
    at = 0
    for name, col, w in zip(names, columns, widths, strict=True):
        # Chunk by chunk straight into ``out``: combining the chunks first would write (and
        # page-fault in) a second copy of the column.
        row = 0
        for chunk in col.chunks if isinstance(col, pa.ChunkedArray) else [col]:
            m = column_matrix(chunk, name)
            if w == 1 and out.strides[0] == dt.itemsize:
                out[row:row + len(m), at] = m.ravel()
            else:
                out[row:row + len(m), at:at + w] = m
            row += len(m)
        at += w
    return out


def label_matrix(batch: Any, labels: list[str], num_classes: int | None,
                 classes: list[Any] | None, one_hot: bool, dtype: Any) -> np.ndarray:
    """One-hot (n, k) or class ids (n,) for classification; (n, len(labels)) for regression."""
    if num_classes is None:
        return feature_matrix(batch, labels, dtype)
    name = labels[0]
    col = _combined(batch.column(name))
    if classes is not None:
        col = pc.index_in(col, value_set=pa.array(classes))
        missing = col.null_count
        if missing:
            bad = batch.column(name).filter(pc.is_null(col))[0].as_py()
            raise InvalidArgumentError(f"Label column {name!r} holds {bad!r}, which is not in "
                                       f"classes={classes!r}.")
    ids = column_matrix(col, name).ravel()
    if ids.dtype.kind == "f" and not np.all(ids == np.floor(ids)):
        raise InvalidArgumentError(f"Label column {name!r} holds fractional values; class "
                                   f"labels must be integers 0..{num_classes - 1}.")
    ids = ids.astype(np.int64, copy=False)
    if len(ids) and (ids.min() < 0 or ids.max() >= num_classes):
        bad = ids[(ids < 0) | (ids >= num_classes)][0]
        raise InvalidArgumentError(f"Label column {name!r} holds class {bad}, outside 0.."
                                   f"{num_classes - 1} (num_classes={num_classes}).")
    if not one_hot:
        return ids
    if num_classes <= 256:
        # rows of a small identity gathered by class id: one pass, ~4x faster than the scatter
        return np.take(np.eye(num_classes, dtype=np.dtype(dtype)), ids, axis=0)
    out = np.zeros((len(ids), num_classes), np.dtype(dtype))
    out[np.arange(len(ids)), ids] = 1
    return out


def sequence_matrix(col: Any, name: str, max_length: int | None,
                    dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """A variable-length list column as (n, T, width) zero-padded values and an (n, T) mask.

    Elements may be numbers (width 1) or fixed-size lists (width = list size); sequences
    longer than ``max_length`` are truncated.
    """
    arr = _combined(col)
    if not (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
        raise InvalidArgumentError(f"Sequence column {name!r} must be a list column, got "
                                   f"{arr.type}.")
    if arr.null_count:
        raise InvalidArgumentError(f"Sequence column {name!r} has missing sequences; drop them.")
    offsets = arr.offsets.to_numpy()
    lengths = np.diff(offsets)
    values = column_matrix(arr.flatten(), name)
    n, width = len(arr), values.shape[1]
    steps = int(lengths.max()) if n else 0
    if max_length is not None:
        steps = min(steps, int(max_length))
    out = np.zeros((n, steps, width), np.dtype(dtype))
    mask = np.arange(steps)[None, :] < lengths[:, None]
    row = np.repeat(np.arange(n), lengths)
    step = np.arange(len(row)) - np.repeat(offsets[:-1] - offsets[0], lengths)
    keep = step < steps
    out[row[keep], step[keep]] = values[keep]
    return out, mask.astype(np.dtype(dtype))
