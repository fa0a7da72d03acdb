"""The Python ``NDArray``: a thin handle on one Java ``org.pybridge.tensor.NDArray``.

The wrapper owns its Java handle: ``close()``, the end of a ``with`` block or scope, or the
wrapper's garbage collection releases it, so memory comes back as promptly as numpy's. Shape,
dtype and strides are read from Java on first use and cached (a Java tensor's layout never
changes), which keeps ``t + u`` to one Java call plus one small Python object.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterator
from typing import Any

import numpy as np
from jpype import JException

from . import _jvm
from ._bridge import numpy_view, wrap_numpy
from ._dtypes import BFLOAT16, java_dtype, normalize, numpy_dtype
from ._errors import DTypeError, InvalidArgumentError, TensorIndexError, translate
from ._ops import Arithmetic, unary
from ._reductions import Reductions

__all__ = ["NDArray", "wrap", "wrap_numpy_array"]


class NDArray(Arithmetic, Reductions):
    """An n-dimensional array in off-heap JVM memory, with numpy's behaviour.

    Create one with :func:`pybridge.array` (copy), :func:`pybridge.from_numpy` (zero-copy),
    :func:`pybridge.zeros` and friends, or ``pb.NDArray(data, dtype=None)`` (a copy, like
    ``pb.array``). Operators, indexing (basic indexing gives views), reductions and
    ``np.asarray(t)`` (a zero-copy view) work like numpy::

        >>> t = pb.array([[1., 2.], [3., 4.]], dtype="float32")
        >>> (t @ t.T + 1)[0]
        pb.NDArray([ 6., 12.], dtype=float32)
        >>> t.close()   # or `with t:` / `with pb.scope():`; garbage collection also frees it
    """

    # _live: this wrapper still has to close its handle when collected (False after close()).
    __slots__ = ("__weakref__", "_dtype", "_j", "_live", "_shape", "_strides")
    __hash__ = None  # type: ignore[assignment]  # == is element-wise, like numpy

    def __init__(self, data: Any, dtype: Any = None) -> None:
        from ._creation import array_java

        self._shape = self._dtype = self._strides = None
        self._live = False
        self._j = array_java(data, dtype)
        self._live = True

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Releases this handle's memory now (idempotent). Views and numpy views stay valid."""
        try:
            self._j.close()
        except JException as e:
            raise translate(e) from None
        self._live = False

    @property
    def closed(self) -> bool:
        """True after :meth:`close` or after the scope that owned this tensor ended."""
        return bool(self._j.isClosed())

    def __enter__(self) -> NDArray:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            if self._live and _jvm.alive():
                self._j.close()
        except BaseException:  # finalizers must not raise (e.g. during interpreter exit)
            pass

    # ------------------------------------------------------------------ layout

    @property
    def shape(self) -> tuple[int, ...]:
        """The size of each dimension, as a tuple of ints."""
        s = self._shape
        if s is None:
            s = self._shape = _longs(self._j.shape())
        return s

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type as a numpy dtype, e.g. ``dtype('float32')``."""
        d = self._dtype
        if d is None:
            d = self._dtype = numpy_dtype(self._j.dtype())
        return d

    def _element_strides(self) -> tuple[int, ...]:
        s = self._strides
        if s is None:
            s = self._strides = _longs(self._j.strides())
        return s

    @property
    def strides(self) -> tuple[int, ...]:
        """Bytes to step in each dimension, like ``numpy.ndarray.strides`` (may be negative)."""
        item = self.dtype.itemsize
        return tuple(s * item for s in self._element_strides())

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return len(self.shape)

    @property
    def size(self) -> int:
        """Number of elements."""
        return math.prod(self.shape)

    @property
    def itemsize(self) -> int:
        """Bytes per element."""
        return self.dtype.itemsize

    @property
    def nbytes(self) -> int:
        """Bytes of the elements (``size * itemsize``)."""
        return self.size * self.dtype.itemsize

    @property
    def readonly(self) -> bool:
        """True when writes are refused (e.g. the tensor wraps a read-only numpy array)."""
        return bool(self._j.isReadOnly())

    @property
    def java(self) -> Any:
        """The Java ``org.pybridge.tensor.NDArray`` handle owned by this wrapper.

        Pass it to Java code; Java code that keeps it beyond the call should ``share()`` it,
        since closing this wrapper closes the handle.
        """
        return self._j

    @property
    def T(self) -> NDArray:
        """The transpose (a view), axes reversed."""
        return self.transpose()

    # ------------------------------------------------------------------ numpy & Python values

    def numpy(self) -> np.ndarray:
        """A numpy array over the same memory (no copy); writes show up on both sides.

        The view keeps the memory alive on its own: closing this tensor, or the scope that
        made it, does not invalidate the view. Read-only tensors give read-only arrays.
        """
        return numpy_view(self._j, self.shape, self.dtype, self.strides)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        view = self.numpy()
        if dtype is not None and np.dtype(dtype) != view.dtype:
            if copy is False:
                raise ValueError(
                    f"Converting a {view.dtype} tensor to {np.dtype(dtype)} needs a copy, "
                    f"but copy=False was requested."
                )
            return view.astype(dtype)
        return view.copy() if copy else view

    def item(self, *args: Any) -> Any:
        """One element as a Python scalar (the only one when no index is given)."""
        return self.numpy().item(*args)

    def tolist(self) -> Any:
        """The values as nested Python lists (a scalar for a 0-d tensor)."""
        return self.numpy().tolist()

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        return int(self._scalar("int"))

    def __index__(self) -> int:
        if self.ndim != 0 or self.dtype.kind not in "iu":
            raise TypeError(
                f"only 0-d integer tensors can be used as an index, this one is {self.dtype} "
                f"with shape {self.shape}."
            )
        return int(self.item())

    def __bool__(self) -> bool:
        if self.size != 1:
            raise ValueError(
                f"The truth value of a tensor with {self.size} elements is ambiguous. "
                f"Use a.any() or a.all()."
            )
        return bool(self.item())

    def _scalar(self, what: str) -> Any:
        if self.size != 1:
            raise TypeError(f"only tensors of size 1 can be converted to Python {what}s, "
                            f"this one has shape {self.shape}.")
        return self.numpy().reshape(()).item()

    def __len__(self) -> int:
        shape = self.shape
        if not shape:
            raise TypeError("len() of unsized object (a 0-d tensor)")
        return shape[0]

    def __iter__(self) -> Iterator[Any]:
        shape = self.shape
        if not shape:
            raise TypeError("iteration over a 0-d tensor")
        if len(shape) == 1:
            # Like numpy: elements of a vector come out as numpy scalars (copies).
            return iter(self.numpy())
        return (self[i] for i in range(shape[0]))

    def __contains__(self, value: Any) -> bool:
        return value in self.numpy()

    def __repr__(self) -> str:
        name = self._dtype_name()
        if self.closed:
            return f"pb.NDArray(<closed>, shape={self.shape}, dtype={name})"
        view = self._printable()
        body = np.array2string(view, separator=", ", prefix="pb.NDArray(", threshold=1000)
        extra = f", shape={self.shape}" if view.size == 0 and view.ndim != 1 else ""
        return f"pb.NDArray({body}{extra}, dtype={name})"

    def __str__(self) -> str:
        if self.closed:
            return repr(self)
        return str(self._printable())

    def __format__(self, spec: str) -> str:
        if self.ndim == 0 and not self.closed:
            return format(self.item(), spec)
        return format(str(self), spec)

    def _dtype_if_known(self) -> np.dtype[Any] | None:
        """The numpy dtype, or None for bfloat16 without ml_dtypes."""
        try:
            return self.dtype
        except DTypeError:
            return None

    def _dtype_name(self) -> str:
        return str(self._j.dtype().numpyName())

    def _printable(self) -> np.ndarray:
        if BFLOAT16 is None and self._dtype_name() == "bfloat16":
            with self.astype("float32") as f:
                return f.numpy().copy()
        return self.numpy()

    def __reduce__(self) -> Any:
        from ._creation import array

        return array, (self.numpy().copy(),)

    def __copy__(self) -> NDArray:
        return self.copy()

    def __deepcopy__(self, memo: Any) -> NDArray:
        return self.copy()

    def to_arrow(self) -> Any:
        """This tensor as a pyarrow Array (see :func:`pybridge.from_arrow`).

        Flattened in C order; zero-copy for contiguous numeric tensors (the Arrow buffer keeps
        the memory alive), a copy otherwise and for bool (Arrow packs bools as bits).
        """
        from ._arrow import to_arrow

        return to_arrow(self)

    # ------------------------------------------------------------------ indexing

    def __getitem__(self, key: Any) -> Any:
        from ._indexing import getitem

        return getitem(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        from ._indexing import setitem

        setitem(self, key, value)

    # ------------------------------------------------------------------ copies and views

    def copy(self) -> NDArray:
        """A C-contiguous copy in new memory."""
        return _call(self._j.dup)

    def astype(self, dtype: Any, copy: bool = True) -> NDArray:
        """A copy converted to ``dtype`` (``self`` itself when the dtype matches and not copy).

        >>> pb.array([1.7, -1.7]).astype("int32").tolist()
        [1, -1]
        """
        dt = normalize(dtype)
        if dt == self._dtype_if_known():
            return _call(self._j.dup) if copy else self
        return _call(self._j.cast, java_dtype(dt))

    def fill(self, value: Any) -> None:
        """Sets every element to ``value`` in place."""
        from ._indexing import setitem

        setitem(self, Ellipsis, value)

    def reshape(self, *shape: Any) -> NDArray:
        """The same elements in a new shape (one dimension may be -1): a view when the layout
        allows, else a copy, like numpy.

        >>> pb.arange(6).reshape(2, 3).shape
        (2, 3)
        """
        return _call(self._j.reshape, *_shape_arg(shape))

    def transpose(self, *axes: Any) -> NDArray:
        """Axes reversed, or reordered as ``axes`` (a view)."""
        if not axes or (len(axes) == 1 and axes[0] is None):
            return _call(self._j.transpose)
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        return _call(self._j.permute, *[operator.index(a) for a in axes])

    def permute(self, *axes: Any) -> NDArray:
        """Reorders the axes (a view): result axis i is this tensor's axis ``axes[i]``."""
        return self.transpose(*axes)

    def swapaxes(self, axis1: int, axis2: int) -> NDArray:
        """Swaps two axes (a view)."""
        return _call(self._j.swapAxes, operator.index(axis1), operator.index(axis2))

    def squeeze(self, axis: Any = None) -> NDArray:
        """Removes size-1 dimensions (all, or the given ones, which must have size 1)."""
        if axis is None:
            return _call(self._j.squeeze)
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        return _call(self._j.squeeze, *[operator.index(a) for a in axes])

    def expand_dims(self, axis: Any) -> NDArray:
        """Inserts size-1 dimensions at ``axis`` (an int or a tuple; positions in the result)."""
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        n = self.ndim + len(axes)
        positions = sorted(_normalize_axis(operator.index(a), n) for a in axes)
        if len(set(positions)) != len(positions):
            raise InvalidArgumentError(f"expand_dims got repeated axes {tuple(axes)}.")
        out = self
        for p in positions:
            out = _call(out._j.expandDims, p)
        return out

    def broadcast_to(self, shape: Any) -> NDArray:
        """A read view with numpy broadcasting to ``shape`` (no copy)."""
        return _call(self._j.broadcastTo, *_shape_arg((shape,)))

    def ravel(self) -> NDArray:
        """The elements in one dimension, C order (a view when contiguous, else a copy)."""
        return _call(self._j.ravel)

    def flatten(self) -> NDArray:
        """The elements in one dimension, C order, always a copy."""
        with self.ravel() as flat:
            return flat.copy() if flat._j.sharesMemoryWith(self._j) else _detached(flat)

    def contiguous(self) -> NDArray:
        """This tensor's data in C order: a new handle when already so, else a copy."""
        return _call(self._j.contiguous)

    # ------------------------------------------------------------------ element-wise methods

    def clip(self, min: Any = None, max: Any = None) -> NDArray:
        """Limits values to ``[min, max]`` (either bound may be None)."""
        lo = math.nan if min is None else float(min)
        hi = math.nan if max is None else float(max)
        return _call(self._j.clip, lo, hi)

    def exp(self) -> NDArray:
        """e to the power of each element."""
        return unary(self, _jvm.J.EXP)

    def log(self) -> NDArray:
        """Natural logarithm of each element."""
        return unary(self, _jvm.J.LOG)

    def sqrt(self) -> NDArray:
        """Square root of each element."""
        return unary(self, _jvm.J.SQRT)

    def abs(self) -> NDArray:
        """Absolute value of each element."""
        return unary(self, _jvm.J.ABS)

    def tanh(self) -> NDArray:
        """Hyperbolic tangent of each element."""
        return unary(self, _jvm.J.TANH)

    def sigmoid(self) -> NDArray:
        """Logistic sigmoid ``1 / (1 + exp(-x))`` of each element."""
        return unary(self, _jvm.J.SIGMOID)

    def relu(self) -> NDArray:
        """``max(x, 0)`` of each element."""
        return unary(self, _jvm.J.RELU)

    def square(self) -> NDArray:
        """Each element squared."""
        return unary(self, _jvm.J.SQUARE)

    def round(self) -> NDArray:
        """Each element rounded to the nearest integer, halves to even (numpy's rule)."""
        return unary(self, _jvm.J.ROUND)


