"""Views, joins, splits, padding, gathers, scatters and sorting, against numpy."""

from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import ALL, FLOATS, NUMERIC, arrays, check

import pybridge as pb

small_shapes = hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4)


@given(st.sampled_from(ALL), st.data())
def test_views_match_numpy_and_share_memory(dtype, data):
    x = data.draw(arrays(dtype, data.draw(small_shapes)))
    t = pb.from_numpy(x)
    check(t.T, x.T)
    perm = data.draw(st.permutations(range(x.ndim)))
    check(t.transpose(*perm), x.transpose(perm))
    check(t.permute(perm), x.transpose(perm))
    a, b = data.draw(st.integers(0, x.ndim - 1)), data.draw(st.integers(0, x.ndim - 1))
    check(t.swapaxes(a, b), x.swapaxes(a, b))
    check(t.ravel(), x.ravel())
    check(t.flatten(), x.flatten())
    check(t.reshape(-1), x.reshape(-1))
    check(t.reshape(x.size, 1), x.reshape(x.size, 1))
    check(t.expand_dims(0), np.expand_dims(x, 0))
    check(t.expand_dims((0, -1)), np.expand_dims(x, (0, -1)))
    check(t.reshape(1, *x.shape, 1).squeeze(), x.reshape(1, *x.shape, 1).squeeze())
    check(t[None].squeeze(0), x)
    check(t.broadcast_to((2, *x.shape)), np.broadcast_to(x, (2, *x.shape)))
    view = t.transpose()
    assert np.shares_memory(view.numpy(), x)  # a view, not a copy


def test_reshape_views_and_copies_like_numpy():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    t = pb.from_numpy(x)
    assert np.shares_memory(t.reshape(6, 4).numpy(), x)
    transposed = t.transpose()
    flat = transposed.reshape(-1)          # not expressible as a view: a copy
    check(flat, x.T.reshape(-1))
    assert not np.shares_memory(flat.numpy(), x)
    check(t.reshape((4, 6)), x.reshape(4, 6))
    check(t.astype("int16"), x.astype(np.int16))
    copy = t.astype("float32")
    assert not np.shares_memory(copy.numpy(), x)
    assert t.astype("float32", copy=False) is t


@given(st.sampled_from(NUMERIC), st.data())
def test_concatenate_stack_split(dtype, data):
    shape = data.draw(small_shapes)
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    count = data.draw(st.integers(1, 3))
    parts = []
    for _ in range(count):
        s = list(shape)
        s[axis] = data.draw(st.integers(0, 3))
        parts.append(data.draw(arrays(dtype, tuple(s))))
    check(pb.concatenate([pb.from_numpy(p) for p in parts], axis=axis),
          np.concatenate(parts, axis=axis))
    same = [data.draw(arrays(dtype, shape)) for _ in range(count)]
    new_axis = data.draw(st.integers(-len(shape) - 1, len(shape)))
    check(pb.stack(same, axis=new_axis), np.stack(same, axis=new_axis))
    whole = np.concatenate(parts, axis=axis)
    n = whole.shape[axis]
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=3)))
    for got, want in zip(pb.split(whole, cuts, axis=axis), np.split(whole, cuts, axis=axis),
                         strict=True):
        check(got, want)
    sections = data.draw(st.sampled_from([d for d in (1, 2, 3) if n % d == 0] or [1]))
    for got, want in zip(pb.split(pb.from_numpy(whole), sections, axis=axis),
                         np.split(whole, sections, axis=axis), strict=True):
        check(got, want)


def test_mixed_dtypes_concatenate_like_numpy():
    a = np.arange(3, dtype=np.int8)
    b = np.linspace(0, 1, 2).astype(np.float32)
    check(pb.concat([a, b]), np.concatenate([a, b]))


@given(st.sampled_from(ALL), st.data())
def test_tile_and_pad(dtype, data):
    x = data.draw(arrays(dtype, data.draw(hnp.array_shapes(min_dims=1, max_dims=3,
                                                          max_side=3))))
    reps = data.draw(st.lists(st.integers(0, 3), min_size=1, max_size=4).map(tuple))
    check(pb.tile(pb.from_numpy(x), reps), np.tile(x, reps))
    width = data.draw(st.one_of(
        st.integers(0, 2),
        st.tuples(st.integers(0, 2), st.integers(0, 2)),
        st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=x.ndim,
                 max_size=x.ndim),
    ))
    value = 1 if dtype != "bool" else True
    check(pb.pad(x, width, constant_values=value), np.pad(x, width, constant_values=value))
    if x.size:
        check(pb.pad(x, width, mode="edge"), np.pad(x, width, mode="edge"))


@given(st.sampled_from(ALL), st.data())
def test_take_and_take_along_axis(dtype, data):
    x = data.draw(arrays(dtype, data.draw(small_shapes)))
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    n = x.shape[axis]
    idx = data.draw(hnp.arrays(np.int64, data.draw(hnp.array_shapes(min_dims=0, max_dims=2,
                                                                    max_side=3)),
                               elements=st.integers(-n, n - 1)))
    check(pb.take(pb.from_numpy(x), idx, axis=axis), np.take(x, idx, axis=axis))
    flat = data.draw(hnp.arrays(np.int64, (3,), elements=st.integers(-x.size, x.size - 1)))
    check(pb.take(x, flat), np.take(x, flat))
    along_shape = list(x.shape)
    along_shape[axis] = data.draw(st.integers(1, 3))
    along = data.draw(hnp.arrays(np.int64, tuple(along_shape), elements=st.integers(0, n - 1)))
    check(pb.take_along_axis(x, along, axis), np.take_along_axis(x, along, axis))


