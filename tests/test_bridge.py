"""Zero-copy handoff numpy <-> JVM <-> Arrow: addresses, strides, dtypes, flags and lifetimes."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pyarrow as pa
import pytest
from support import java_gc, run_python

import pybridge as pb
from pybridge import _bridge

DTYPES = ["bool", "int8", "uint8", "int16", "int32", "int64", "float16", "float32", "float64"]


def address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def sample(dtype: str, shape=(3, 4)) -> np.ndarray:
    values = np.arange(int(np.prod(shape))).reshape(shape)
    if dtype == "bool":
        return values % 3 == 0
    return (values % 100).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_from_numpy_shares_memory_both_ways(dtype):
    a = sample(dtype)
    t = pb.from_numpy(a)
    assert t.shape == a.shape and t.dtype == a.dtype and t.strides == a.strides
    v = t.numpy()
    assert address(v) == address(a)
    assert np.shares_memory(v, a)
    assert v.dtype == a.dtype and v.strides == a.strides and v.flags.writeable
    one = np.ones((), dtype=dtype)
    t[1, 2] = one            # JVM write, seen by numpy
    assert a[1, 2] == one
    a[2, 3] = one            # numpy write, seen by the JVM
    assert t[2, 3] == one
    assert np.asarray(t).__array_interface__["data"][0] == address(a)
    np.testing.assert_array_equal(np.asarray(t), a)
    t.close()


@pytest.mark.parametrize(
    "layout",
    ["c", "f", "strided", "negative", "broadcast", "zero-d", "empty", "empty-strided"],
)
def test_layouts_round_trip_without_copies(layout):
    base = np.arange(60, dtype=np.float64).reshape(3, 4, 5)
    a = {
        "c": base,
        "f": np.asfortranarray(base),
        "strided": base[::2, 1:, ::3],
        "negative": base[::-1, :, ::-2],
        "broadcast": np.broadcast_to(base[:, :1, :], (3, 4, 5)),
        "zero-d": base[1, 2, 3, ...],
        "empty": np.zeros((0, 3)),
        "empty-strided": base[:, 2:2, ::2],
    }[layout]
    t = pb.from_numpy(a)
    assert t.shape == a.shape and t.strides == a.strides
    v = t.numpy()
    assert v.shape == a.shape and v.strides == a.strides
    if a.size:
        assert address(v) == address(a)
    np.testing.assert_array_equal(v, a)
    np.testing.assert_array_equal(pb.array(t).numpy(), a)  # a copy through Java's own reads
    assert t.readonly == (not a.flags.writeable)
    t.close()


def test_read_only_arrays_stay_read_only():
    a = np.arange(6, dtype=np.int32)
    a.flags.writeable = False
    with pb.from_numpy(a) as t:
        assert t.readonly
        v = t.numpy()
        assert not v.flags.writeable
        with pytest.raises(pb.ReadOnlyError, match="read-only"):
            t[0] = 5
        with pytest.raises(pb.ReadOnlyError):
            t[[0, 1]] = 5
        with pytest.raises(ValueError):
            v[0] = 5
        with t.copy() as c:
            c[0] = 5
            assert not c.readonly and c[0] == 5 and a[0] == 0


def test_numpy_array_protocol_converts_on_request():
    with pb.arange(4, dtype="int32") as t:
        same = np.asarray(t)
        assert same.dtype == np.int32 and np.shares_memory(same, t.numpy())
        as_float = np.asarray(t, dtype=np.float64)
        assert as_float.dtype == np.float64 and not np.shares_memory(as_float, same)
        copied = np.array(t, copy=True)
        assert not np.shares_memory(copied, same)
        with pytest.raises(ValueError, match="copy=False"):
            t.__array__(np.float64, copy=False)


def test_numpy_owner_outlives_a_closed_tensor():
    t = pb.arange(1000, dtype="float32")
    v = t.numpy()
    t.close()
    assert t.closed
    java_gc()
    np.testing.assert_array_equal(v, np.arange(1000, dtype=np.float32))
    assert isinstance(v.base, _bridge.JavaOwner)


def test_view_outlives_its_creator_in_both_directions():
    kept = _bridge.kept_objects()
    a = np.arange(100, dtype=np.int64)
    ref = weakref.ref(a)
    t = pb.from_numpy(a)
    del a
    java_gc()
    assert ref() is not None            # the JVM side keeps the numpy array alive
    view = t[10:20:2]
    del t
    java_gc()
    assert view.tolist() == [10, 12, 14, 16, 18]
    np_view = view.numpy()
    del view
    java_gc()
    assert ref() is not None            # a numpy view of the Java view still needs it
    assert np_view.tolist() == [10, 12, 14, 16, 18]
    del np_view
    java_gc()
    assert ref() is None                # everything let go: the memory is released
    assert _bridge.kept_objects() == kept


def test_engine_memory_outlives_scope_through_numpy_view():
    with pb.scope():
        t = pb.full((4,), 2.5)
        v = t.numpy()
    assert t.closed
    java_gc()
    assert v.tolist() == [2.5] * 4


def test_round_trip_returns_the_same_memory():
    a = np.random.default_rng(0).random((5, 7)).astype(np.float32)[:, ::2]
    with pb.from_numpy(a) as t:
        back = t.numpy()
        assert address(back) == address(a) and back.strides == a.strides
        assert pb.asarray(a).numpy().__array_interface__["data"][0] == address(a)


def test_asarray_wraps_numpy_and_array_copies():
    a = np.ones(4, dtype=np.float32)
    wrapped = pb.asarray(a)
    copied = pb.array(a)
    assert np.shares_memory(wrapped.numpy(), a)
    assert not np.shares_memory(copied.numpy(), a)
    assert pb.asarray(wrapped) is wrapped
    wrapped.close()
    copied.close()


@pytest.mark.slow
def test_more_than_two_gib_round_trip():
    n = 2**31 + 16
    a = np.zeros(n, dtype=np.int8)
    a[-16:] = np.arange(16, dtype=np.int8)
    t = pb.from_numpy(a)
    assert t.size == n and t.nbytes == n
    assert t[-1] == 15 and t[2**31 + 3] == 3
    t[-2] = -7
    assert a[-2] == -7
    v = t.numpy()
    assert address(v) == address(a) and v.shape == (n,)
    t.close()
    del v, a
    gc.collect()
    big = pb.zeros(n, dtype="int8")
    view = big.numpy()
    view[-1] = 42
    assert big[-1] == 42 and big[n - 1] == 42
    tail = big[2**31 :]
    assert tail.shape == (16,) and tail.numpy()[-1] == 42
    tail.close()
    big.close()
    del view
    gc.collect()


def test_arrow_to_tensor_is_zero_copy():
    arr = pa.array(np.arange(10, dtype=np.float32))
    with pb.from_arrow(arr) as t:
        assert t.readonly and t.dtype == np.float32
        assert address(t.numpy()) == arr.buffers()[1].address
        assert t.tolist() == list(range(10))
    sliced = arr.slice(3, 4)
    with pb.from_arrow(sliced) as t:
        assert address(t.numpy()) == arr.buffers()[1].address + 3 * 4
        assert t.tolist() == [3, 4, 5, 6]
    chunked = pa.chunked_array([arr])
    with pb.from_arrow(chunked) as t:
        assert address(t.numpy()) == arr.buffers()[1].address


def test_arrow_keeps_its_buffer_alive():
    arr = pa.array(np.arange(1000, dtype=np.int64))
    t = pb.from_arrow(arr)
    del arr
    java_gc()
    assert t[-1] == 999 and t[500] == 500
    t.close()


def test_arrow_layouts_that_copy_or_reshape():
    with pb.from_arrow(pa.array([True, False, True])) as t:
        assert t.dtype == np.bool_ and t.tolist() == [True, False, True]
    multi = pa.chunked_array([pa.array([1, 2]), pa.array([3])])
    with pb.from_arrow(multi) as t:
        assert t.tolist() == [1, 2, 3]
    emb = pa.FixedSizeListArray.from_arrays(pa.array(np.arange(12, dtype=np.float32)), 3)
    with pb.from_arrow(emb.slice(1, 2)) as t:
        assert t.shape == (2, 3) and t.tolist() == [[3, 4, 5], [6, 7, 8]]
    batch = pa.RecordBatch.from_pydict({"x": [1.0, 2.0], "y": [3, 4]})
    with pb.from_arrow(batch) as t:
        assert t.shape == (2, 2) and t.dtype == np.float64
        assert t.tolist() == [[1.0, 3.0], [2.0, 4.0]]


def test_arrow_nulls_and_unsupported_types_are_explained():
    with pytest.raises(pb.InvalidArgumentError, match="fill_null"):
        pb.from_arrow(pa.array([1.0, None]))
    with pytest.raises(pb.DTypeError, match="string"):
        pb.from_arrow(pa.array(["a", "b"]))
    with pytest.raises(pb.DTypeError, match="uint32"):
        pb.from_arrow(pa.array([1, 2], type=pa.uint32()))


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "int32", "int64", "float16",
                                   "float32", "float64"])
def test_tensor_to_arrow_is_zero_copy(dtype):
    t = pb.from_numpy(sample(dtype))
    arr = t.to_arrow()
    assert arr.type == pa.from_numpy_dtype(np.dtype(dtype)) and len(arr) == 12
    assert arr.buffers()[1].address == address(t.numpy())
    np.testing.assert_array_equal(arr.to_numpy(), sample(dtype).ravel())
    t.close()
    java_gc()
    np.testing.assert_array_equal(arr.to_numpy(), sample(dtype).ravel())  # still alive


def test_non_contiguous_and_bool_tensors_copy_to_arrow():
    with pb.from_numpy(sample("int32")[:, ::2]) as t:
        assert t.to_arrow().to_pylist() == sample("int32")[:, ::2].ravel().tolist()
    with pb.from_numpy(sample("bool")) as t:
        assert t.to_arrow().to_pylist() == sample("bool").ravel().tolist()


def test_arrow_round_trip():
    arr = pa.array(np.linspace(0, 1, 7))
    with pb.from_arrow(arr) as t:
        back = t.to_arrow()
        assert back.buffers()[1].address == arr.buffers()[1].address
        assert back.equals(arr)


def test_release_may_run_on_the_java_cleaner_thread():
    import time

    kept = _bridge.kept_objects()
    a = np.arange(10, dtype=np.float64)
    t = pb.from_numpy(a)
    forgotten = t._j.share()  # a raw Java handle nobody closes: only the Cleaner frees it
    t.close()
    del t, a, forgotten
    assert _bridge.kept_objects() == kept + 1
    deadline = time.monotonic() + 20
    while _bridge.kept_objects() != kept and time.monotonic() < deadline:
        java_gc()
        time.sleep(0.05)
    assert _bridge.kept_objects() == kept  # Java's Cleaner thread called back into Python


@pytest.mark.slow
def test_interpreter_exit_with_live_tensors_prints_nothing():
    result = run_python(
        """
        import numpy as np
        import pyarrow as pa
        import pybridge as pb
        a = np.ones(1000, dtype=np.float32)
        t = pb.from_numpy(a)
        v = (t * 2).numpy()
        arrow = pb.arange(5).to_arrow()
        wrapped = pb.from_arrow(pa.array([1.0, 2.0]))
        s = pb.scope()
        s.__enter__()
        inside = pb.ones((3, 3))
        print(float(v.sum()), arrow.to_pylist()[-1], wrapped.tolist())
        """
    )
    assert result.stderr == ""
    assert result.stdout == "2000.0 4 [1.0, 2.0]\n"
