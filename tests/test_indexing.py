"""Indexing and assignment against numpy: basic (views), integer arrays, boolean masks."""

from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import ALL, arrays, check

import pybridge as pb

index_shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)


def compare(got, expected):
    """numpy gives a scalar for a full integer index and an array otherwise; so must we."""
    if isinstance(expected, np.ndarray):
        check(got, expected)
    else:
        assert not isinstance(got, pb.NDArray), f"expected a scalar, got {got!r}"
        assert type(got) is type(expected) and got == expected


@given(st.sampled_from(ALL), st.data())
def test_basic_indexing_gives_views_like_numpy(dtype, data):
    x = data.draw(arrays(dtype, data.draw(index_shapes)))
    index = data.draw(hnp.basic_indices(x.shape, allow_newaxis=True, allow_ellipsis=True))
    t = pb.from_numpy(x)
    expected = x[index]
    got = t[index]
    compare(got, expected)
    if isinstance(got, pb.NDArray) and got.size:
        assert np.shares_memory(got.numpy(), x)


@given(st.sampled_from(ALL), st.data())
def test_basic_assignment_writes_through(dtype, data):
    x = data.draw(arrays(dtype, data.draw(index_shapes), low=-5, high=5))
    index = data.draw(hnp.basic_indices(x.shape, allow_newaxis=True, allow_ellipsis=True))
    target_shape = np.shape(x[index])
    value = data.draw(st.one_of(
        st.just(3 if dtype != "bool" else True),
        st.just(2.75) if dtype in ("float16", "float32", "float64") else st.just(1),
        arrays(dtype, target_shape, low=-5, high=5),
        arrays(dtype, target_shape[-1:], low=-5, high=5),
    ))
    expected = x.copy()
    expected[index] = value
    actual = x.copy()
    t = pb.from_numpy(actual)
    t[index] = value if not isinstance(value, np.ndarray) or data.draw(st.booleans()) \
        else pb.from_numpy(value)
    np.testing.assert_array_equal(actual, expected)


@given(st.sampled_from(ALL), st.data())
def test_integer_array_along_one_axis(dtype, data):
    x = data.draw(arrays(dtype, data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))))
    axis = data.draw(st.integers(0, x.ndim - 1))
    n = x.shape[axis]
    idx = data.draw(hnp.arrays(np.int64, data.draw(hnp.array_shapes(min_dims=1, max_dims=2,
                                                                    max_side=3)),
                               elements=st.integers(-n, n - 1)))
    index = (slice(None),) * axis + (idx,)
    as_list = (slice(None),) * axis + (idx.tolist(),)
    t = pb.from_numpy(x)
    check(t[index], x[index])
    check(t[as_list], x[as_list])
    check(t[(slice(None),) * axis + (pb.from_numpy(idx),)], x[index])
    check(t[(None, *index)], x[(None, *index)])


@given(st.sampled_from(ALL), st.data())
def test_boolean_masks(dtype, data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
    x = data.draw(arrays(dtype, shape))
    mask = data.draw(hnp.arrays(np.bool_, shape))
    t = pb.from_numpy(x)
    check(t[mask], x[mask])
    check(t[pb.from_numpy(mask)], x[mask])
    row_mask = mask.reshape(-1)[: shape[0]] if mask.size >= shape[0] else np.ones(shape[0], bool)
    check(t[row_mask], x[row_mask])
    expected = x.copy()
    expected[mask] = expected[mask][::-1] if dtype != "bool" else True
    t[mask] = t[mask][::-1] if dtype != "bool" else True
    np.testing.assert_array_equal(x, expected)


@given(st.data())
def test_several_index_arrays_use_numpy_semantics(data):
    x = data.draw(arrays("int32", data.draw(hnp.array_shapes(min_dims=2, max_dims=3,
                                                             max_side=4))))
    index = data.draw(hnp.integer_array_indices(x.shape))
    t = pb.from_numpy(x)
    check(t[index], x[index])
    mixed = (0, slice(None), np.array([0, -1])) if x.ndim == 3 else (np.array([0, -1]), 0)
    check(t[mixed], x[mixed])
    expected = x.copy()
    expected[index] = -1
    t[index] = -1
    np.testing.assert_array_equal(x, expected)


def test_negative_steps_ellipsis_and_newaxis():
    x = np.arange(2 * 3 * 4, dtype=np.float64).reshape(2, 3, 4)
    t = pb.from_numpy(x)
    for index in [
        (slice(None, None, -1),),
        (Ellipsis, slice(None, None, -2)),
        (1, None, slice(2, None, -1), Ellipsis),
        (Ellipsis, None),
        (slice(5, -10, -1), 0),
        (0, ..., 1),
        (np.int64(1), -1, np.int32(3)),
        (),
    ]:
        compare(t[index], x[index])


def test_setitem_from_overlapping_views_copies_first():
    x = np.arange(10, dtype=np.int64)
    t = pb.from_numpy(x)
    t[1:] = t[:-1]
    expected = np.arange(10)
    expected[1:] = np.arange(9)
    np.testing.assert_array_equal(x, expected)
    t[:5] = x[5:][::-1]
    expected[:5] = expected[5:][::-1].copy()
    np.testing.assert_array_equal(x, expected)


def test_setitem_checks_values():
    with pb.zeros(3, dtype="int8") as t:
        with pytest.raises(OverflowError, match="out of bounds for int8"):
            t[0] = 300
        with pytest.raises(pb.ShapeError):
            t[:] = pb.ones(2)
        with pytest.raises(TypeError, match="Cannot assign"):
            t[0] = object()
        t[...] = [1, 2, 3]
        assert t.tolist() == [1, 2, 3]
        t.fill(9)
        assert t.tolist() == [9, 9, 9]
