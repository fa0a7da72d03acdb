"""NDArray operators: arithmetic, comparisons and logic with numpy's broadcasting and types.

Each operator is one JPype call on the hot path: tensor (x) tensor goes straight to
``apply(BinaryOp, NDArray)``; Python ``int``/``float`` scalars go to the scalar overloads, where
Java applies numpy 2's "weak scalar" rules (a float32 tensor times 2.0 stays float32). numpy
arrays, numpy scalars and lists are wrapped without copying for the duration of the call.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from jpype import JException

from . import _tensor
from ._bridge import wrap_numpy
from ._dtypes import is_supported
from ._errors import DTypeError, translate
from ._jvm import J

__all__ = ["Arithmetic", "binary", "operand", "unary"]

_INT64_RANGE = (int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max))
_ARRAY_LIKE = (np.generic, list, tuple, bool, int, float)
_COMPARISONS = frozenset({"EQ", "NE", "LT", "LE", "GT", "GE"})
_LIMITS: dict[np.dtype[Any], tuple[int, int]] = {
    np.dtype(n): (int(np.iinfo(n).min), int(np.iinfo(n).max))
    for n in ("int8", "uint8", "int16", "int32", "int64")
}


def _fits(a: Any, value: int) -> bool:
    """True when Python int ``value`` can go to Java's ``long`` overload as a weak scalar
    for ``a`` (JPype matches a Python int to ``long`` before ``double``)."""
    dt = a.dtype
    limits = _LIMITS.get(dt)
    if limits is None:  # bool and floats: anything a long holds
        limits = _INT64_RANGE
    return limits[0] <= value <= limits[1]


def _int_out_of_range(a: Any, value: int, op: Any, reverse: bool) -> Any:
    """numpy 2's answers for a Python int the tensor's dtype cannot hold."""
    dt = a.dtype
    if dt.kind == "f":
        return binary(a, float(value), op, reverse)
    if str(op.name()) in _COMPARISONS:
        # numpy compares out-of-range integers exactly instead of refusing them.
        wide = "int64" if _INT64_RANGE[0] <= value <= _INT64_RANGE[1] else "float64"
        with a.astype(wide) as widened:
            return binary(widened, value if wide == "int64" else float(value), op, reverse)
    target = dt if dt.kind in "iu" else np.dtype(np.int64)
    raise OverflowError(f"Python integer {value} out of bounds for {target}")


def operand(value: Any, what: str = "operand") -> tuple[Any, Any] | None:
    """(Java tensor, temporary to close or None) for an array-like operand; None if not one.

    numpy arrays and scalars are wrapped without copying; lists and tuples go through
    ``np.asarray`` like numpy would convert them (Python floats become float64, ints int64).
    """
    if isinstance(value, _tensor.NDArray):
        return value._j, None
    if isinstance(value, np.ndarray):
        arr = value
    elif isinstance(value, _ARRAY_LIKE) or hasattr(value, "__array__"):
        arr = np.asarray(value)
    else:
        return None
    java = wrap_numpy(arr, what)
    return java, java


def binary(a: Any, b: Any, op: Any, reverse: bool = False) -> Any:
    """``op(a, b)`` (or ``op(b, a)`` when ``reverse``) for NDArray ``a`` and anything ``b``."""
    tb = type(b)
    try:
        if tb is _tensor.NDArray:
            j = b._j.apply(op, a._j) if reverse else a._j.apply(op, b._j)
        elif tb is float:
            j = a._j.apply(op, b, reverse)
        elif tb is int:
            if not (0 <= b <= 127 or _fits(a, b)):
                return _int_out_of_range(a, b, op, reverse)
            j = a._j.apply(op, b, reverse)
        else:
            return _binary_other(a, b, op, reverse)
    except JException as e:
        raise translate(e) from None
    return _tensor.wrap(j)


def _binary_other(a: Any, b: Any, op: Any, reverse: bool) -> Any:
    conv = operand(b)
    if conv is None:
        return NotImplemented
    other, temp = conv
    try:
        j = other.apply(op, a._j) if reverse else a._j.apply(op, other)
    except JException as e:
        raise translate(e) from None
    finally:
        if temp is not None:
            temp.close()
    return _tensor.wrap(j)


def unary(a: Any, op: Any) -> Any:
    try:
        return _tensor.wrap(a._j.apply(op))
    except JException as e:
        raise translate(e) from None


_UFUNC_NAME = {
    "ADD": "add", "SUB": "subtract", "MUL": "multiply", "DIV": "divide",
    "FLOOR_DIV": "floor_divide", "MOD": "remainder", "POW": "power",
    "BITWISE_AND": "bitwise_and", "BITWISE_OR": "bitwise_or", "BITWISE_XOR": "bitwise_xor",
    "LOGICAL_AND": "logical_and", "LOGICAL_OR": "logical_or", "LOGICAL_XOR": "logical_xor",
}  # fmt: skip


def inplace(a: Any, b: Any, op: Any) -> Any:
    """``a = op(a, b)`` in a's memory; refuses results numpy would not cast back ('same_kind')."""
    tb = type(b)
    if tb is not _tensor.NDArray and tb not in (int, float) and operand_dtype(b) is None:
        return NotImplemented
    _check_same_kind(a, b, op)
    try:
        if tb is float or (tb is int and -(2**53) <= b <= 2**53):
            a._j.applyInPlace(op, float(b))
        elif tb is _tensor.NDArray:
            a._j.applyInPlace(op, b._j)
        else:
            value = np.asarray(b, dtype=a.dtype) if tb is int else b
            conv = operand(value)
            assert conv is not None
            other, temp = conv
            try:
                a._j.applyInPlace(op, other)
            finally:
                if temp is not None:
                    temp.close()
    except JException as e:
        raise translate(e) from None
    return a