def test_put_and_scatter_add():
    x = np.zeros(6, dtype=np.float32)
    t = pb.zeros(6)
    pb.put(t, [0, -1, 2], pb.array([1.0, 2.0, 3.0], dtype="float32"))
    np.put(x, [0, -1, 2], [1.0, 2.0, 3.0])
    check(t, x)
    target = pb.zeros((3, 2))
    result = pb.scatter_add(target, [0, 2, 0], pb.ones((3, 2)))
    assert result is target
    expected = np.zeros((3, 2), dtype=np.float32)
    np.add.at(expected, [0, 2, 0], 1.0)
    check(target, expected)


def test_one_hot():
    check(pb.one_hot([0, 2, 1], 3), np.eye(3, dtype=np.float32)[[0, 2, 1]])
    check(pb.one_hot(np.array([[1], [0]]), 2, dtype="int32"),
          np.eye(2, dtype=np.int32)[np.array([[1], [0]])])


@given(st.sampled_from(NUMERIC), st.data())
def test_sort_argsort_topk(dtype, data):
    x = data.draw(arrays(dtype, data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)),
                         low=-5, high=5))
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    t = pb.from_numpy(x)
    ascending = np.sort(x, axis=axis)
    check(pb.sort(t, axis=axis), ascending)
    check(pb.sort(t, axis=axis, descending=True), np.flip(ascending, axis=axis))
    check(pb.sort(x, axis=None), np.sort(x, axis=None))
    # Stable in both orders: equal values keep their original order.
    keys = x.astype(np.float64)
    stable_up = np.argsort(keys, axis=axis, kind="stable")
    stable_down = np.argsort(-keys, axis=axis, kind="stable")
    check(pb.argsort(t, axis=axis), stable_up)
    check(pb.argsort(t, axis=axis, descending=True), stable_down)
    k = data.draw(st.integers(0, x.shape[axis]))
    first_k = np.arange(k)
    for largest, order in ((True, stable_down), (False, stable_up)):
        values, indices = pb.topk(t, k, axis=axis, largest=largest)
        check(indices, np.take(order, first_k, axis=axis))
        check(values, np.take_along_axis(x, np.take(order, first_k, axis=axis), axis=axis))


@pytest.mark.parametrize("dtype", FLOATS)
def test_sort_puts_nan_last_like_numpy(dtype):
    x = np.array([3.0, np.nan, -1.0, 2.0], dtype=dtype)
    check(pb.sort(x), np.sort(x))


def test_creation_functions_match_numpy():
    check(pb.zeros((2, 3)), np.zeros((2, 3), np.float32))
    check(pb.ones(4, dtype="int8"), np.ones(4, np.int8))
    check(pb.full((2,), 7), np.full((2,), 7))
    check(pb.full((2, 2), 1.5, dtype="float64"), np.full((2, 2), 1.5))
    check(pb.full((3,), 2**60), np.full((3,), 2**60))
    check(pb.arange(5), np.arange(5))
    check(pb.arange(1, 2, 0.25), np.arange(1, 2, 0.25))
    check(pb.arange(10, 0, -3, dtype="int32"), np.arange(10, 0, -3, dtype=np.int32))
    check(pb.eye(3, 4, k=1), np.eye(3, 4, k=1, dtype=np.float32))
    check(pb.eye(4, 3, k=-2, dtype="int64"), np.eye(4, 3, k=-2, dtype=np.int64))
    check(pb.identity(2), np.identity(2, dtype=np.float32))
    check(pb.linspace(0, 1, 5), np.linspace(0, 1, 5))
    ref = np.arange(6, dtype=np.int16).reshape(2, 3)
    check(pb.zeros_like(ref), np.zeros_like(ref))
    check(pb.ones_like(pb.from_numpy(ref), dtype="float32"), np.ones_like(ref, np.float32))
    check(pb.full_like(ref, 4), np.full_like(ref, 4))
    assert pb.empty_like(ref).shape == (2, 3)
    check(pb.array([[1, 2], [3, 4]]), np.array([[1, 2], [3, 4]]))
    check(pb.array([1.5, 2.5], dtype="float16"), np.array([1.5, 2.5], np.float16))
    check(pb.array(True), np.array(True))
    check(pb.NDArray([[1.0, 2.0]], dtype="float32"), np.array([[1.0, 2.0]], np.float32))
    check(pb.array(pb.arange(3), dtype="float64"), np.arange(3, dtype=np.float64))


def test_python_protocols():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = pb.from_numpy(x)
    assert len(t) == 2
    rows = list(t)
    assert [r.tolist() for r in rows] == x.tolist()
    assert list(t[0]) == [0.0, 1.0, 2.0] and isinstance(next(iter(t[0])), np.float32)
    assert float(t[1, 2]) == 5.0 and int(pb.array(7)) == 7
    assert bool(pb.array([True])) is True
    assert [10, 20, 30][pb.array(1)] == 20  # __index__
    assert 4.0 in t
    assert t.item(4) == 4.0 and t.tolist() == x.tolist()
    assert t.ndim == 2 and t.size == 6 and t.itemsize == 4 and t.nbytes == 24
    assert t.dtype == np.dtype("float32") and t.strides == (12, 4)
    assert repr(t) == "pb.NDArray([[0., 1., 2.],\n            [3., 4., 5.]], dtype=float32)"
    assert repr(pb.zeros((0, 2))) == "pb.NDArray([], shape=(0, 2), dtype=float32)"
    assert str(t) == str(x)
    assert f"{pb.array(2.5):.2f}" == "2.50"
    import copy
    import pickle

    clone = pickle.loads(pickle.dumps(t))
    check(clone, x)
    check(copy.deepcopy(t), x)
