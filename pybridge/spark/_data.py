"""numpy arrays as a Spark DataFrame with a features column and a label column."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._errors import InvalidArgumentError, PyBridgeError, ShapeError

__all__ = ["dataframe"]


def dataframe(x: Any, y: Any = None, *, spark_session: Any = None,
              features_col: str = "features", label_col: str = "label",
              partitions: int | None = None) -> Any:
    """A DataFrame of ``x`` (one row per example, features flattened into an array column) and
    ``y`` (class ids as long, regression values as double, or one array per row).

    Meant for data that fits on the driver (tests, examples, small sets); large data is better
    read by Spark itself (``sess.read.parquet("file:///...")``)::

        df = spark.dataframe(x_train, y_train)      # columns "features" and "label"
    """
    from pyspark.sql import SparkSession
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        FloatType,
        LongType,
        StructField,
        StructType,
    )

    sess = spark_session or SparkSession.getActiveSession()
    if sess is None:
        raise PyBridgeError("No active Spark session: start one with pybridge.spark.session() "
                            "or pass spark_session=.")
    xs = np.asarray(x)
    if xs.ndim < 1 or xs.dtype.kind not in "biuf":
        raise InvalidArgumentError(f"x must be a numeric array with one row per example, got "
                                   f"{xs.dtype} of shape {xs.shape}.")
    xs = xs.reshape(len(xs), -1)
    element = DoubleType() if xs.dtype == np.float64 else FloatType()
    fields = [StructField(features_col, ArrayType(element, False), False)]
    columns = [xs.astype(np.float64 if xs.dtype == np.float64 else np.float32).tolist()]
    if y is not None:
        ys = np.asarray(y)
        if len(ys) != len(xs):
            raise ShapeError(f"x has {len(xs)} rows but y has {len(ys)}; give one label per "
                             f"example.")
        if ys.ndim == 1 and ys.dtype.kind in "biu":
            fields.append(StructField(label_col, LongType(), False))
            columns.append(ys.astype(np.int64).tolist())
        elif ys.ndim == 1:
            fields.append(StructField(label_col, DoubleType(), False))
            columns.append(ys.astype(np.float64).tolist())
        else:
            fields.append(StructField(label_col, ArrayType(FloatType(), False), False))
            columns.append(ys.reshape(len(ys), -1).astype(np.float32).tolist())
    rows = list(zip(*columns, strict=True))
    df = sess.createDataFrame(rows, StructType(fields))
    if partitions is not None:
        df = df.repartition(int(partitions))
    return df