def operand_dtype(b: Any) -> np.dtype[Any] | None:
    """The dtype numpy would give ``b`` as an operand (None: not an array-like)."""
    if isinstance(b, _tensor.NDArray):
        return b.dtype
    if isinstance(b, (np.ndarray, np.generic)):
        return b.dtype
    if isinstance(b, (list, tuple, bool, int, float)) or hasattr(b, "__array__"):
        return np.asarray(b).dtype
    return None


def _check_same_kind(a: Any, b: Any, op: Any) -> None:
    dt = a.dtype
    name = str(op.name())
    other: Any = b if type(b) in (int, float) else operand_dtype(b)
    if name == "DIV" and dt.kind in "biu":
        result = np.dtype(np.float64)
    elif name.startswith("LOGICAL_"):
        result = np.dtype(bool)
    else:
        try:
            result = np.result_type(dt, other)
        except (TypeError, OverflowError) as e:
            raise DTypeError(f"Cannot combine {dt} with {other!r} in place: {e}") from None
    if not np.can_cast(result, dt, casting="same_kind"):
        ufunc = _UFUNC_NAME.get(name, name.lower())
        raise DTypeError(
            f"Cannot cast ufunc '{ufunc}' output from dtype('{result}') to dtype('{dt}') with "
            f"casting rule 'same_kind' (the in-place result must fit the tensor's dtype); "
            f"write `a = a {_SYMBOL.get(name, 'op')} b` to get a new tensor, or cast first "
            f"with a.astype(...)."
        )


_SYMBOL = {"ADD": "+", "SUB": "-", "MUL": "*", "DIV": "/", "FLOOR_DIV": "//", "MOD": "%",
           "POW": "**"}  # fmt: skip


def _is_bool(x: Any) -> bool:
    if type(x) is bool:
        return True
    dt = operand_dtype(x)
    return dt is not None and dt == np.bool_


def logic(a: Any, b: Any, logical: Any, bitwise: Any, reverse: bool = False) -> Any:
    """``&``, ``|``, ``^``: logical on two bool operands, bitwise otherwise (like numpy)."""
    op = logical if a.dtype == np.bool_ and _is_bool(b) else bitwise
    return binary(a, b, op, reverse)


