"""NDArray reductions (sum, mean, max, argmax, var...), cumulative ops and softmax.

Signatures follow numpy's methods so that ``np.sum(t)``, ``np.mean(t, axis=0)`` and friends,
which call these methods on non-numpy arrays, work too. Reducing everything gives a 0-d
tensor (``float(t.sum())`` or ``t.sum().item()`` for the Python number).
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
from jpype import JException

from . import _tensor
from ._errors import InvalidArgumentError, translate
from ._jvm import J

__all__ = ["Reductions", "axes_array", "reduce"]

_ALL_AXES: list[Any] = []  # cached empty int[] (means "all axes" to Java)


def axes_array(axis: Any) -> Any:
    """A Java int[] of axes; None (or an empty tuple of a 0-d array) means all axes."""
    if axis is None:
        if not _ALL_AXES:
            _ALL_AXES.append(J.int_array(0))
        return _ALL_AXES[0]
    if isinstance(axis, (tuple, list)):
        return J.int_array([operator.index(a) for a in axis])
    return J.int_array([operator.index(axis)])


def _no_out(out: Any, name: str) -> None:
    if out is not None:
        raise InvalidArgumentError(
            f"{name}(out=...) is not supported: pybridge returns a new tensor; assign it "
            f"instead, e.g. out[...] = t.{name}(...)."
        )


def reduce(a: Any, op: Any, name: str, axis: Any = None, keepdims: bool = False,
           dtype: Any = None, out: Any = None, ddof: int | None = None) -> Any:
    _no_out(out, name)
    src = a if dtype is None else a.astype(dtype, copy=False)
    if isinstance(axis, tuple) and not axis and a.ndim > 0:
        # numpy reduces over no axis at all: an element-wise pass with the reduction's type.
        result = getattr(np, name)(src.numpy(), axis=(), **({"ddof": ddof} if ddof else {}))
        return _tensor.wrap_numpy_array(np.array(result))
    try:
        axes = axes_array(axis)
        if ddof is None:
            j = src._j.reduce(op, axes, bool(keepdims))
        else:
            j = src._j.reduce(op, axes, bool(keepdims), operator.index(ddof))
    except JException as e:
        raise translate(e) from None
    return _tensor.wrap(j)


def arg_reduce(a: Any, largest: bool, axis: Any, keepdims: bool, out: Any) -> Any:
    _no_out(out, "argmax" if largest else "argmin")
    try:
        if axis is None:
            j = J.ReduceKernels.argReduceFlat(largest, a._j)
            if keepdims:
                kept = j.reshape(*([1] * a.ndim))
                j.close()
                j = kept
        else:
            j = J.ReduceKernels.argReduce(largest, a._j, operator.index(axis), bool(keepdims))
    except JException as e:
        raise translate(e) from None
    return _tensor.wrap(j)


def cumulative(a: Any, name: str, axis: Any, dtype: Any, out: Any) -> Any:
    _no_out(out, name)
    src = a if dtype is None else a.astype(dtype, copy=False)
    try:
        if axis is None:
            flat = src._j.ravel()
            try:
                return _tensor.wrap(_cumulative_java(name, flat, 0))
            finally:
                flat.close()
        return _tensor.wrap(_cumulative_java(name, src._j, operator.index(axis)))
    except JException as e:
        raise translate(e) from None


def _cumulative_java(name: str, java: Any, axis: int) -> Any:
    if name == "cumsum":
        return java.cumsum(axis)
    return J.ReduceKernels.cumprod(java, axis)


def _require_nonempty(a: Any, axis: Any, name: str) -> None:
    """numpy refuses reductions without an identity over an empty axis, even to an empty result."""
    shape = a.shape
    if 0 not in shape:
        return
    if axis is None:
        axes: list[int] = list(range(len(shape)))
    else:
        axes = [operator.index(x) for x in (axis if isinstance(axis, (tuple, list)) else (axis,))]
    if any(-len(shape) <= x < len(shape) and shape[x] == 0 for x in axes):
        raise InvalidArgumentError(
            f"zero-size array to reduction operation {name} which has no identity (shape "
            f"{shape}, axis={axis}); reduce over non-empty axes or check the input first."
        )


class Reductions:
    """Reduction methods of NDArray (a mixin; NDArray supplies the state)."""

    __slots__ = ()
    _j: Any

    def sum(self, axis: Any = None, dtype: Any = None, out: Any = None,
            keepdims: bool = False) -> Any:
        """Sum over ``axis`` (an int, a tuple, or None for all); ints sum as int64.

        >>> pb.array([[1, 2], [3, 4]]).sum(axis=0).tolist()
        [4, 6]
        """
        return reduce(self, J.R_SUM, "sum", axis, keepdims, dtype, out)

    def mean(self, axis: Any = None, dtype: Any = None, out: Any = None,
             keepdims: bool = False) -> Any:
        """Arithmetic mean over ``axis``; integer tensors give float64 like numpy."""
        return reduce(self, J.R_MEAN, "mean", axis, keepdims, dtype, out)

    def prod(self, axis: Any = None, dtype: Any = None, out: Any = None,
             keepdims: bool = False) -> Any:
        """Product over ``axis``."""
        return reduce(self, J.R_PROD, "prod", axis, keepdims, dtype, out)

    def max(self, axis: Any = None, out: Any = None, keepdims: bool = False) -> Any:
        """Maximum over ``axis`` (NaN propagates, like numpy)."""
        _require_nonempty(self, axis, "maximum")
        return reduce(self, J.R_MAX, "max", axis, keepdims, None, out)

    def min(self, axis: Any = None, out: Any = None, keepdims: bool = False) -> Any:
        """Minimum over ``axis`` (NaN propagates, like numpy)."""
        _require_nonempty(self, axis, "minimum")
        return reduce(self, J.R_MIN, "min", axis, keepdims, None, out)

    def var(self, axis: Any = None, dtype: Any = None, out: Any = None, ddof: int = 0,
            keepdims: bool = False) -> Any:
        """Variance over ``axis`` with ``ddof`` delta degrees of freedom."""
        return reduce(self, J.R_VAR, "var", axis, keepdims, dtype, out, ddof)

    def std(self, axis: Any = None, dtype: Any = None, out: Any = None, ddof: int = 0,
            keepdims: bool = False) -> Any:
        """Standard deviation over ``axis`` with ``ddof`` delta degrees of freedom."""
        return reduce(self, J.R_STD, "std", axis, keepdims, dtype, out, ddof)

    def any(self, axis: Any = None, out: Any = None, keepdims: bool = False) -> Any:
        """True where any element along ``axis`` is non-zero (a bool tensor)."""
        return reduce(self, J.R_ANY, "any", axis, keepdims, None, out)

    def all(self, axis: Any = None, out: Any = None, keepdims: bool = False) -> Any:
        """True where every element along ``axis`` is non-zero (a bool tensor)."""
        return reduce(self, J.R_ALL, "all", axis, keepdims, None, out)

    def norm(self, ord: int = 2, axis: Any = None, keepdims: bool = False) -> Any:
        """The 1-norm (``ord=1``) or 2-norm (``ord=2``, Frobenius for all axes) over ``axis``."""
        if ord not in (1, 2):
            raise InvalidArgumentError(f"norm supports ord=1 or ord=2, got ord={ord!r}.")
        op = J.R_NORM1 if ord == 1 else J.R_NORM2
        return reduce(self, op, "norm", axis, keepdims)

    def argmax(self, axis: Any = None, out: Any = None, keepdims: bool = False) -> Any:
        """Index of the maximum along ``axis`` (of the flattened tensor when None), int64.

        >>> pb.array([[1, 9], [7, 3]]).argmax(axis=1).tolist()
        [1, 0]
        """
        return arg_reduce(self, True, axis, keepdims, out)

    def argmin(self, axis: Any = None, out: Any = None, keepdims: bool = False) -> Any:
        """Index of the minimum along ``axis`` (of the flattened tensor when None), int64."""
        return arg_reduce(self, False, axis, keepdims, out)

    def cumsum(self, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
        """Cumulative sum along ``axis`` (over the flattened tensor when None)."""
        return cumulative(self, "cumsum", axis, dtype, out)

    def cumprod(self, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
        """Cumulative product along ``axis`` (over the flattened tensor when None)."""
        return cumulative(self, "cumprod", axis, dtype, out)

    def softmax(self, axis: int = -1) -> Any:
        """Softmax along ``axis`` (numerically stable).

        >>> pb.array([0.0, 0.0]).softmax().tolist()
        [0.5, 0.5]
        """
        try:
            return _tensor.wrap(self._j.softmax(operator.index(axis)))
        except JException as e:
            raise translate(e) from None

    def log_softmax(self, axis: int = -1) -> Any:
        """Logarithm of the softmax along ``axis``, computed stably."""
        try:
            return _tensor.wrap(self._j.logSoftmax(operator.index(axis)))
        except JException as e:
            raise translate(e) from None
