"""Distributed training and inference on Apache Spark with the same JVM engine.

>>> from pybridge import spark                         # doctest: +SKIP
>>> sess = spark.session("local[2]")                    # Spark inside the engine's JVM
>>> trainer = spark.SparkTrainer(conf, batch_size_per_worker=32, averaging_frequency=5)
>>> model = trainer.fit(df, features_col="features", label_col="label", epochs=3)
>>> model.transform(df).show(); print(model.evaluate(df).stats()); model.save("model.zip")
"""

from ._session import attach, configure, jars_conf, session, stop

__all__ = ["attach", "configure", "jars_conf", "session", "stop"]
