"""Element-wise ops, reductions and products checked against numpy (the oracle).

Inputs are random shapes (0-d and empty included), every dtype an op supports, broadcasting
pairs, and non-contiguous layouts (Fortran order, strided, negative strides), all wrapped from
numpy without copying.
"""

from __future__ import annotations

import math
import operator
import warnings

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import ALL, FLOATS, INTS, NUMERIC, arrays, check, tolerance

import pybridge as pb

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _float_like(x: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` in the float type numpy gives a transcendental function of ``x``."""
    return values.astype(np.exp(np.zeros((), dtype=x.dtype)).dtype)


# name -> (numpy reference, (low, high) input range, dtypes, transcendental)
UNARY = {
    "exp": (np.exp, (-5, 5), NUMERIC, True),
    "log": (np.log, (0.1, 20), NUMERIC, True),
    "log1p": (np.log1p, (-0.5, 20), FLOATS, True),
    "expm1": (np.expm1, (-5, 5), FLOATS, True),
    "sqrt": (np.sqrt, (0, 20), NUMERIC, True),
    "rsqrt": (lambda x: _float_like(x, 1 / np.sqrt(x.astype(np.float64))), (0.1, 20), NUMERIC,
              True),
    "square": (np.square, (-10, 10), NUMERIC, False),
    "reciprocal": (np.reciprocal, (0.5, 10), FLOATS, False),
    "sin": (np.sin, (-5, 5), NUMERIC, True),
    "cos": (np.cos, (-5, 5), NUMERIC, True),
    "tanh": (np.tanh, (-5, 5), NUMERIC, True),
    "sigmoid": (lambda x: _float_like(x, 1 / (1 + np.exp(-x.astype(np.float64)))), (-8, 8),
                NUMERIC, True),
    "relu": (lambda x: np.maximum(x, np.zeros((), x.dtype)), (-10, 10), NUMERIC, False),
    "floor": (np.floor, (-10, 10), NUMERIC, False),
    "ceil": (np.ceil, (-10, 10), NUMERIC, False),
    "round": (np.round, (-10, 10), NUMERIC, False),
    "erf": (lambda x: _float_like(x, _erf(x.astype(np.float64))), (-3, 3), NUMERIC, True),
    "abs": (np.abs, (-10, 10), NUMERIC, False),
    "sign": (np.sign, (-10, 10), NUMERIC, False),
    "negative": (np.negative, (-10, 10), NUMERIC, False),
    "logical_not": (np.logical_not, (-3, 3), ALL, False),
}


@st.composite
def unary_case(draw, name):
    _, (low, high), dtypes, _ = UNARY[name]
    dtype = draw(st.sampled_from(dtypes))
    return draw(arrays(dtype, low=low, high=high))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_functions_match_numpy(name):
    ref, _, _, transcendental = UNARY[name]

    @given(unary_case(name))
    def run(x):
        check(getattr(pb, name)(x), ref(x), transcendental)

    run()


@given(arrays("float32", low=-3, high=3))
def test_unary_methods_and_operators(x):
    t = pb.from_numpy(x)
    check(-t, -x)
    check(abs(t), np.abs(x))
    check(t.exp(), np.exp(x), transcendental=True)
    check(t.tanh(), np.tanh(x), transcendental=True)
    check(t.relu(), np.maximum(x, np.float32(0)))
    check(np.exp(t), np.exp(x), transcendental=True)  # numpy's ufunc on an NDArray
    check(+t, x)


# name -> (operator, numpy reference, dtypes, (low, high) of the right operand)
BINARY = {
    "add": (operator.add, np.add, ALL, None),
    "sub": (operator.sub, np.subtract, NUMERIC, None),
    "mul": (operator.mul, np.multiply, ALL, None),
    "truediv": (operator.truediv, np.true_divide, NUMERIC, (1, 9)),
    "floordiv": (operator.floordiv, np.floor_divide, NUMERIC, (1, 9)),
    "mod": (operator.mod, np.remainder, NUMERIC, (1, 9)),
    "pow": (operator.pow, np.power, NUMERIC, (0, 3)),
    "maximum": (pb.maximum, np.maximum, ALL, None),
    "minimum": (pb.minimum, np.minimum, ALL, None),
    "eq": (operator.eq, np.equal, ALL, None),
    "ne": (operator.ne, np.not_equal, ALL, None),
    "lt": (operator.lt, np.less, ALL, None),
    "le": (operator.le, np.less_equal, ALL, None),
    "gt": (operator.gt, np.greater, ALL, None),
    "ge": (operator.ge, np.greater_equal, ALL, None),
    "and": (operator.and_, np.bitwise_and, ["bool", *INTS], None),
    "or": (operator.or_, np.bitwise_or, ["bool", *INTS], None),
    "xor": (operator.xor, np.bitwise_xor, ["bool", *INTS], None),
    "arctan2": (np.arctan2, np.arctan2, FLOATS, (0.5, 5)),
}


@st.composite
def binary_case(draw, name):
    _, _, dtypes, right_range = BINARY[name]
    left_dtype = draw(st.sampled_from(dtypes))
    right_dtype = draw(st.sampled_from(dtypes))
    if name == "sub" and left_dtype == right_dtype == "bool":
        right_dtype = "int8"
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=4))
    left_shape, right_shape = shapes.input_shapes
    low, high = right_range or (-10, 10)
    if name == "pow":
        left = draw(arrays(left_dtype, left_shape, low=0.5 if left_dtype in FLOATS else -3,
                           high=3))
    else:
        left = draw(arrays(left_dtype, left_shape))
    right = draw(arrays(right_dtype, right_shape, low=low, high=high))
    if name in ("truediv", "floordiv", "mod") and right_dtype == "bool":
        right = np.ones_like(right)
    return left, right


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_broadcast_and_promote_like_numpy(name):
    op, ref, _, _ = BINARY[name]

    @given(binary_case(name))
    def run(case):
        x, y = case
        with np.errstate(all="ignore"):
            expected = ref(x, y)
        transcendental = name in ("arctan2", "pow")
        check(op(pb.from_numpy(x), pb.from_numpy(y)), expected, transcendental)
        check(op(pb.from_numpy(x), y), expected, transcendental)  # numpy operand on the right
        if op not in (pb.maximum, pb.minimum, np.arctan2):
            check(op(x, pb.from_numpy(y)), expected, transcendental)  # via __array_ufunc__

    run()


SCALAR_OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
              operator.mod, operator.pow, operator.lt, operator.eq, operator.ge]


@given(
    st.sampled_from(NUMERIC),
    st.sampled_from(SCALAR_OPS),
    st.one_of(st.integers(1, 5), st.floats(0.5, 4.0)),
    st.booleans(),
    st.data(),
)
def test_python_scalars_are_weak_like_numpy(dtype, op, scalar, reverse, data):
    low = 0.5 if (reverse and op in (operator.truediv, operator.floordiv, operator.mod)) else -4
    if op is operator.pow:
        low = 0.5 if dtype in FLOATS else 0
    x = data.draw(arrays(dtype, low=low, high=4))
    if reverse and dtype not in FLOATS and op in (operator.truediv, operator.floordiv,
                                                  operator.mod):
        x = np.where(x == 0, np.ones((), x.dtype), x)
    if op is operator.pow and reverse and dtype not in FLOATS:
        scalar = 2
    with np.errstate(all="ignore"):
        expected = op(scalar, x) if reverse else op(x, scalar)
    t = pb.from_numpy(x)
    check(op(scalar, t) if reverse else op(t, scalar), expected, op is operator.pow)


def test_numpy_scalars_are_strong_like_numpy():
    x = np.array([1.5, 2.5], dtype=np.float16)
    t = pb.from_numpy(x)
    check(t * np.float32(2), x * np.float32(2))
    check(t + np.float64(1), x + np.float64(1))
    check(pb.from_numpy(np.arange(3, dtype=np.int8)) + np.int64(1),
          np.arange(3, dtype=np.int8) + np.int64(1))


def test_integer_division_follows_python_semantics():
    for dtype in ["int8", "int32", "int64", "float32", "float64"]:
        x = np.array([-7, 7, -7, 7, 0, -1], dtype=dtype)
        y = np.array([2, -2, -2, 2, 3, 5], dtype=dtype)
        check(pb.from_numpy(x) // pb.from_numpy(y), x // y)
        check(pb.from_numpy(x) % pb.from_numpy(y), x % y)
        check(pb.from_numpy(x) % 3, x % 3)
        check(-7 // pb.from_numpy(y), -7 // y)
        quotient, remainder = divmod(pb.from_numpy(x), pb.from_numpy(y))
        check(quotient, x // y)
        check(remainder, x % y)


def test_integer_overflow_of_python_scalars_is_refused_like_numpy():
    t = pb.from_numpy(np.arange(3, dtype=np.int8))
    with pytest.raises(OverflowError, match="out of bounds for int8"):
        t + 300
    with pytest.raises(OverflowError, match="out of bounds for uint8"):
        pb.from_numpy(np.arange(3, dtype=np.uint8)) - (-1)
    x = np.arange(-2, 3, dtype=np.int8)
    for value in (300, -1000, 2**70):  # comparisons answer exactly, like numpy 2
        check(pb.from_numpy(x) < value, x < value)
        check(pb.from_numpy(x) == value, x == value)
    check(pb.from_numpy(x.astype(np.float32)) + 2**70, x.astype(np.float32) + 2**70)


def test_invert_and_logical_operators():
    b = np.array([True, False, True])
    i = np.array([0, 5, -3], dtype=np.int16)
    u = np.array([0, 5, 255], dtype=np.uint8)
    check(~pb.from_numpy(b), ~b)
    check(~pb.from_numpy(i), ~i)
    check(~pb.from_numpy(u), ~u)
    check(pb.from_numpy(b) & True, b & True)
    check(pb.from_numpy(i) | 8, i | 8)
    with pytest.raises(TypeError):
        ~pb.ones(2)


@given(st.sampled_from(NUMERIC), st.sampled_from(NUMERIC), st.data())
def test_in_place_ops_write_into_the_tensor(dtype, other_dtype, data):
    target_shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
    x = data.draw(arrays(dtype, target_shape, low=1, high=5))
    y = data.draw(arrays(other_dtype, target_shape[-1:], low=1, high=5))
    with np.errstate(all="ignore"):
        expected = x.copy()
        try:
            expected += y
        except TypeError:  # numpy's same_kind rule refuses it; the engine must too
            with pytest.raises(TypeError):
                t = pb.from_numpy(x.copy())
                t += pb.from_numpy(y)
            return
    base = x.copy()
    t = pb.from_numpy(base)
    t += pb.from_numpy(y)
    np.testing.assert_allclose(base.astype(np.float64), expected.astype(np.float64),
                               **tolerance(base.dtype))
    t *= 2
    np.testing.assert_allclose(base.astype(np.float64), (expected * 2).astype(np.float64),
                               **tolerance(base.dtype))


# ---------------------------------------------------------------------- reductions


@st.composite
def reduction_case(draw, dtypes, allow_empty=True):
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0 if allow_empty else 1,
                                  max_side=5))
    x = draw(arrays(dtype, shape, low=-5, high=5))
    ndim = len(shape)
    axis = draw(st.one_of(
        st.none(),
        st.integers(-ndim, ndim - 1) if ndim else st.none(),
        st.lists(st.integers(0, ndim - 1), unique=True, min_size=1).map(tuple) if ndim
        else st.none(),
    ))
    return x, axis, draw(st.booleans())


def _reduction_tol(x, expected, op):
    if expected.dtype.kind != "f":
        return None
    eps = float(np.finfo(expected.dtype).eps)
    scale = float(np.abs(x.astype(np.float64)).sum()) if x.size else 0.0
    if op in ("var", "std"):
        scale = scale * 10 + 1
    return {"rtol": eps * 64, "atol": eps * 16 * (scale + 1)}


REDUCTIONS = {
    "sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "prod": np.prod,
    "var": np.var, "std": np.std, "any": np.any, "all": np.all,
}


@pytest.mark.parametrize("op", sorted(REDUCTIONS))
def test_reductions_over_random_axes(op):
    ref = REDUCTIONS[op]

    @given(reduction_case(ALL if op in ("sum", "max", "min", "any", "all") else NUMERIC))
    def run(case):
        x, axis, keepdims = case
        if op == "prod":
            x = np.clip(x, -2, 2)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # numpy's empty-slice warnings
            try:
                expected = ref(x, axis=axis, keepdims=keepdims)
            except ValueError:  # e.g. max of an empty axis: the engine must refuse too
                with pytest.raises(ValueError):
                    getattr(pb.from_numpy(x), op)(axis=axis, keepdims=keepdims)
                return
        result = getattr(pb.from_numpy(x), op)(axis=axis, keepdims=keepdims)
        if op in ("mean", "var", "std") and x.size == 0:
            return  # numpy warns and gives NaN; not a contract
        check(result, expected, tol=_reduction_tol(x, np.asarray(expected), op))

    run()


@given(reduction_case(FLOATS, allow_empty=False), st.integers(0, 1))
def test_var_and_std_with_ddof(case, ddof):
    x, axis, keepdims = case
    n = x.size if axis is None else int(np.prod([x.shape[a] for a in np.atleast_1d(axis)]))
    if n <= ddof:
        return
    t = pb.from_numpy(x)
    for op in ("var", "std"):
        expected = getattr(np, op)(x, axis=axis, ddof=ddof, keepdims=keepdims)
        result = getattr(t, op)(axis=axis, ddof=ddof, keepdims=keepdims)
        check(result, expected, tol=_reduction_tol(x, np.asarray(expected), op))


@given(st.sampled_from(NUMERIC), st.data())
def test_argmax_argmin(dtype, data):
    x = data.draw(arrays(dtype, data.draw(hnp.array_shapes(min_dims=1, max_dims=3,
                                                          max_side=5)), low=-3, high=3))
    axis = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    keepdims = data.draw(st.booleans())
    t = pb.from_numpy(x)
    check(t.argmax(axis=axis, keepdims=keepdims), np.argmax(x, axis=axis, keepdims=keepdims))
    check(t.argmin(axis=axis, keepdims=keepdims), np.argmin(x, axis=axis, keepdims=keepdims))
    check(pb.argmax(x, axis=axis), np.argmax(x, axis=axis))


@given(st.sampled_from(["bool", *NUMERIC]), st.data())
def test_cumulative_sums_and_products(dtype, data):
    x = data.draw(arrays(dtype, data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)),
                         low=-2, high=2))
    axis = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    t = pb.from_numpy(x)
    tol = None if dtype not in FLOATS else {"rtol": 1e-2 if dtype == "float16" else 1e-5,
                                             "atol": 1e-2 if dtype == "float16" else 1e-5}
    check(t.cumsum(axis=axis), np.cumsum(x, axis=axis), tol=tol)
    if dtype != "bool":
        check(t.cumprod(axis=axis), np.cumprod(x, axis=axis), tol=tol)


def _softmax(x, axis):
    x64 = x.astype(np.float64)
    e = np.exp(x64 - x64.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@given(st.sampled_from(FLOATS), st.data())
def test_softmax_and_log_softmax(dtype, data):
    x = data.draw(arrays(dtype, data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)),
                         low=-20, high=20))
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    t = pb.from_numpy(x)
    expected = _softmax(x, axis)
    check(t.softmax(axis), expected.astype(dtype), transcendental=True)
    check(pb.log_softmax(t, axis), np.log(expected).astype(dtype),
          tol={"rtol": 1e-3 if dtype == "float16" else 1e-5,
               "atol": 1e-2 if dtype == "float16" else 1e-5})


def test_reductions_of_zero_d_and_numpy_functions_on_tensors():
    x = np.array(3.5, dtype=np.float32)
    t = pb.from_numpy(x)
    check(t.sum(), np.sum(x))
    check(t.max(), np.max(x))
    y = np.arange(12, dtype=np.int32).reshape(3, 4)
    u = pb.from_numpy(y)
    check(np.sum(u, axis=0), np.sum(y, axis=0))    # numpy calls the tensor's own methods
    check(np.mean(u), np.mean(y))
    assert float(u.sum()) == 66.0 and int(u.max()) == 11


# ---------------------------------------------------------------------- products


@st.composite
def matmul_case(draw):
    dtype = draw(st.sampled_from(["float32", "float64"]))
    m, k, n = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    kind = draw(st.sampled_from(["mm", "mv", "vm", "vv", "batched", "broadcast"]))
    left = {"mm": (m, k), "mv": (m, k), "vm": (k,), "vv": (k,), "batched": (3, m, k),
            "broadcast": (2, 1, m, k)}[kind]
    right = {"mm": (k, n), "mv": (k,), "vm": (k, n), "vv": (k,), "batched": (3, k, n),
             "broadcast": (3, k, n)}[kind]
    other = draw(st.sampled_from(["float32", "float64"]))
    return draw(arrays(dtype, left, -2, 2)), draw(arrays(other, right, -2, 2))


@given(matmul_case())
def test_matmul_matches_numpy(case):
    x, y = case
    expected = x @ y
    tol = {"rtol": 1e-5, "atol": 1e-5} if expected.dtype == np.float32 else None
    check(pb.from_numpy(x) @ pb.from_numpy(y), expected, tol=tol)
    check(pb.matmul(x, y), expected, tol=tol)


@pytest.mark.parametrize("m, k, n", [(7, 300, 33), (130, 513, 70), (64, 256, 4100)])
@pytest.mark.parametrize("layout", ["plain", "a.T", "b.T", "both.T", "sliced"])
def test_float32_products_across_kernel_blocks(m, k, n, layout):
    # sizes that cross the native kernel's blocks (k > 256, n > 4096, m and n not multiples of
    # its 6 x 16 tile) and split over threads, on views the kernel reads in place
    rng = np.random.default_rng(m * k + n)
    a = rng.standard_normal((m, k)).astype(np.float32)
    b = rng.standard_normal((k, n)).astype(np.float32)
    if layout in ("a.T", "both.T"):
        a = np.ascontiguousarray(a.T).T
    if layout in ("b.T", "both.T"):
        b = np.ascontiguousarray(b.T).T
    if layout == "sliced":
        a = np.pad(a, ((0, 0), (0, 5)))[:, :k]
        b = np.pad(b, ((0, 0), (0, 3)))[:, :n]
    expected = a.astype(np.float64) @ b.astype(np.float64)
    got = (pb.from_numpy(a) @ pb.from_numpy(b)).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4 * np.sqrt(k))


@given(st.sampled_from(["float32", "float64"]), st.integers(1, 6), st.integers(1, 6),
       st.data())
def test_dot_and_outer(dtype, m, k, data):
    a = data.draw(arrays(dtype, (m, k), -2, 2))
    b = data.draw(arrays(dtype, (k,), -2, 2))
    c = data.draw(arrays(dtype, (m,), -2, 2))
    tol = {"rtol": 1e-5, "atol": 1e-5} if dtype == "float32" else None
    check(pb.from_numpy(a).dot(pb.from_numpy(b)), a.dot(b), tol=tol)
    check(pb.dot(b, b), np.dot(b, b), tol=tol)
    check(pb.dot(a.T, c), np.dot(a.T, c), tol=tol)
    check(pb.outer(b, c), np.outer(b, c), tol=tol)


def test_matmul_shape_mismatch_is_a_shape_error():
    with pytest.raises(pb.ShapeError, match=r"\(2, 3\)|\(4, 5\)"):
        pb.ones((2, 3)) @ pb.ones((4, 5))


def test_where_and_clip():
    x = np.array([[-2.0, 0.5], [3.0, -0.25]], dtype=np.float32)
    t = pb.from_numpy(x)
    check(pb.where(t > 0, t, 0.0), np.where(x > 0, x, 0.0))
    check(pb.where(x > 0, 1, -1), np.where(x > 0, 1, -1))
    check(pb.where(t > 0, t, pb.zeros((2, 1))), np.where(x > 0, x, np.zeros((2, 1), np.float32)))
    check(t.clip(-1, 1), np.clip(x, -1, 1))
    check(pb.clip(t, None, 0.0), np.clip(x, None, 0.0))
    i = np.arange(-3, 4, dtype=np.int32)
    check(pb.clip(i, -1, 2), np.clip(i, -1, 2))


def test_ufuncs_without_an_engine_op_run_on_zero_copy_views():
    x = np.linspace(0.1, 2, 6, dtype=np.float32)
    t = pb.from_numpy(x)
    check(np.arcsinh(t), np.arcsinh(x))        # computed by numpy, returned as an NDArray
    out = pb.zeros(6)
    assert np.multiply(t, 2, out=out) is out   # numpy writes straight into JVM memory
    check(out, x * 2)
    assert np.add.reduce(t) == np.add.reduce(x)  # numpy scalars stay numpy scalars