class Arithmetic:
    """Operator methods of NDArray (a mixin; NDArray supplies the state)."""

    __slots__ = ()
    _j: Any

    # numpy hands mixed expressions (ndarray + NDArray) to __array_ufunc__ below.
    def __add__(self, other: Any) -> Any:
        return binary(self, other, J.ADD)

    def __radd__(self, other: Any) -> Any:
        return binary(self, other, J.ADD, True)

    def __sub__(self, other: Any) -> Any:
        return binary(self, other, J.SUB)

    def __rsub__(self, other: Any) -> Any:
        return binary(self, other, J.SUB, True)

    def __mul__(self, other: Any) -> Any:
        return binary(self, other, J.MUL)

    def __rmul__(self, other: Any) -> Any:
        return binary(self, other, J.MUL, True)

    def __truediv__(self, other: Any) -> Any:
        return binary(self, other, J.DIV)

    def __rtruediv__(self, other: Any) -> Any:
        return binary(self, other, J.DIV, True)

    def __floordiv__(self, other: Any) -> Any:
        return binary(self, other, J.FLOOR_DIV)

    def __rfloordiv__(self, other: Any) -> Any:
        return binary(self, other, J.FLOOR_DIV, True)

    def __mod__(self, other: Any) -> Any:
        return binary(self, other, J.MOD)

    def __rmod__(self, other: Any) -> Any:
        return binary(self, other, J.MOD, True)

    def __divmod__(self, other: Any) -> Any:
        return binary(self, other, J.FLOOR_DIV), binary(self, other, J.MOD)

    def __rdivmod__(self, other: Any) -> Any:
        return binary(self, other, J.FLOOR_DIV, True), binary(self, other, J.MOD, True)

    def __pow__(self, other: Any, modulo: Any = None) -> Any:
        if modulo is not None:
            return NotImplemented
        return binary(self, other, J.POW)

    def __rpow__(self, other: Any) -> Any:
        return binary(self, other, J.POW, True)

    def __matmul__(self, other: Any) -> Any:
        return _matmul(self, other, False)

    def __rmatmul__(self, other: Any) -> Any:
        return _matmul(self, other, True)

    def __iadd__(self, other: Any) -> Any:
        return inplace(self, other, J.ADD)

    def __isub__(self, other: Any) -> Any:
        return inplace(self, other, J.SUB)

    def __imul__(self, other: Any) -> Any:
        return inplace(self, other, J.MUL)

    def __itruediv__(self, other: Any) -> Any:
        return inplace(self, other, J.DIV)

    def __ifloordiv__(self, other: Any) -> Any:
        return inplace(self, other, J.FLOOR_DIV)

    def __imod__(self, other: Any) -> Any:
        return inplace(self, other, J.MOD)

    def __ipow__(self, other: Any) -> Any:
        return inplace(self, other, J.POW)

    def __iand__(self, other: Any) -> Any:
        op = J.LOGICAL_AND if self.dtype == np.bool_ else J.BITWISE_AND
        return inplace(self, other, op)

    def __ior__(self, other: Any) -> Any:
        op = J.LOGICAL_OR if self.dtype == np.bool_ else J.BITWISE_OR
        return inplace(self, other, op)

    def __ixor__(self, other: Any) -> Any:
        op = J.LOGICAL_XOR if self.dtype == np.bool_ else J.BITWISE_XOR
        return inplace(self, other, op)

    def __and__(self, other: Any) -> Any:
        return logic(self, other, J.LOGICAL_AND, J.BITWISE_AND)

    def __rand__(self, other: Any) -> Any:
        return logic(self, other, J.LOGICAL_AND, J.BITWISE_AND, True)

    def __or__(self, other: Any) -> Any:
        return logic(self, other, J.LOGICAL_OR, J.BITWISE_OR)

    def __ror__(self, other: Any) -> Any:
        return logic(self, other, J.LOGICAL_OR, J.BITWISE_OR, True)

    def __xor__(self, other: Any) -> Any:
        return logic(self, other, J.LOGICAL_XOR, J.BITWISE_XOR)

    def __rxor__(self, other: Any) -> Any:
        return logic(self, other, J.LOGICAL_XOR, J.BITWISE_XOR, True)

    def __invert__(self) -> Any:
        dt = self.dtype
        if dt == np.bool_:
            return unary(self, J.LOGICAL_NOT)
        if dt.kind == "i":
            return binary(self, -1, J.BITWISE_XOR)
        if dt.kind == "u":
            return binary(self, int(np.iinfo(dt).max), J.BITWISE_XOR)
        raise DTypeError(
            f"ufunc 'invert' (~) is not supported for {dt} tensors: it needs a bool or "
            f"integer dtype; for a logical not of a float tensor use (t == 0)."
        )

    def __neg__(self) -> Any:
        return unary(self, J.NEG)

    def __pos__(self) -> Any:
        return self.copy()

    def __abs__(self) -> Any:
        return unary(self, J.ABS)

    # Comparisons return bool tensors, like numpy (hence NDArray.__hash__ = None).
    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return binary(self, other, J.EQ)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return binary(self, other, J.NE)

    def __lt__(self, other: Any) -> Any:
        return binary(self, other, J.LT)

    def __le__(self, other: Any) -> Any:
        return binary(self, other, J.LE)

    def __gt__(self, other: Any) -> Any:
        return binary(self, other, J.GT)

    def __ge__(self, other: Any) -> Any:
        return binary(self, other, J.GE)

    # ------------------------------------------------------------ numpy interoperability

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """Runs numpy ufuncs on the engine when it has the op, else on zero-copy views."""
        if method == "__call__" and not kwargs:
            if len(inputs) == 2:
                op = _binary_ufunc(ufunc.__name__)
                if op is not None:
                    a, b = inputs
                    if isinstance(a, _tensor.NDArray):
                        return _required(binary(a, b, op))
                    return _required(binary(b, a, op, True))
            elif len(inputs) == 1:
                op = _unary_ufunc(ufunc.__name__)
                if op is not None:
                    return unary(inputs[0], op)
        return _ufunc_fallback(ufunc, method, inputs, kwargs)

    def matmul(self, other: Any) -> Any:
        """Matrix product with numpy's rules (batch dimensions broadcast): ``self @ other``."""
        return _matmul(self, other, False)

    def dot(self, other: Any) -> Any:
        """numpy's ``dot``: inner product of vectors, matrix product of matrices."""
        conv = operand(other)
        if conv is None:
            raise TypeError(f"dot expects an array-like, got {type(other).__name__}.")
        java, temp = conv
        try:
            return _tensor.wrap(self._j.dot(java))
        except JException as e:
            raise translate(e) from None
        finally:
            if temp is not None:
                temp.close()


