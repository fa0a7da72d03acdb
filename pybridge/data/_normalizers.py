"""Feature normalizers, fitted in Python, applied by the iterators and, through the model file,
by ``predict`` in Python and ``output`` in Java (``org.pybridge.nn.preprocess``).

The JSON text is identical to Java's ``Normalizer.toJson()`` (same keys, order, separators and
shortest round-trip float digits), and both sides compute the same statistics: population
standard deviation merged batch by batch with Chan's formula, 0 stored as 1.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from .._errors import InvalidArgumentError, PyBridgeError, ShapeError

__all__ = ["ImagePreProcessingScaler", "Normalizer", "NormalizerMinMax",
           "NormalizerStandardize", "normalizer_from_json"]


class _Stats:
    """Per-feature count, mean, M2, min and max over batches of (n, ...) examples."""

    def __init__(self) -> None:
        self.count = 0
        self.mean: np.ndarray | None = None
        self.m2: np.ndarray | None = None
        self.min: np.ndarray | None = None
        self.max: np.ndarray | None = None

    def add(self, x: Any) -> None:
        a = np.asarray(x)
        if a.ndim < 1:
            raise ShapeError("A normalizer is fitted on (examples, features) arrays, got a "
                             "scalar; reshape it to (n, 1).")
        n = a.shape[0]
        if n == 0:
            return
        a = a.reshape(n, -1).astype(np.float64, copy=False)
        bm = a.mean(axis=0)
        bm2 = ((a - bm) ** 2).sum(axis=0)
        if self.mean is None:
            self.count, self.mean, self.m2 = n, bm, bm2
            self.min, self.max = a.min(axis=0), a.max(axis=0)
            return
        if bm.shape != self.mean.shape:
            raise ShapeError(f"This batch has {bm.shape[0]} features per example but earlier "
                             f"ones had {self.mean.shape[0]}; every batch must have the same "
                             f"feature shape.")
        total = self.count + n
        delta = bm - self.mean
        self.mean = self.mean + delta * n / total
        self.m2 = self.m2 + bm2 + delta * delta * (self.count * n / total)
        self.min = np.minimum(self.min, a.min(axis=0))
        self.max = np.maximum(self.max, a.max(axis=0))
        self.count = total

    def check(self) -> None:
        if self.count == 0:
            raise InvalidArgumentError("Cannot fit a normalizer on no examples; give it at "
                                       "least one row.")

    def std(self) -> np.ndarray:
        s = np.sqrt(self.m2 / self.count)
        return np.where(s == 0.0, 1.0, s)


def _feature_blocks(data: Any, columns: Any) -> Any:
    """Feature arrays from numpy, Arrow tables/batches/streams, a DataSetIterator or an
    iterable of (features, labels) batches."""
    from ._assemble import feature_matrix
    from ._iterators import DataSetIterator

    if isinstance(data, DataSetIterator):
        yield from data.raw_features()
        return
    if hasattr(data, "schema") and hasattr(data, "num_rows"):
        yield feature_matrix(data, columns, np.float64)
        return
    if isinstance(data, np.ndarray) or hasattr(data, "__array__"):
        yield np.asarray(data)
        return
    for item in data:
        if hasattr(item, "schema"):
            yield feature_matrix(item, columns, np.float64)
        elif isinstance(item, (tuple, list)):
            yield np.asarray(item[0])
        else:
            yield np.asarray(item)


class Normalizer:
    """Base of the normalizers: ``fit``, ``transform``, ``revert``, JSON."""

    type = ""

    def _check_fitted(self) -> None:
        if not self.fitted:
            raise PyBridgeError(f"{type(self).__name__} is not fitted yet; call "
                                f".fit(training_data) first.")

    @property
    def fitted(self) -> bool:
        return True

    def fit(self, data: Any, columns: list[str] | None = None) -> Normalizer:
        """Fits the statistics on arrays, an Arrow table/stream (``columns``: the feature
        columns, default all numeric ones) or an iterator; returns ``self``."""
        stats = _Stats()
        for block in _feature_blocks(data, columns):
            stats.add(block)
        stats.check()
        self._set(stats)
        return self

    def _set(self, stats: _Stats) -> None:
        raise NotImplementedError

    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def transform(self, x: Any, *, out: np.ndarray | None = None) -> np.ndarray:
        """``x`` normalised, as a new float array (the input's float dtype, float32 for
        integers), or written into ``out`` (which may be ``x`` itself)."""
        self._check_fitted()
        a = np.asarray(x)
        dt = a.dtype if a.dtype.kind == "f" else np.dtype(np.float32)
        scale, shift = self._affine()
        n = a.shape[0] if a.ndim else 1
        flat = a.reshape(n, -1) if a.ndim else a.reshape(1, 1)
        if scale.shape[0] not in (1, flat.shape[1]):
            raise ShapeError(f"{type(self).__name__} was fitted on {scale.shape[0]} features "
                             f"per example, but the input has shape {a.shape} "
                             f"({flat.shape[1]} per example); give (n, {scale.shape[0]}) "
                             f"features.")
        target = np.empty(flat.shape, dt) if out is None else out.reshape(flat.shape)
        np.multiply(flat, scale.astype(dt), out=target, casting="unsafe")
        np.add(target, shift.astype(dt), out=target)
        return target.reshape(a.shape)

    __call__ = transform

    def revert(self, x: Any) -> np.ndarray:
        """The inverse of :meth:`transform`."""
        self._check_fitted()
        a = np.asarray(x)
        scale, shift = self._affine()
        flat = a.reshape(a.shape[0], -1).astype(np.float64)
        safe = np.where(scale == 0, 1.0, scale)
        return ((flat - shift) / safe).reshape(a.shape)

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_json(self) -> str:
        """The canonical JSON, identical to Java's ``Normalizer.toJson()``."""
        self._check_fitted()
        return json.dumps(self.to_dict())

    def __repr__(self) -> str:
        return f"data.{type(self).__name__}({self.to_json() if self.fitted else 'unfitted'})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Normalizer) and self.fitted and other.fitted and \
            self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]


