"""Hypothesis strategies and numpy-oracle checks shared by the op tests."""

from __future__ import annotations

from typing import Any

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import pybridge as pb

FLOATS = ["float16", "float32", "float64"]
SIGNED = ["int8", "int16", "int32", "int64"]
UNSIGNED = ["uint8"]
INTS = SIGNED + UNSIGNED
NUMERIC = INTS + FLOATS
ALL = ["bool", *NUMERIC]

LAYOUTS = ["c", "f", "strided", "reversed"]

shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)
nonempty_shapes = hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=5)


def elements(dtype: str, low: float = -10, high: float = 10) -> st.SearchStrategy[Any]:
    """Values of ``dtype`` in ``[low, high]`` (clipped to the dtype's range), finite."""
    dt = np.dtype(dtype)
    if dt == np.bool_:
        return st.booleans()
    if dt.kind in "iu":
        info = np.iinfo(dt)
        lo = max(int(np.ceil(low)), int(info.min))
        hi = min(int(np.floor(high)), int(info.max))
        return st.integers(lo, hi)
    lo, hi = dt.type(low), dt.type(high)
    if lo < low:  # bounds the type can represent, inside [low, high]
        lo = np.nextafter(lo, dt.type(np.inf))
    if hi > high:
        hi = np.nextafter(hi, dt.type(-np.inf))
    return st.floats(float(lo), float(hi), width=dt.itemsize * 8, allow_nan=False,
                     allow_infinity=False)


def with_layout(values: np.ndarray, layout: str) -> np.ndarray:
    """The same values in another memory layout (F order, strided, negative strides)."""
    if values.ndim == 0 or values.size == 0:
        return values
    if layout == "f":
        return np.asfortranarray(values)
    if layout == "strided":
        big = np.zeros((*values.shape[:-1], values.shape[-1] * 2), dtype=values.dtype)
        big[..., ::2] = values
        return big[..., ::2]
    if layout == "reversed":
        flipped = np.ascontiguousarray(np.flip(values))
        return np.flip(flipped)
    return values


@st.composite
def arrays(draw: Any, dtype: str, shape: Any = None, low: float = -10, high: float = 10,
           elements_strategy: Any = None) -> np.ndarray:
    """A numpy array of ``dtype`` in a random layout (C, F, strided or reversed)."""
    if shape is None:
        shape = draw(shapes)
    elems = elements_strategy if elements_strategy is not None else elements(dtype, low, high)
    values = draw(hnp.arrays(np.dtype(dtype), shape, elements=elems))
    return with_layout(values, draw(st.sampled_from(LAYOUTS)))


def tolerance(dtype: np.dtype[Any], transcendental: bool = False) -> dict[str, float]:
    name = np.dtype(dtype).name
    if name == "float16":
        return {"rtol": 4e-3 if transcendental else 1e-3, "atol": 2e-3}
    if name == "float32":
        return {"rtol": 1e-5 if transcendental else 1e-6, "atol": 1e-6}
    if name == "float64":
        return {"rtol": 1e-10 if transcendental else 1e-12, "atol": 1e-12}
    return {"rtol": 0, "atol": 0}


def as_numpy(x: Any) -> Any:
    if isinstance(x, pb.NDArray):
        return x.numpy()
    return x


def expected_dtype(dt: np.dtype[Any]) -> np.dtype[Any]:
    """numpy's type, except that the engine has no uint64 (it answers with int64)."""
    return np.dtype(np.int64) if dt == np.uint64 else dt


def check(result: Any, expected: Any, transcendental: bool = False,
          tol: dict[str, float] | None = None) -> None:
    """Asserts an engine result equals numpy's: type, shape and values (within tolerance)."""
    expected = np.asarray(expected)
    assert isinstance(result, pb.NDArray), f"expected an NDArray, got {type(result).__name__}"
    got = result.numpy()
    assert got.shape == expected.shape, f"shape {got.shape} != numpy's {expected.shape}"
    assert got.dtype == expected_dtype(expected.dtype), (
        f"dtype {got.dtype} != numpy's {expected.dtype}"
    )
    if got.dtype.kind == "f":
        np.testing.assert_allclose(
            got.astype(np.float64), expected.astype(np.float64), equal_nan=True,
            **(tol or tolerance(got.dtype, transcendental)),
        )
    else:
        np.testing.assert_array_equal(got, expected.astype(got.dtype))