def _required(result: Any) -> Any:
    if result is NotImplemented:
        raise TypeError("unsupported operand type for a pybridge NDArray")
    return result


def _matmul(a: Any, b: Any, reverse: bool) -> Any:
    conv = operand(b)
    if conv is None:
        return NotImplemented
    java, temp = conv
    try:
        return _tensor.wrap(java.matmul(a._j) if reverse else a._j.matmul(java))
    except JException as e:
        raise translate(e) from None
    finally:
        if temp is not None:
            temp.close()


_BINARY_UFUNCS = {
    "add": "ADD", "subtract": "SUB", "multiply": "MUL", "divide": "DIV",
    "true_divide": "DIV", "floor_divide": "FLOOR_DIV", "power": "POW", "maximum": "MAXIMUM",
    "minimum": "MINIMUM", "remainder": "MOD", "arctan2": "ATAN2", "equal": "EQ",
    "not_equal": "NE", "less": "LT", "less_equal": "LE", "greater": "GT",
    "greater_equal": "GE", "logical_and": "LOGICAL_AND", "logical_or": "LOGICAL_OR",
    "logical_xor": "LOGICAL_XOR", "bitwise_and": "BITWISE_AND", "bitwise_or": "BITWISE_OR",
    "bitwise_xor": "BITWISE_XOR",
}  # fmt: skip

_UNARY_UFUNCS = {
    "negative": "NEG", "absolute": "ABS", "sign": "SIGN", "exp": "EXP", "log": "LOG",
    "log1p": "LOG1P", "expm1": "EXPM1", "sqrt": "SQRT", "square": "SQUARE",
    "reciprocal": "RECIPROCAL", "sin": "SIN", "cos": "COS", "tanh": "TANH", "floor": "FLOOR",
    "ceil": "CEIL", "rint": "ROUND", "logical_not": "LOGICAL_NOT",
}  # fmt: skip


def _binary_ufunc(name: str) -> Any:
    op = _BINARY_UFUNCS.get(name)
    return None if op is None else getattr(J, op)


def _unary_ufunc(name: str) -> Any:
    op = _UNARY_UFUNCS.get(name)
    return None if op is None else getattr(J, op)


def _to_numpy(x: Any) -> Any:
    return x.numpy() if isinstance(x, _tensor.NDArray) else x


def _ufunc_fallback(ufunc: Any, method: str, inputs: Any, kwargs: dict[str, Any]) -> Any:
    """numpy computes on zero-copy views; array results come back as (zero-copy) NDArrays."""
    args = [_to_numpy(x) for x in inputs]
    out = kwargs.get("out")
    if out is not None:
        kwargs["out"] = tuple(_to_numpy(o) for o in out)
    result = getattr(ufunc, method)(*args, **kwargs)
    if out is not None:
        return out[0] if len(out) == 1 else tuple(out)
    if isinstance(result, tuple):
        return tuple(_from_numpy_result(r) for r in result)
    return _from_numpy_result(result)


def _from_numpy_result(r: Any) -> Any:
    if isinstance(r, np.ndarray) and is_supported(r.dtype):
        return _tensor.wrap_numpy_array(r)
    return r
