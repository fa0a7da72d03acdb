"""Data types: numpy dtypes on the Python side, ``org.pybridge.tensor.DataType`` on the Java side.

Types cross the bridge by their numpy name. bfloat16 has no numpy dtype of its own; it is
available when the optional ``ml_dtypes`` package is installed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._errors import DTypeError
from ._jvm import J

try:  # optional: numpy has no bfloat16 of its own
    import ml_dtypes as _ml_dtypes

    BFLOAT16: np.dtype[Any] | None = np.dtype(_ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover - depends on the environment
    BFLOAT16 = None

__all__ = [
    "BFLOAT16", "SUPPORTED", "bool_", "default_float", "dtype", "float16", "float32", "float64",
    "int8", "int16", "int32", "int64", "java_dtype", "normalize", "numpy_dtype",
    "supported_dtypes", "uint8",
]  # fmt: skip

SUPPORTED = (
    "bool", "int8", "uint8", "int16", "int32", "int64",
    "float16", "bfloat16", "float32", "float64",
)  # fmt: skip

_NUMPY: dict[str, np.dtype[Any]] = {
    name: np.dtype(name) for name in SUPPORTED if name != "bfloat16"
}
if BFLOAT16 is not None:
    _NUMPY["bfloat16"] = BFLOAT16

# np.dtype -> numpy name, for the supported ones only. A byte-swapped dtype compares unequal
# to the native one, so it is (rightly) absent.
_NAME_OF: dict[np.dtype[Any], str] = {dt: name for name, dt in _NUMPY.items()}

default_float = _NUMPY["float32"]

# The dtypes as module constants, so that `dtype=pb.float32` reads naturally.
bool_ = _NUMPY["bool"]
int8 = _NUMPY["int8"]
uint8 = _NUMPY["uint8"]
int16 = _NUMPY["int16"]
int32 = _NUMPY["int32"]
int64 = _NUMPY["int64"]
float16 = _NUMPY["float16"]
float32 = _NUMPY["float32"]
float64 = _NUMPY["float64"]


def supported_dtypes() -> list[str]:
    """Names of the dtypes tensors can hold here (bfloat16 needs ml_dtypes).

    >>> pb.supported_dtypes()[:3]
    ['bool', 'int8', 'uint8']
    """
    return [n for n in SUPPORTED if n in _NUMPY]


def _supported_text() -> str:
    return ", ".join(supported_dtypes())


def unsupported(dtype: Any, what: str = "dtype") -> DTypeError:
    """The error for a dtype the engine cannot hold, naming the supported ones and a fix."""
    try:
        dt = np.dtype(dtype)
    except Exception:
        dt = None
    if dt is not None and dt.byteorder not in ("=", "|") and dt.newbyteorder("=") in _NAME_OF:
        return DTypeError(
            f"Unsupported {what} {dt.str!r}: non-native byte order. Convert it first, "
            f"e.g. a.astype(a.dtype.newbyteorder('='))."
        )
    shown = dt if dt is not None else dtype
    if dt is not None and dt.kind == "O":
        hint = (
            "object arrays (Python objects, ragged lists, mixed types) cannot be shared; "
            "build a numeric array first, e.g. np.asarray(values, dtype=np.float32)"
        )
    elif dt is not None and dt.kind in "US":
        hint = "strings cannot become tensors; encode them as numbers first"
    else:
        hint = "convert it first, e.g. a.astype(np.float32) or a.astype(np.int64)"
    return DTypeError(
        f"Unsupported {what} {str(shown)!r}: pybridge tensors hold {_supported_text()}; "
        f"{hint}."
    )


def dtype(spec: Any) -> np.dtype[Any]:
    """The numpy dtype pybridge uses for ``spec`` (a name, numpy dtype or type), or DTypeError.

    >>> pb.dtype("float32") == pb.float32
    True
    """
    return normalize(spec)


def normalize(dtype: Any) -> np.dtype[Any]:
    """The numpy dtype for a user's dtype argument (a name, a numpy dtype or type, a Python type).

    Raises :class:`pybridge.DTypeError` naming the supported types when it is not one of them.
    """
    if isinstance(dtype, np.dtype) and dtype in _NAME_OF:
        return dtype
    if isinstance(dtype, str) and dtype.lower() == "bfloat16":
        if BFLOAT16 is None:
            raise DTypeError(
                "dtype 'bfloat16' needs the optional package ml_dtypes (numpy has no bfloat16 "
                "of its own): pip install ml_dtypes, or use 'float16' or 'float32'."
            )
        return BFLOAT16
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise unsupported(dtype) from None
    if dt not in _NAME_OF:
        raise unsupported(dt)
    return dt


def java_dtype(dt: np.dtype[Any]) -> Any:
    """The Java DataType constant for a supported numpy dtype."""
    name = _NAME_OF.get(dt)
    if name is None:
        raise unsupported(dt)
    return J.dtypes[name]


# Java DataType constant -> numpy dtype. Java enum constants hash by identity in the JVM, so a
# dict keyed by them works across the different Python proxies JPype hands out.
_FROM_JAVA: dict[Any, np.dtype[Any]] = {}


def numpy_dtype(java_type: Any) -> np.dtype[Any]:
    """The numpy dtype of a Java DataType constant."""
    dt = _FROM_JAVA.get(java_type)
    if dt is None:
        name = str(java_type.numpyName())
        dt = _NUMPY.get(name)
        if dt is None:
            raise DTypeError(
                f"This tensor is {name}, which needs the optional package ml_dtypes on the "
                f"Python side: pip install ml_dtypes, or convert it with t.astype('float32')."
            )
        _FROM_JAVA[java_type] = dt
    return dt


def is_supported(dt: np.dtype[Any]) -> bool:
    return dt in _NAME_OF
