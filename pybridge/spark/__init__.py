"""Distributed training and inference on Apache Spark with the same JVM engine.

``session()`` runs Spark inside the engine's own JVM with pyspark attached (no second JVM);
``attach(session)`` loads the engine into a pyspark session started elsewhere. Training is
synchronous parameter averaging; transform and evaluate run in the executors on the JVM::

    from pybridge import nn, spark
    sess = spark.session("local[2]")
    df = spark.dataframe(x, y)                       # or sess.read.parquet("file:///...")
    trainer = spark.SparkTrainer(conf, batch_size_per_worker=32, averaging_frequency=5)
    model = trainer.fit(df, features_col="features", label_col="label", epochs=3)
    model.transform(df).show()
    print(model.evaluate(df).stats())
    model.save("model.zip")                          # nn.load / Java / Spark read it
"""

from typing import Any

from ._data import dataframe
from ._session import attach, configure, jars_conf, session, stop
from ._trainer import SparkModel, SparkTrainer, TrainingStats

__all__ = [
    "PyBridgeEstimator",
    "PyBridgeModel",
    "SparkModel",
    "SparkTrainer",
    "TrainingStats",
    "attach",
    "configure",
    "dataframe",
    "jars_conf",
    "session",
    "stop",
]


def __getattr__(name: str) -> Any:
    # The pyspark.ml stages subclass pyspark.ml classes: imported on first use, so that
    # `import pybridge.spark` works (and explains itself) without pyspark.
    if name in ("PyBridgeEstimator", "PyBridgeModel"):
        from . import _ml

        return getattr(_ml, name)
    raise AttributeError(f"module 'pybridge.spark' has no attribute {name!r}")
