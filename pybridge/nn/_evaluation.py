"""Python faces of the Java ``Evaluation`` and ``RegressionEvaluation`` results."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._errors import java_errors

__all__ = ["Evaluation", "RegressionEvaluation"]


class Evaluation:
    """Classification metrics (from ``model.evaluate(x, y)``).

    Per-class metrics take a class index; without one, precision, recall and F1 are macro
    averages (scikit-learn's conventions, ``zero_division=0``). ``print(ev)`` shows
    :meth:`stats`::

        >>> import numpy as np
        >>> from pybridge import nn
        >>> model = nn.Sequential([nn.Output(2, n_in=1)], updater=nn.Sgd(0.5), seed=0)
        >>> x = np.array([[-2.0], [-1.0], [1.0], [2.0]], dtype=np.float32)
        >>> y = np.array([0, 0, 1, 1])
        >>> _ = model.fit(x, y, epochs=200, batch_size=4, verbose=0)
        >>> ev = model.evaluate(x, y)
        >>> ev.accuracy(), ev.confusion_matrix().tolist()
        (1.0, [[2, 0], [0, 2]])
        >>> model.close()
    """

    __slots__ = ("_j",)

    def __init__(self, java: Any) -> None:
        self._j = java

    @property
    def java(self) -> Any:
        """The Java ``org.pybridge.nn.Evaluation``."""
        return self._j

    @java_errors
    def accuracy(self) -> float:
        return float(self._j.accuracy())

    @java_errors
    def top_n_accuracy(self) -> float:
        """The fraction of examples whose class is among the top N predictions."""
        return float(self._j.topNAccuracy())

    @java_errors
    def precision(self, cls: int | None = None) -> float:
        return float(self._j.precision() if cls is None else self._j.precision(int(cls)))

    @java_errors
    def recall(self, cls: int | None = None) -> float:
        return float(self._j.recall() if cls is None else self._j.recall(int(cls)))

    @java_errors
    def f1(self, cls: int | None = None) -> float:
        return float(self._j.f1() if cls is None else self._j.f1(int(cls)))

    @java_errors
    def micro_precision(self) -> float:
        return float(self._j.microPrecision())

    @java_errors
    def micro_recall(self) -> float:
        return float(self._j.microRecall())

    @java_errors
    def micro_f1(self) -> float:
        return float(self._j.microF1())

    @property
    def num_classes(self) -> int:
        return int(self._j.numClasses())

    @property
    def count(self) -> int:
        """The number of examples evaluated."""
        return int(self._j.count())

    @java_errors
    def confusion_matrix(self) -> np.ndarray:
        """Counts as int64, actual classes as rows and predicted classes as columns."""
        rows = self._j.confusionMatrix()
        return np.array([list(r) for r in rows], dtype=np.int64).reshape(
            self.num_classes, self.num_classes)

    @java_errors
    def stats(self) -> str:
        """A readable table: accuracy, per-class precision/recall/F1, the confusion matrix."""
        return str(self._j.stats())

    def __str__(self) -> str:
        return self.stats()

    def __repr__(self) -> str:
        return (f"nn.Evaluation(accuracy={self.accuracy():.4f}, f1={self.f1():.4f}, "
                f"count={self.count})")


class RegressionEvaluation:
    """Regression metrics per output column (from ``model.evaluate_regression(x, y)``).

    Each metric takes a column index; without one it is the average over columns.
    """

    __slots__ = ("_j",)

    def __init__(self, java: Any) -> None:
        self._j = java

    @property
    def java(self) -> Any:
        return self._j

    @property
    def num_columns(self) -> int:
        return int(self._j.numColumns())

    def _metric(self, per_column: str, average: str, col: int | None) -> float:
        if col is None:
            return float(getattr(self._j, average)())
        return float(getattr(self._j, per_column)(int(col)))

    @java_errors
    def mean_squared_error(self, col: int | None = None) -> float:
        return self._metric("meanSquaredError", "averageMeanSquaredError", col)

    @java_errors
    def mean_absolute_error(self, col: int | None = None) -> float:
        return self._metric("meanAbsoluteError", "averageMeanAbsoluteError", col)

    @java_errors
    def root_mean_squared_error(self, col: int | None = None) -> float:
        return self._metric("rootMeanSquaredError", "averageRootMeanSquaredError", col)

    @java_errors
    def r2(self, col: int | None = None) -> float:
        """R^2 (coefficient of determination)."""
        return self._metric("rSquared", "averageRSquared", col)

    @java_errors
    def pearson_correlation(self, col: int | None = None) -> float:
        return self._metric("pearsonCorrelation", "averagePearsonCorrelation", col)

    @java_errors
    def stats(self) -> str:
        return str(self._j.stats())

    def __str__(self) -> str:
        return self.stats()

    def __repr__(self) -> str:
        return (f"nn.RegressionEvaluation(mse={self.mean_squared_error():.6g}, "
                f"r2={self.r2():.4f})")
