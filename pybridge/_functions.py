"""Module-level math: ``pb.exp(x)``, ``pb.maximum(a, b)``, ``pb.sum(x, axis=0)``, ``pb.matmul``...

Every function accepts NDArrays, numpy arrays (wrapped without copying) and Python data, and
returns an NDArray. Python ``int``/``float`` arguments are numpy 2 "weak" scalars: they take
the other argument's dtype when it can hold them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._creation import asarray
from ._errors import java_errors
from ._jvm import J, ensure_started
from ._ops import binary, unary
from ._tensor import NDArray, wrap

__all__ = [
    "abs", "absolute", "all", "any", "argmax", "argmin", "ceil", "clip", "cos", "cumprod",
    "cumsum", "dot", "erf", "exp", "expm1", "floor", "log", "log1p", "log_softmax",
    "logical_not", "matmul", "max", "maximum", "mean", "min", "minimum", "negative", "outer",
    "prod", "reciprocal", "relu", "round", "rsqrt", "sigmoid", "sign", "sin", "softmax", "sqrt",
    "square", "std", "sum", "tanh", "var", "where",
]  # fmt: skip


def _tensor_of(x: Any) -> NDArray:
    ensure_started()
    return asarray(x)


def _unary(name: str, doc: str) -> Any:
    def fn(x: Any) -> NDArray:
        return unary(_tensor_of(x), getattr(J, name))

    fn.__name__ = fn.__qualname__ = "negative" if name == "NEG" else name.lower()
    fn.__doc__ = doc
    return fn


exp = _unary("EXP", "e to the power of each element: ``pb.exp([0.0, 1.0])``.")
log = _unary("LOG", "Natural logarithm of each element.")
log1p = _unary("LOG1P", "``log(1 + x)`` of each element, accurate for small x.")
expm1 = _unary("EXPM1", "``exp(x) - 1`` of each element, accurate for small x.")
sqrt = _unary("SQRT", "Square root of each element.")
rsqrt = _unary("RSQRT", "``1 / sqrt(x)`` of each element.")
square = _unary("SQUARE", "Each element squared.")
reciprocal = _unary("RECIPROCAL", "``1 / x`` of each element.")
sin = _unary("SIN", "Sine of each element (radians).")
cos = _unary("COS", "Cosine of each element (radians).")
tanh = _unary("TANH", "Hyperbolic tangent of each element.")
sigmoid = _unary("SIGMOID", "Logistic sigmoid ``1 / (1 + exp(-x))`` of each element.")
relu = _unary("RELU", "``max(x, 0)`` of each element.")
floor = _unary("FLOOR", "Largest integer <= x, element-wise.")
ceil = _unary("CEIL", "Smallest integer >= x, element-wise.")
round = _unary("ROUND", "Nearest integer, halves to even (numpy's rule), element-wise.")
erf = _unary("ERF", "The error function of each element.")
abs = _unary("ABS", "Absolute value of each element.")
absolute = abs
sign = _unary("SIGN", "-1, 0 or 1 by the sign of each element (0 for 0, NaN for NaN).")
negative = _unary("NEG", "``-x`` of each element.")
logical_not = _unary("LOGICAL_NOT", "``not x`` of each element, as bool.")


def _binary(x: Any, y: Any, op: Any) -> NDArray:
    if isinstance(x, NDArray):
        result = binary(x, y, op)
    elif isinstance(y, NDArray):
        result = binary(y, x, op, True)
    else:
        result = binary(_tensor_of(x), y, op)
    if result is NotImplemented:
        raise TypeError(
            f"Expected array-likes (pybridge or numpy arrays, lists, numbers), got "
            f"{type(x).__name__} and {type(y).__name__}."
        )
    return result


def maximum(x: Any, y: Any) -> NDArray:
    """Element-wise maximum with broadcasting (NaN propagates): ``pb.maximum(t, 0.0)``."""
    return _binary(x, y, J.MAXIMUM)


def minimum(x: Any, y: Any) -> NDArray:
    """Element-wise minimum with broadcasting (NaN propagates)."""
    return _binary(x, y, J.MINIMUM)


def matmul(x: Any, y: Any) -> NDArray:
    """Matrix product with numpy's rules (``x @ y``), through native BLAS.

    >>> pb.matmul(pb.ones((2, 3)), pb.ones((3, 4))).shape
    (2, 4)
    """
    if isinstance(x, NDArray):
        return x.matmul(y)
    return _tensor_of(x).matmul(y)


def dot(x: Any, y: Any) -> NDArray:
    """numpy's ``dot``: inner product of vectors, matrix product of matrices."""
    return _tensor_of(x).dot(y)


@java_errors
def outer(x: Any, y: Any) -> NDArray:
    """Outer product of two vectors (inputs are flattened, like numpy)."""
    a = _tensor_of(x)
    b = _tensor_of(y)
    return wrap(J.LinalgKernels.outer(a._j, b._j))


