"""The JVM executor: Arrow columns in, ``org.pybridge.data.TransformProcess`` on the JVM, Arrow out.

Going in, Java sees the Arrow buffers (values, validity bitmaps, utf8 offsets and bytes,
dictionary indices) as direct ByteBuffers over Arrow's memory and bulk-copies them into its
column arrays: one copy, no Python loop. Coming back, Java bulk-copies numeric columns into
new numpy-owned buffers (again as direct ByteBuffers) that become the Arrow buffers; bitmaps and
utf8 bytes come back as Java arrays through the buffer protocol (one copy each).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jpype
import jpype.nio
import numpy as np
import pyarrow as pa

from .._errors import InvalidArgumentError, java_errors
from .._jvm import ensure_started
from ._schema import SchemaError, conform

if TYPE_CHECKING:
    from ._transform import TransformProcess

_PKG = "org.pybridge.data."
_classes: dict[str, Any] = {}
# JSON text -> Java TransformProcess: parsing once per transform, not per call.
_parsed: dict[str, Any] = {}


def _java(name: str) -> Any:
    cls = _classes.get(name)
    if cls is None:
        ensure_started()
        cls = _classes[name] = jpype.JClass(_PKG + name)
    return cls


def _direct(buf: Any) -> Any:
    """A direct java.nio.ByteBuffer over an Arrow buffer's memory (no copy), or None.

    Java only reads it, during the call that receives it, while the Arrow array is alive.
    """
    if buf is None or buf.size == 0:
        return None
    return jpype.nio.convertToDirectBuffer(memoryview(buf))


def _to_java_column(name: str, kind: str, arr: pa.Array) -> Any:
    ai = _java("ArrowInterchange")
    bufs = arr.buffers()
    validity = _direct(bufs[0]) if arr.null_count else None
    n, off = len(arr), arr.offset
    if kind == "double":
        return ai.importDoubles(name, _direct(bufs[1]), validity, off, n)
    if kind in ("int64", "timestamp"):
        return ai.importLongs(name, kind == "timestamp", _direct(bufs[1]), validity, off, n)
    if kind == "boolean":
        return ai.importBooleans(name, _direct(bufs[1]), validity, off, n)
    if kind == "string":
        return ai.importUtf8(name, _direct(bufs[1]), _direct(bufs[2]), validity, off, n)
    idx = arr.indices
    ibufs = idx.buffers()
    ivalid = _direct(ibufs[0]) if idx.null_count else None
    cats = jpype.java.util.ArrayList()
    for c in arr.dictionary.to_pylist():
        cats.add(c)
    return ai.importCategorical(name, cats, _direct(ibufs[1]), ivalid, idx.offset, len(idx))


def _np(jarray: Any, dtype: Any) -> np.ndarray:
    # The buffer protocol of a JPype primitive array is one memcpy; np.array(memoryview) is not.
    if not len(jarray):
        return np.empty(0, dtype=dtype)
    return np.frombuffer(memoryview(jarray), dtype=dtype).copy()


def _filled(copy: Any, col: Any, dtype: Any, n: int) -> pa.Buffer:
    """A new Arrow buffer that Java fills in place (one bulk copy, no Java-side array)."""
    out = np.empty(n, dtype=dtype)
    if n:
        copy(col, jpype.nio.convertToDirectBuffer(memoryview(out).cast("B")))
    return pa.py_buffer(out)


def _bytes(jarray: Any) -> pa.Buffer | None:
    if jarray is None:
        return None
    return pa.py_buffer(_np(jarray, np.uint8))


def _from_java_column(col: Any) -> pa.Array:
    ai = _java("ArrowInterchange")
    kind = str(col.type().kind().jsonName())
    n = int(col.size())
    validity = _bytes(ai.validityBits(col))
    if kind == "double":
        values = _filled(ai.copyDoubles, col, np.float64, n)
        return pa.Array.from_buffers(pa.float64(), n, [validity, values])
    if kind in ("int64", "timestamp"):
        values = _filled(ai.copyLongs, col, np.int64, n)
        t = pa.int64() if kind == "int64" else pa.timestamp("us")
        return pa.Array.from_buffers(t, n, [validity, values])
    if kind == "boolean":
        return pa.Array.from_buffers(pa.bool_(), n, [validity, _bytes(ai.booleanBits(col))])
    if kind == "string":
        utf8 = ai.utf8(col)
        offsets = pa.py_buffer(_np(utf8.offsets(), np.int32))
        data = pa.py_buffer(_np(utf8.data(), np.uint8))
        return pa.Array.from_buffers(pa.string(), n, [validity, offsets, data])
    codes = _filled(ai.copyCodes, col, np.int32, n)
    indices = pa.Array.from_buffers(pa.int32(), n, [validity, codes])
    cats = pa.array([str(c) for c in col.type().categories()], pa.string())
    return pa.DictionaryArray.from_arrays(indices, cats)


def execute_on_jvm(tp: TransformProcess, table: Any) -> pa.Table:
    """Runs fitted ``tp`` on ``table`` with the Java executor; returns a pyarrow Table.

    Bad data raises SchemaError with the Java message, as the Python executor does.
    """
    try:
        return _execute(tp, table)
    except InvalidArgumentError as e:
        err = SchemaError(str(e))
        err.java_class, err.java_stacktrace = e.java_class, e.java_stacktrace
        err.java_exception = e.java_exception
        raise err from None


@java_errors
def _execute(tp: TransformProcess, table: Any) -> pa.Table:
    text = tp.to_json()
    jtp = _parsed.get(text)
    if jtp is None:
        jtp = _java("TransformProcess").fromJson(text)
        if len(_parsed) > 64:
            _parsed.clear()
        _parsed[text] = jtp
    data = conform(table, tp.schema)
    columns = jpype.java.util.ArrayList()
    for col in tp.schema.columns:
        arr = data.column(col.name)
        arr = arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
        columns.add(_to_java_column(col.name, col.type, arr))
    jtable = _java("Table")(columns, data.num_rows)
    out = jtp.execute(jtable)
    names = [str(c.name()) for c in out.columns()]
    arrays = [_from_java_column(c) for c in out.columns()]
    if not arrays:  # every column removed: keep the row count, as pyarrow does
        return pa.table({"_": pa.nulls(int(out.rowCount()))}).drop_columns(["_"])
    return pa.Table.from_arrays(arrays, names=names)
