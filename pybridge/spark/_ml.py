"""A pyspark.ml Estimator/Model pair, so a network trains and predicts inside a ``Pipeline``.

The model is saved with the pipeline: ``PyBridgeModel``'s directory holds Spark ML's usual
``metadata`` (its params) and ``model.zip``, the ordinary pybridge model file, written and read
through Hadoop paths by the driver JVM.
"""

from __future__ import annotations

import os
from typing import Any

from pyspark import keyword_only
from pyspark.ml import Estimator, Model
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import (
    HasFeaturesCol,
    HasLabelCol,
    HasPredictionCol,
    HasProbabilityCol,
    HasSeed,
)
from pyspark.ml.util import (
    DefaultParamsReadable,
    DefaultParamsReader,
    DefaultParamsWritable,
    DefaultParamsWriter,
    MLReadable,
    MLReader,
    MLWritable,
    MLWriter,
)

from ..nn import MultiLayerNetwork, NeuralNetConfiguration
from ._trainer import SparkModel, SparkTrainer

__all__ = ["PyBridgeEstimator", "PyBridgeModel"]

MODEL_FILE = "model.zip"


class _NetworkParams(HasFeaturesCol, HasLabelCol, HasPredictionCol, HasProbabilityCol):
    pass


class PyBridgeEstimator(Estimator, _NetworkParams, HasSeed, DefaultParamsReadable,
                        DefaultParamsWritable):
    """Trains a pybridge network with :class:`SparkTrainer` as a pyspark.ml stage.

    Example::

        from pyspark.ml import Pipeline
        from pyspark.ml.feature import VectorAssembler
        est = spark.PyBridgeEstimator(conf=model.to_json(), epochs=5, batchSizePerWorker=32)
        pipeline = Pipeline(stages=[VectorAssembler(inputCols=cols, outputCol="features"), est])
        fitted = pipeline.fit(train_df)
        fitted.write().overwrite().save("file:///tmp/pipeline")
    """

    conf = Param(Params._dummy(), "conf", "the network configuration as JSON (or an "
                 "nn.NeuralNetConfiguration / nn model, stored as its JSON)",
                 typeConverter=TypeConverters.toString)
    epochs = Param(Params._dummy(), "epochs", "passes over the data",
                   typeConverter=TypeConverters.toInt)
    # pyspark.ml names params in camelCase (featuresCol, maxIter...).
    batchSizePerWorker = Param(  # noqa: N815
        Params._dummy(), "batchSizePerWorker", "examples per minibatch on each worker",
        typeConverter=TypeConverters.toInt)
    averagingFrequency = Param(  # noqa: N815
        Params._dummy(), "averagingFrequency",
        "minibatches each worker fits between two averagings",
        typeConverter=TypeConverters.toInt)
    workers = Param(Params._dummy(), "workers",
                    "partitions trained in parallel (0: Spark's default parallelism)",
                    typeConverter=TypeConverters.toInt)

    @keyword_only
    def __init__(self, *, conf: Any = None, featuresCol: str = "features",
                 labelCol: str = "label", predictionCol: str = "prediction",
                 probabilityCol: str = "probability", epochs: int = 1,
                 batchSizePerWorker: int = 32, averagingFrequency: int = 5, workers: int = 0,
                 seed: int | None = None) -> None:
        super().__init__()
        self._setDefault(featuresCol="features", labelCol="label", predictionCol="prediction",
                         probabilityCol="probability", epochs=1, batchSizePerWorker=32,
                         averagingFrequency=5, workers=0)
        kwargs = dict(self._input_kwargs)
        if kwargs.get("conf") is not None:
            kwargs["conf"] = _json(kwargs["conf"])
        if kwargs.get("seed") is None:
            kwargs.pop("seed", None)
        self._set(**kwargs)

    def _fit(self, dataset: Any) -> PyBridgeModel:
        if not self.isDefined(self.conf):
            raise ValueError("PyBridgeEstimator needs conf=: the network configuration (an "
                             "nn.NeuralNetConfiguration, an nn model, or its JSON).")
        workers = self.getOrDefault(self.workers)
        trainer = SparkTrainer(
            self.getOrDefault(self.conf),
            batch_size_per_worker=self.getOrDefault(self.batchSizePerWorker),
            averaging_frequency=self.getOrDefault(self.averagingFrequency),
            workers=workers if workers > 0 else None,
            seed=self.getOrDefault(self.seed) if self.isSet(self.seed) else None)
        fitted = trainer.fit(dataset, features_col=self.getFeaturesCol(),
                             label_col=self.getLabelCol(),
                             epochs=self.getOrDefault(self.epochs))
        model = PyBridgeModel(fitted)
        self._copyValues(model)
        return model


def _json(conf: Any) -> str:
    if isinstance(conf, (MultiLayerNetwork, NeuralNetConfiguration)):
        return conf.to_json()
    return NeuralNetConfiguration.from_json(str(conf)).to_json()


class PyBridgeModel(Model, _NetworkParams, MLReadable, MLWritable):
    """A fitted pybridge network as a pyspark.ml Transformer (from :class:`PyBridgeEstimator`
    or from any model file with ``PyBridgeModel.from_file(path)``). ``transform`` adds the
    prediction and probability columns, computed on the executors."""

    def __init__(self, spark_model: SparkModel | None = None) -> None:
        super().__init__()
        self._setDefault(featuresCol="features", labelCol="label", predictionCol="prediction",
                         probabilityCol="probability")
        self._spark_model = spark_model

    @staticmethod
    def from_file(path: str | os.PathLike[str], spark_session: Any = None) -> PyBridgeModel:
        """A stage over a pybridge model file (local path or Hadoop URI)."""
        return PyBridgeModel(SparkModel.load(path, spark_session))

    @property
    def spark_model(self) -> SparkModel:
        """The :class:`SparkModel` (``network``, ``evaluate``, ``save``...)."""
        if self._spark_model is None:
            raise ValueError("This PyBridgeModel holds no network yet (it was created empty).")
        return self._spark_model

    def _transform(self, dataset: Any) -> Any:
        probability = self.getProbabilityCol() or None
        return self.spark_model.transform(dataset, self.getFeaturesCol(),
                                          self.getPredictionCol(), probability)

    def write(self) -> MLWriter:
        return _ModelWriter(self)

    @classmethod
    def read(cls) -> MLReader[PyBridgeModel]:
        return _ModelReader()


class _ModelWriter(MLWriter):
    def __init__(self, instance: PyBridgeModel) -> None:
        super().__init__()
        self.instance = instance

    def saveImpl(self, path: str) -> None:
        DefaultParamsWriter.saveMetadata(self.instance, path, self.sparkSession,
                                         extraMetadata={"modelFile": MODEL_FILE})
        self.instance.spark_model.save(_join(path, MODEL_FILE))


class _ModelReader(MLReader["PyBridgeModel"]):
    def load(self, path: str) -> PyBridgeModel:
        metadata = DefaultParamsReader.loadMetadata(path, self.sparkSession)
        model_file = metadata.get("modelFile", MODEL_FILE)
        model = PyBridgeModel(SparkModel.load(_join(path, model_file), self.sparkSession))
        model._resetUid(metadata["uid"])
        DefaultParamsReader.getAndSetParams(model, metadata)
        return model


def _join(path: str, name: str) -> str:
    return path.rstrip("/") + "/" + name
