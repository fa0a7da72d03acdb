"""Lifetimes: scopes, close, garbage collection, accounting, the off-heap limit."""

from __future__ import annotations

import gc

import jpype
import numpy as np
import pytest

import pybridge as pb


def test_scope_frees_everything_and_accounting_returns_to_baseline():
    gc.collect()
    before = pb.memory_info()
    with pb.scope() as s:
        a = pb.zeros((256, 256))
        b = pb.ones((128,), dtype="float64")
        view = a[1:, ::2]
        assert len(s) == 3
        during = pb.memory_info()
        assert during["used"] >= before["used"] + 256 * 256 * 4 + 128 * 8
        assert during["tensors"] == before["tensors"] + 3
        assert during["peak"] >= during["used"]
    assert a.closed and b.closed and view.closed
    after = pb.memory_info()
    assert after["used"] == before["used"]
    assert after["tensors"] == before["tensors"]


def test_detached_tensors_survive_their_scope():
    with pb.scope() as outer:
        with pb.scope() as inner:
            temp = pb.ones(3)
            kept = inner.detach(pb.full((2,), 4.0))
        assert temp.closed and not kept.closed
        assert kept.tolist() == [4.0, 4.0]
        result = outer.detach([kept])[0]
    assert not result.closed
    result.close()


def test_scopes_nest_and_closing_an_outer_scope_closes_inner_ones():
    outer = pb.scope()
    outer.__enter__()
    inner = pb.scope()
    inner.__enter__()
    t = pb.ones(2)
    outer.__exit__(None, None, None)
    assert t.closed
    with pb.scope():
        u = pb.ones(2)
    assert u.closed


def test_numpy_views_taken_inside_a_scope_stay_valid():
    with pb.scope():
        v = pb.arange(5, dtype="int64").numpy()
        arrow = pb.arange(3, dtype="int32").to_arrow()
    gc.collect()
    jpype.java.lang.System.gc()
    assert v.tolist() == [0, 1, 2, 3, 4]
    assert arrow.to_pylist() == [0, 1, 2]


def test_closed_tensors_raise_closed_tensor_error():
    t = pb.ones((2, 2))
    u = pb.ones((2, 2))
    t.close()
    t.close()  # idempotent
    assert t.closed
    for use in (
        lambda: t.numpy(),
        lambda: t[0],
        lambda: t[:, 1],
        lambda: t.reshape(4),
        lambda: t.copy(),
        lambda: t + u,
        lambda: u + t,
        lambda: t.sum(),
        lambda: t.to_arrow(),
    ):
        with pytest.raises(pb.ClosedTensorError, match="closed") as info:
            use()
        assert isinstance(info.value, RuntimeError)
    assert "<closed>" in repr(t) and "shape=(2, 2)" in repr(t)
    u.close()


def test_context_manager_closes():
    with pb.zeros(3) as t:
        assert not t.closed
    assert t.closed


def test_dropping_the_last_reference_frees_the_handle_at_once():
    before = pb.memory_info()["tensors"]
    t = pb.zeros(1000)
    assert pb.memory_info()["tensors"] == before + 1
    del t  # no gc.collect(): reference counting releases the Java handle
    assert pb.memory_info()["tensors"] == before


def test_wrapped_numpy_memory_is_counted_as_external():
    before = pb.memory_info()["external"]
    a = np.zeros(1000, dtype=np.float64)
    with pb.from_numpy(a):
        assert pb.memory_info()["external"] == before + 8000
    assert pb.memory_info()["external"] == before


def test_limit_error_is_a_tensor_memory_error_with_the_message():
    memory = jpype.JClass("org.pybridge.tensor.Memory")
    old = memory.limit()
    memory.setLimit(pb.memory_info()["used"] + (1 << 20))
    try:
        with pytest.raises(pb.TensorMemoryError, match="off-heap limit") as info:
            pb.zeros((16 << 20,), dtype="int8")
        assert isinstance(info.value, MemoryError)
        assert "pb.jvm.start(max_offheap" in str(info.value)
        assert info.value.java_class == "org.pybridge.tensor.TensorOutOfMemoryException"
    finally:
        memory.setLimit(old)


def test_java_exceptions_carry_the_java_stack_trace():
    with pb.ones((2, 3)) as t, pytest.raises(pb.ShapeError) as info:
        t.reshape(4, 2)
    err = info.value
    assert err.java_class == "org.pybridge.tensor.ShapeException"
    assert "at org.pybridge.tensor.NDArray.reshape" in err.java_stacktrace
    assert err.java_exception is not None
    assert str(err) == str(err.java_exception.getMessage())


def test_nested_scopes_do_not_close_numpy_views():
    with pb.scope(), pb.scope():
        t = pb.arange(4, dtype="int32")
        v = t.numpy()
        with pb.scope():
            w = (t * 2).numpy()
    assert t.closed
    gc.collect()
    jpype.java.lang.System.gc()
    assert v.tolist() == [0, 1, 2, 3] and w.tolist() == [0, 2, 4, 6]


def test_tensors_work_and_free_across_python_threads():
    import threading

    results = {}

    def work(i):
        with pb.scope():
            t = pb.full((100,), float(i))
            results[i] = float((t * 2).sum())
        kept = pb.arange(3) + i
        results[f"kept{i}"] = kept.tolist()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert [results[i] for i in range(4)] == [0.0, 200.0, 400.0, 600.0]
    assert results["kept3"] == [3, 4, 5]