def _detached(t: NDArray) -> NDArray:
    """A new wrapper taking over ``t``'s handle (so closing ``t`` later is harmless)."""
    return _call(t._j.share)


def _normalize_axis(axis: int, ndim: int) -> int:
    if not -ndim <= axis < ndim:
        raise TensorIndexError(
            f"axis {axis} is out of bounds for a result with {ndim} dimensions."
        )
    return axis % ndim


def _shape_arg(shape: tuple[Any, ...]) -> list[int]:
    """A shape given as ``f(2, 3)``, ``f((2, 3))`` or ``f([2, 3])`` as a list of ints."""
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = tuple(shape[0])
    try:
        return [operator.index(d) for d in shape]
    except TypeError:
        raise InvalidArgumentError(
            f"A shape must be ints (or one tuple of ints), got {shape!r}."
        ) from None


_new = object.__new__


def _longs(java_array: Any) -> tuple[int, ...]:
    """A Java long[] as a tuple, through the buffer protocol (twice as fast as iterating)."""
    return tuple(memoryview(java_array).cast("B").cast("q").tolist())


def wrap(java: Any) -> NDArray:
    """A Python NDArray taking ownership of a Java tensor handle."""
    t = _new(NDArray)
    t._j = java
    t._shape = t._dtype = t._strides = None
    t._live = True
    return t


def wrap_numpy_array(a: np.ndarray) -> NDArray:
    """An NDArray over a numpy array's memory (which it keeps alive)."""
    return wrap(wrap_numpy(a))


def _call(method: Any, *args: Any) -> NDArray:
    try:
        return wrap(method(*args))
    except JException as e:
        raise translate(e) from None