def _floats(values: Any) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


class NormalizerStandardize(Normalizer):
    """Zero mean, unit variance per feature: ``(x - mean) / std``.

    >>> import numpy as np
    >>> from pybridge import data
    >>> norm = data.NormalizerStandardize().fit(np.array([[1.0], [3.0]]))
    >>> norm.to_json()
    '{"type": "standardize", "mean": [2.0], "std": [1.0]}'
    >>> norm.transform(np.array([[3.0]])).tolist()
    [[1.0]]
    """

    type = "standardize"

    def __init__(self, mean: Any = None, std: Any = None) -> None:
        self.mean = None if mean is None else np.asarray(mean, np.float64).ravel()
        self.std = None if std is None else np.asarray(std, np.float64).ravel()
        if (self.mean is None) != (self.std is None):
            raise InvalidArgumentError("Give both mean and std, or neither (then fit).")
        if self.std is not None and (not np.all(self.std > 0) or not np.all(
                np.isfinite(self.std)) or self.std.shape != self.mean.shape):
            raise InvalidArgumentError("NormalizerStandardize: std must hold one positive "
                                       "finite number per feature, as many as mean.")

    @property
    def fitted(self) -> bool:
        return self.mean is not None

    def _set(self, stats: _Stats) -> None:
        self.mean, self.std = stats.mean, stats.std()

    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        return 1.0 / self.std, -self.mean / self.std

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mean": _floats(self.mean), "std": _floats(self.std)}


class NormalizerMinMax(Normalizer):
    """Scales each feature from its fitted [min, max] to ``range`` (default (0, 1)); a
    constant feature maps to the low end.

    >>> import numpy as np
    >>> from pybridge import data
    >>> data.NormalizerMinMax(range=(-1, 1)).fit(np.array([[0.0], [4.0]])).transform(
    ...     np.array([[1.0]])).tolist()
    [[-0.5]]
    """

    type = "min_max"

    def __init__(self, range: tuple[float, float] = (0.0, 1.0), min: Any = None,
                 max: Any = None) -> None:
        low, high = (float(v) for v in range)
        if not low < high:
            raise InvalidArgumentError(f"NormalizerMinMax: range must be (low, high) with "
                                       f"low < high, got {range!r}.")
        self.range = (low, high)
        self.min = None if min is None else np.asarray(min, np.float64).ravel()
        self.max = None if max is None else np.asarray(max, np.float64).ravel()

    @property
    def fitted(self) -> bool:
        return self.min is not None

    def _set(self, stats: _Stats) -> None:
        self.min, self.max = stats.min, stats.max

    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        low, high = self.range
        span = self.max - self.min
        scale = np.where(span > 0, (high - low) / np.where(span > 0, span, 1.0), 0.0)
        return scale, low - self.min * scale

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "range": list(self.range), "min": _floats(self.min),
                "max": _floats(self.max)}


class ImagePreProcessingScaler(Normalizer):
    """Scales pixels from [0, max_pixel] to ``range`` (default 255 to [0, 1]); no fitting.

    >>> import numpy as np
    >>> from pybridge import data
    >>> data.ImagePreProcessingScaler().transform(np.array([[0, 255]], np.uint8)).tolist()
    [[0.0, 1.0]]
    """

    type = "image_scaler"

    def __init__(self, range: tuple[float, float] = (0.0, 1.0),
                 max_pixel: float = 255.0) -> None:
        low, high = (float(v) for v in range)
        if not low < high or not float(max_pixel) > 0:
            raise InvalidArgumentError(f"ImagePreProcessingScaler needs low < high and "
                                       f"max_pixel > 0, got {range!r} and {max_pixel!r}.")
        self.range = (low, high)
        self.max_pixel = float(max_pixel)

    def fit(self, data: Any = None, columns: list[str] | None = None) -> Normalizer:
        """Nothing to fit; returns ``self``."""
        return self

    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        low, high = self.range
        return np.array([(high - low) / self.max_pixel]), np.array([low])

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "range": list(self.range), "max_pixel": self.max_pixel}


def normalizer_from_json(text: str) -> Normalizer:
    """Reads the JSON of ``normalizer.to_json()`` (or Java's ``Normalizer.toJson()``).

    >>> from pybridge import data
    >>> data.normalizer_from_json('{"type": "image_scaler", "range": [0.0, 1.0], '
    ...                           '"max_pixel": 255.0}')
    data.ImagePreProcessingScaler({"type": "image_scaler", "range": [0.0, 1.0], "max_pixel": 255.0})
    """
    try:
        d = json.loads(text)
    except ValueError as e:
        raise InvalidArgumentError(f"normalizer JSON is not valid JSON: {e}") from None
    kind = d.get("type") if isinstance(d, dict) else None
    try:
        if kind == "standardize":
            return NormalizerStandardize(d["mean"], d["std"])
        if kind == "min_max":
            return NormalizerMinMax(tuple(d["range"]), d["min"], d["max"])
        if kind == "image_scaler":
            return ImagePreProcessingScaler(tuple(d["range"]), d["max_pixel"])
    except KeyError as e:
        raise InvalidArgumentError(f"normalizer JSON of type {kind!r} lacks {e}.") from None
    raise InvalidArgumentError(f"Unknown normalizer type {kind!r}; expected standardize, "
                               f"min_max or image_scaler.")