def _weak_operand(value: Any, partner: Any) -> Any:
    """A Python scalar as a 0-d tensor of the dtype numpy 2 would give it next to ``partner``."""
    if type(value) in (int, float, bool) and isinstance(partner, NDArray):
        return asarray(np.asarray(value, dtype=np.result_type(partner.dtype, value)))
    return _tensor_of(value)


@java_errors
def where(condition: Any, x: Any, y: Any) -> NDArray:
    """Elements of ``x`` where ``condition`` is true, else of ``y`` (all broadcast).

    >>> t = pb.array([-1.0, 2.0])
    >>> pb.where(t > 0, t, 0.0).tolist()
    [0.0, 2.0]
    """
    cond = _tensor_of(condition)
    if cond.dtype != np.bool_:
        cond = cond.astype(bool)
    xs = x if isinstance(x, NDArray) else None
    ys = y if isinstance(y, NDArray) else None
    xt = _weak_operand(x, ys) if xs is None else xs
    yt = _weak_operand(y, xt) if ys is None else ys
    return wrap(J.NDArray.where(cond._j, xt._j, yt._j))


def clip(a: Any, a_min: Any = None, a_max: Any = None) -> NDArray:
    """Limits values to ``[a_min, a_max]`` (either may be None)."""
    return _tensor_of(a).clip(a_min, a_max)


# ---------------------------------------------------------------------- reductions


def sum(a: Any, axis: Any = None, dtype: Any = None, keepdims: bool = False) -> NDArray:
    """Sum over ``axis`` (int, tuple or None for all): ``pb.sum(t, axis=0)``."""
    return _tensor_of(a).sum(axis=axis, dtype=dtype, keepdims=keepdims)


def mean(a: Any, axis: Any = None, dtype: Any = None, keepdims: bool = False) -> NDArray:
    """Arithmetic mean over ``axis``."""
    return _tensor_of(a).mean(axis=axis, dtype=dtype, keepdims=keepdims)


def prod(a: Any, axis: Any = None, dtype: Any = None, keepdims: bool = False) -> NDArray:
    """Product over ``axis``."""
    return _tensor_of(a).prod(axis=axis, dtype=dtype, keepdims=keepdims)


def max(a: Any, axis: Any = None, keepdims: bool = False) -> NDArray:
    """Maximum over ``axis``."""
    return _tensor_of(a).max(axis=axis, keepdims=keepdims)


def min(a: Any, axis: Any = None, keepdims: bool = False) -> NDArray:
    """Minimum over ``axis``."""
    return _tensor_of(a).min(axis=axis, keepdims=keepdims)


def var(a: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> NDArray:
    """Variance over ``axis`` with ``ddof`` delta degrees of freedom."""
    return _tensor_of(a).var(axis=axis, ddof=ddof, keepdims=keepdims)


def std(a: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> NDArray:
    """Standard deviation over ``axis`` with ``ddof`` delta degrees of freedom."""
    return _tensor_of(a).std(axis=axis, ddof=ddof, keepdims=keepdims)


def any(a: Any, axis: Any = None, keepdims: bool = False) -> NDArray:
    """True where any element along ``axis`` is non-zero."""
    return _tensor_of(a).any(axis=axis, keepdims=keepdims)


def all(a: Any, axis: Any = None, keepdims: bool = False) -> NDArray:
    """True where all elements along ``axis`` are non-zero."""
    return _tensor_of(a).all(axis=axis, keepdims=keepdims)


def argmax(a: Any, axis: Any = None, keepdims: bool = False) -> NDArray:
    """Index of the maximum along ``axis`` (of the flattened tensor when None)."""
    return _tensor_of(a).argmax(axis=axis, keepdims=keepdims)


def argmin(a: Any, axis: Any = None, keepdims: bool = False) -> NDArray:
    """Index of the minimum along ``axis`` (of the flattened tensor when None)."""
    return _tensor_of(a).argmin(axis=axis, keepdims=keepdims)


def cumsum(a: Any, axis: Any = None, dtype: Any = None) -> NDArray:
    """Cumulative sum along ``axis`` (of the flattened tensor when None)."""
    return _tensor_of(a).cumsum(axis=axis, dtype=dtype)


def cumprod(a: Any, axis: Any = None, dtype: Any = None) -> NDArray:
    """Cumulative product along ``axis`` (of the flattened tensor when None)."""
    return _tensor_of(a).cumprod(axis=axis, dtype=dtype)


def softmax(x: Any, axis: int = -1) -> NDArray:
    """Softmax along ``axis``, numerically stable: ``pb.softmax(logits)``."""
    return _tensor_of(x).softmax(axis)


def log_softmax(x: Any, axis: int = -1) -> NDArray:
    """Log of the softmax along ``axis``, numerically stable."""
    return _tensor_of(x).log_softmax(axis)

