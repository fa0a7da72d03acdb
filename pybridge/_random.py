"""Random tensors from the engine's generators (``pb.random``).

The module-level functions draw from the engine's global generator (``pb.random.seed(n)``
makes them reproducible); :class:`Generator` objects are independent streams, like numpy's
``default_rng``.
"""

from __future__ import annotations

import operator
import secrets
from typing import Any

from ._creation import asarray
from ._dtypes import java_dtype, normalize
from ._errors import InvalidArgumentError, java_errors
from ._jvm import J, ensure_started
from ._tensor import NDArray, wrap

__all__ = [
    "Generator", "bernoulli", "default_rng", "integers", "normal", "permutation", "rand",
    "randint", "randn", "seed", "shuffle", "truncated_normal", "uniform",
]  # fmt: skip


def _size(size: Any) -> list[int]:
    if size is None:
        return []
    if isinstance(size, int) or hasattr(size, "__index__"):
        return [operator.index(size)]
    try:
        return [operator.index(d) for d in size]
    except TypeError:
        raise InvalidArgumentError(
            f"size must be an int or a tuple of ints, got {size!r}."
        ) from None


class Generator:
    """An independent random stream; the same seed gives the same tensors.

    >>> g = pb.random.Generator(42)
    >>> x = g.normal(size=(2, 3))
    >>> x.shape, x.dtype
    ((2, 3), dtype('float32'))
    """

    __slots__ = ("_java",)

    def __init__(self, seed: int | None = None, *, _java: Any = None) -> None:
        if _java is not None:
            self._java = _java
            return
        ensure_started()
        value = secrets.randbits(63) if seed is None else operator.index(seed)
        self._java = J.Generator(value)

    @java_errors
    def uniform(self, low: float = 0.0, high: float = 1.0, size: Any = None,
                dtype: Any = "float32") -> NDArray:
        """Values drawn uniformly from ``[low, high)``."""
        jt = java_dtype(normalize(dtype))
        return wrap(self._java.uniform(float(low), float(high), jt, *_size(size)))

    @java_errors
    def normal(self, loc: float = 0.0, scale: float = 1.0, size: Any = None,
               dtype: Any = "float32") -> NDArray:
        """Normal values with mean ``loc`` and standard deviation ``scale``."""
        jt = java_dtype(normalize(dtype))
        return wrap(self._java.normal(float(loc), float(scale), jt, *_size(size)))

    @java_errors
    def truncated_normal(self, loc: float = 0.0, scale: float = 1.0, size: Any = None,
                         dtype: Any = "float32") -> NDArray:
        """Normal values redrawn until within two standard deviations of ``loc``."""
        jt = java_dtype(normalize(dtype))
        return wrap(self._java.truncatedNormal(float(loc), float(scale), jt, *_size(size)))

    @java_errors
    def bernoulli(self, p: float = 0.5, size: Any = None, dtype: Any = "float32") -> NDArray:
        """1 with probability ``p``, else 0 (e.g. dropout masks)."""
        if not 0.0 <= float(p) <= 1.0:
            raise InvalidArgumentError(f"bernoulli probability p must be in [0, 1], got {p!r}.")
        jt = java_dtype(normalize(dtype))
        return wrap(self._java.bernoulli(float(p), jt, *_size(size)))

    @java_errors
    def integers(self, low: int, high: int | None = None, size: Any = None,
                 dtype: Any = "int64") -> NDArray:
        """Integers from ``[low, high)`` (from ``[0, low)`` when ``high`` is None)."""
        if high is None:
            low, high = 0, low
        low, high = operator.index(low), operator.index(high)
        if high <= low:
            raise InvalidArgumentError(f"integers needs low < high, got low={low}, high={high}.")
        jt = java_dtype(normalize(dtype))
        return wrap(self._java.integers(low, high, jt, *_size(size)))

    randint = integers

    @java_errors
    def permutation(self, x: Any) -> NDArray:
        """A random permutation of ``range(x)`` (int64), or a shuffled copy of array ``x``."""
        if isinstance(x, int) or (hasattr(x, "__index__") and not hasattr(x, "shape")):
            return wrap(self._java.permutation(operator.index(x)))
        out = asarray(x).copy()
        self._java.shuffle(out._j)
        return out

    @java_errors
    def shuffle(self, x: NDArray) -> None:
        """Shuffles ``x`` in place along its first axis."""
        if not isinstance(x, NDArray):
            raise InvalidArgumentError(
                f"shuffle works in place on a pybridge NDArray, got {type(x).__name__}; "
                f"use permutation(x) for a shuffled copy."
            )
        self._java.shuffle(x._j)


def _global() -> Generator:
    ensure_started()
    # `global` is a Python keyword: JPype exposes the Java method as `global_`.
    getter = getattr(J.Generator, "global_", None) or getattr(J.Generator, "global")
    return Generator(_java=getter())


def default_rng(seed: int | None = None) -> Generator:
    """A new independent :class:`Generator` (numpy's ``default_rng``)."""
    return Generator(seed)


@java_errors
def seed(n: int) -> None:
    """Reseeds the global generator so the module-level functions repeat their draws.

    >>> pb.random.seed(123); a = pb.random.uniform(size=3)
    >>> pb.random.seed(123); b = pb.random.uniform(size=3)
    >>> bool((a == b).all())
    True
    """
    ensure_started()
    J.Generator.seed(operator.index(n))


def uniform(low: float = 0.0, high: float = 1.0, size: Any = None,
            dtype: Any = "float32") -> NDArray:
    """Values drawn uniformly from ``[low, high)``: ``pb.random.uniform(size=(2, 3))``."""
    return _global().uniform(low, high, size, dtype)


def normal(loc: float = 0.0, scale: float = 1.0, size: Any = None,
           dtype: Any = "float32") -> NDArray:
    """Normal values with mean ``loc`` and standard deviation ``scale``."""
    return _global().normal(loc, scale, size, dtype)


def truncated_normal(loc: float = 0.0, scale: float = 1.0, size: Any = None,
                     dtype: Any = "float32") -> NDArray:
    """Normal values redrawn until within two standard deviations of ``loc``."""
    return _global().truncated_normal(loc, scale, size, dtype)


def bernoulli(p: float = 0.5, size: Any = None, dtype: Any = "float32") -> NDArray:
    """1 with probability ``p``, else 0."""
    return _global().bernoulli(p, size, dtype)


def integers(low: int, high: int | None = None, size: Any = None,
             dtype: Any = "int64") -> NDArray:
    """Integers from ``[low, high)`` (from ``[0, low)`` when ``high`` is None)."""
    return _global().integers(low, high, size, dtype)


randint = integers


def rand(*shape: int) -> NDArray:
    """Uniform float32 values in ``[0, 1)`` of the given shape: ``pb.random.rand(2, 3)``."""
    return uniform(size=shape)


def randn(*shape: int) -> NDArray:
    """Standard normal float32 values of the given shape: ``pb.random.randn(2, 3)``."""
    return normal(size=shape)


def permutation(x: Any) -> NDArray:
    """A random permutation of ``range(x)``, or a shuffled copy of array ``x``."""
    return _global().permutation(x)


def shuffle(x: NDArray) -> None:
    """Shuffles ``x`` in place along its first axis."""
    _global().shuffle(x)
