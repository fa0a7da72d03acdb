"""``SparkTrainer`` and ``SparkModel``: Python faces of ``org.pybridge.spark``.

Every call goes to the Java classes in the driver JVM of the DataFrame's session through
pyspark's py4j view (:class:`~pybridge.spark._session.Bridge`). When that driver is this
process's JVM (:func:`pybridge.spark.session`), the trained network and evaluations cross to
pybridge's JPype objects without copies; for a session started elsewhere
(:func:`pybridge.spark.attach`) the network crosses as a model file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .._errors import InvalidArgumentError, PyBridgeError
from ..nn import Evaluation, MultiLayerNetwork, NeuralNetConfiguration, RegressionEvaluation
from ._errors import java_calls
from ._session import Bridge

__all__ = ["SparkModel", "SparkTrainer", "TrainingStats"]

_REPARTITION = {"always": "ALWAYS", "never": "NEVER", "when_needed": "WHEN_NEEDED"}


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(f"{name} must be an integer >= 1, got {value!r}.")
    return value


def _column(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(f"{name} must be a column name, got {value!r}.")
    return value


def _local_path(path: str | os.PathLike[str]) -> str:
    """A Hadoop path for Java: URIs (``hdfs://``, ``file://``) as given, local paths made
    absolute (the driver JVM may run in another working directory)."""
    text = os.fspath(path)
    if "://" in text or text.startswith("file:"):
        return text
    return str(Path(text).resolve())


class SparkTrainer:
    """Data-parallel training on Spark by parameter averaging (DL4J's
    ParameterAveragingTrainingMaster): each worker fits ``averaging_frequency`` minibatches of
    ``batch_size_per_worker`` examples of its partition, then parameters and optimizer state
    are averaged (tree aggregation) and broadcast; repeat until every epoch is done.

    Args:
        conf: the network: an ``nn.NeuralNetConfiguration`` (or its JSON), or an
            ``nn.MultiLayerNetwork``/``nn.Sequential`` whose parameters and optimizer state
            training starts from (the network itself is not changed).
        batch_size_per_worker: examples per minibatch on each worker.
        averaging_frequency: minibatches each worker fits between two averagings.
        workers: partitions trained in parallel (default: Spark's default parallelism).
        repartition: ``"always"`` (balanced partitions, the default), ``"never"`` (one worker
            per existing partition) or ``"when_needed"``.
        storage_level: how minibatches are cached on executors: a ``pyspark.StorageLevel`` or
            its name (default ``"MEMORY_ONLY"``). In local mode (``local[N]`` masters) the
            tasks share the driver's JVM, so minibatches are held there instead, dealt to the
            workers without a shuffle, round states pass by reference and, unless checkpoints
            are written, all rounds run as one Spark job whose workers meet at a barrier
            (a failed task makes the driver go on one job per round); this setting then does
            not apply.
        checkpoint_dir: a Hadoop path (``file:///...``, ``hdfs://...``) to write checkpoints
            to every ``checkpoint_every`` averaging rounds; :meth:`resume` continues from one.
        seed: shuffles each worker's minibatch order per epoch, reproducibly (default: data
            order). Parameters are initialised from the configuration's own seed.
        aggregation_depth: depth of the tree aggregation.
        transform: a fitted ``data.TransformProcess`` (or its JSON) that the executors run on
            the raw rows with the JVM executor before training; the columns it outputs, other
            than the label, become the features column (in order). The trained model keeps it:
            its ``transform``/``evaluate`` take raw rows and its model file carries the
            transform, so ``ModelPipeline`` in Java serves raw rows too.

    Example::

        trainer = spark.SparkTrainer(model, batch_size_per_worker=32, averaging_frequency=5)
        fitted = trainer.fit(df, features_col="features", label_col="label", epochs=3)
        print(fitted.training_stats)
    """

    def __init__(self, conf: NeuralNetConfiguration | MultiLayerNetwork | str, *,
                 batch_size_per_worker: int = 32, averaging_frequency: int = 5,
                 workers: int | None = None, repartition: str = "always",
                 storage_level: Any = "MEMORY_ONLY", checkpoint_dir: str | None = None,
                 checkpoint_every: int = 10, seed: int | None = None,
                 aggregation_depth: int = 2, transform: Any = None) -> None:
        self._network: MultiLayerNetwork | None = None
        if isinstance(conf, MultiLayerNetwork):
            self._network = conf
            self._json = conf.to_json()
        elif isinstance(conf, NeuralNetConfiguration):
            self._json = conf.to_json()
        elif isinstance(conf, str):
            self._json = NeuralNetConfiguration.from_json(conf).to_json()
        else:
            raise InvalidArgumentError(
                f"SparkTrainer takes an nn.NeuralNetConfiguration (or its JSON) or an "
                f"nn.MultiLayerNetwork, got {type(conf).__name__}.")
        self.batch_size_per_worker = _positive("batch_size_per_worker", batch_size_per_worker)
        self.averaging_frequency = _positive("averaging_frequency", averaging_frequency)
        self.workers = None if workers is None else _positive("workers", workers)
        key = str(repartition).lower()
        if key not in _REPARTITION:
            raise InvalidArgumentError(f"repartition must be one of {sorted(_REPARTITION)}, "
                                       f"got {repartition!r}.")
        self.repartition = key
        self.storage_level = storage_level
        self.checkpoint_dir = None if checkpoint_dir is None else os.fspath(checkpoint_dir)
        self.checkpoint_every = _positive("checkpoint_every", checkpoint_every)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise InvalidArgumentError(f"seed must be an integer or None, got {seed!r}.")
        self.seed = seed
        self.aggregation_depth = _positive("aggregation_depth", aggregation_depth)
        self.transform_json = _transform_json(transform)

    @property
    def config(self) -> NeuralNetConfiguration:
        """The network's configuration."""
        return NeuralNetConfiguration.from_json(self._json)

    def _java(self, bridge: Bridge, features_col: str, label_col: str) -> Any:
        """The Java SparkTrainer for the driver JVM of ``bridge``."""
        trainer = bridge.cls("SparkTrainer")
        if self._network is None:
            builder = trainer.builder(self._json)
        elif bridge.in_process:
            builder = trainer.builder(_to_py4j(self._network.java))
        else:
            with tempfile.TemporaryDirectory(prefix="pybridge-spark-") as tmp:
                path = str(Path(tmp) / "initial.zip")
                self._network.save(path)
                loaded = bridge.cls("SparkModel").load(path)
                try:
                    builder = trainer.builder(loaded.network())  # copies the state now
                finally:
                    loaded.close()
        builder = (builder.batchSizePerWorker(self.batch_size_per_worker)
                   .averagingFrequency(self.averaging_frequency)
                   .repartition(bridge.cls("Repartition").valueOf(_REPARTITION[self.repartition]))
                   .storageLevel(_storage_level(bridge, self.storage_level))
                   .aggregationDepth(self.aggregation_depth))
        if self.workers is not None:
            builder = builder.workers(self.workers)
        if self.checkpoint_dir is not None:
            builder = builder.checkpoint(_local_path(self.checkpoint_dir), self.checkpoint_every)
        if self.seed is not None:
            builder = builder.seed(self.seed)
        if self.transform_json is not None:
            builder = builder.inputTransform(bridge.cls("SparkTransforms").transformProcess(
                self.transform_json, features_col, bridge.string_array([label_col])))
        return builder.build()

    @java_calls
    def fit(self, df: Any, features_col: str = "features", label_col: str = "label",
            epochs: int = 1) -> SparkModel:
        """Trains on a DataFrame with a features column (numeric arrays or ML vectors) and a
        label column (class ids, regression values or arrays); returns a :class:`SparkModel`.
        """
        features_col, label_col = _column("features_col", features_col), _column(
            "label_col", label_col)
        if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 0:
            raise InvalidArgumentError(f"epochs must be an integer >= 0, got {epochs!r}.")
        bridge = Bridge.of(df)
        java = self._java(bridge, features_col, label_col).fit(df._jdf, features_col, label_col,
                                                               epochs)
        return SparkModel(java, bridge, features_col=features_col, label_col=label_col)

    @java_calls
    def resume(self, checkpoint_dir: str | os.PathLike[str], df: Any,
               features_col: str = "features", label_col: str = "label",
               epochs: int = 1) -> SparkModel:
        """Continues an interrupted :meth:`fit` from the latest checkpoint in
        ``checkpoint_dir`` until ``epochs`` epochs are done in all."""
        bridge = Bridge.of(df)
        features_col, label_col = _column("features_col", features_col), _column(
            "label_col", label_col)
        java = self._java(bridge, features_col, label_col).resume(
            _local_path(checkpoint_dir), df._jdf, features_col, label_col, int(epochs))
        return SparkModel(java, bridge, features_col=features_col, label_col=label_col)

    def __repr__(self) -> str:
        return (f"spark.SparkTrainer(batch_size_per_worker={self.batch_size_per_worker}, "
                f"averaging_frequency={self.averaging_frequency}, workers={self.workers}, "
                f"repartition={self.repartition!r})")


def _transform_json(transform: Any) -> str | None:
    if transform is None:
        return None
    if isinstance(transform, str):
        from ..data import TransformProcess

        transform = TransformProcess.from_json(transform)
    if not hasattr(transform, "to_json") or not hasattr(transform, "fitted"):
        raise InvalidArgumentError(f"transform must be a data.TransformProcess or its JSON, got "
                                   f"{type(transform).__name__}.")
    if not transform.fitted:
        raise InvalidArgumentError(
            "transform is not fitted: Spark executors replay fitted statistics only. Fit it on "
            "a sample first (tp.fit(table), e.g. table = data.read_csv(path)) and pass it again.")
    return transform.to_json()


def _to_py4j(jpype_object: Any) -> Any:
    from . import _gateway

    return _gateway.to_py4j(jpype_object)


def _storage_level(bridge: Bridge, level: Any) -> Any:
    if isinstance(level, str):
        try:
            return bridge.jvm.org.apache.spark.storage.StorageLevel.fromString(level.upper())
        except Exception:
            raise InvalidArgumentError(
                f"storage_level {level!r} is not a Spark storage level: use a name such as "
                f"'MEMORY_ONLY', 'MEMORY_AND_DISK' or 'DISK_ONLY', or a pyspark.StorageLevel."
            ) from None
    from pyspark import StorageLevel

    if not isinstance(level, StorageLevel):
        raise InvalidArgumentError(f"storage_level must be a pyspark.StorageLevel or its name, "
                                   f"got {type(level).__name__}.")
    return bridge.sc._getJavaStorageLevel(level)


class TrainingStats:
    """What a Spark training run did: time per phase, throughput, rounds and executors.

    ``print(stats)`` shows a table; the figures are plain Python values::

        stats = model.training_stats
        stats.examples_per_second, stats.phases_ms["fit"], stats.executors[0]["pid"]
    """

    def __init__(self, data: dict[str, Any], text: str = "") -> None:
        self._data = data
        self._text = text

    @staticmethod
    def from_json(text: str) -> TrainingStats:
        return TrainingStats(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        """Everything, as the JSON-like dict Java wrote."""
        return json.loads(json.dumps(self._data))

    @property
    def examples_per_second(self) -> float:
        return float(self._data["examples_per_second"])

    @property
    def examples(self) -> int:
        return int(self._data["examples"])

    @property
    def rounds(self) -> int:
        return int(self._data["rounds"])

    @property
    def workers(self) -> int:
        return int(self._data["workers"])

    @property
    def phases_ms(self) -> dict[str, float]:
        """Milliseconds per phase: prepare, broadcast, fit, aggregate, checkpoint, total."""
        return {k: float(v) for k, v in self._data["phases_ms"].items()}

    @property
    def round_stats(self) -> list[dict[str, Any]]:
        """Per averaging round: epoch, workers, examples, broadcast/fit/aggregate ms, score."""
        return list(self._data["round_stats"])

    @property
    def executors(self) -> list[dict[str, Any]]:
        """The executors that trained: executor_id, host, pid, tasks, examples, fit_ms."""
        return list(self._data["executors"])

    def plot(self, path: str | os.PathLike[str] | None = None) -> Any:
        """Stacked bars of broadcast/fit/aggregate time per round (needs matplotlib); saves
        the figure to ``path`` when given; returns the matplotlib figure."""
        try:
            import matplotlib

            if path is not None:
                matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError("TrainingStats.plot needs matplotlib: pip install matplotlib "
                              "(or print the stats for a table).") from None
        rounds = self.round_stats
        fig, ax = plt.subplots(figsize=(8, 3.5))
        bottom = [0.0] * len(rounds)
        xs = [int(r["round"]) for r in rounds]
        for phase in ("broadcast_ms", "fit_ms", "aggregate_ms"):
            values = [float(r[phase]) for r in rounds]
            ax.bar(xs, values, bottom=bottom, label=phase.removesuffix("_ms"))
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_xlabel("averaging round")
        ax.set_ylabel("ms")
        ax.set_title(f"Spark training: {self.examples_per_second:,.0f} examples/s")
        ax.legend()
        if path is not None:
            fig.savefig(os.fspath(path), bbox_inches="tight")
        return fig

    def __str__(self) -> str:
        if self._text:
            return self._text
        p = self.phases_ms
        lines = [f"Spark training: {self.workers} workers, {self.rounds} rounds, "
                 f"{self.examples} examples, {self.examples_per_second:,.1f} examples/s"]
        lines += [f"{k:<12} {v:12.1f} ms" for k, v in p.items()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"spark.TrainingStats(examples_per_second={self.examples_per_second:.1f}, "
                f"rounds={self.rounds}, workers={self.workers})")


class SparkModel:
    """A trained network on the Spark driver: distributed ``transform`` and ``evaluate`` in
    executors (JVM-side, no Python UDF), ``save`` to any Hadoop path, and :attr:`network`, the
    same network as a pybridge ``nn`` model for predictions in Python.

    It owns JVM memory: ``close()`` it or use ``with``.

    Example::

        with trainer.fit(df, epochs=3) as model:
            model.transform(test_df).select("label", "prediction").show()
            print(model.evaluate(test_df).stats())
            model.save("model.zip")          # nn.load / Java MultiLayerNetwork.load read it
    """

    def __init__(self, java: Any, bridge: Bridge, *, features_col: str = "features",
                 label_col: str = "label") -> None:
        self._j = java
        self._bridge = bridge
        self._network: MultiLayerNetwork | None = None
        self.features_col = features_col
        self.label_col = label_col
        stats = java.stats()
        self._stats = None if stats is None else TrainingStats(
            json.loads(str(stats.toJson())), str(stats.toString()))

    @staticmethod
    @java_calls
    def load(path: str | os.PathLike[str], spark_session: Any = None, *,
             features_col: str = "features", label_col: str = "label") -> SparkModel:
        """Loads a model file (from any pybridge save, Python, Java or Spark) onto the driver
        of ``spark_session`` (default: the active session). Local paths or Hadoop URIs."""
        if spark_session is None:
            from pyspark.sql import SparkSession

            spark_session = SparkSession.getActiveSession()
            if spark_session is None:
                raise PyBridgeError("No active Spark session: start one with "
                                    "pybridge.spark.session() or pass spark_session=.")
        bridge = Bridge(spark_session)
        java = bridge.cls("SparkModel").load(_local_path(path))
        return SparkModel(java, bridge, features_col=features_col, label_col=label_col)

    @property
    def java(self) -> Any:
        """The py4j proxy of the Java ``org.pybridge.spark.SparkModel``."""
        return self._live()

    def _live(self) -> Any:
        if self._j is None:
            raise PyBridgeError("This SparkModel is closed; load it again with "
                                "spark.SparkModel.load(path).")
        return self._j

    @property
    def training_stats(self) -> TrainingStats | None:
        """Statistics of the training run (None for a loaded model)."""
        return self._stats

    @property
    def network(self) -> MultiLayerNetwork:
        """The trained network as an ``nn.MultiLayerNetwork`` (``predict``, ``evaluate``...).

        With :func:`spark.session` it *is* the model's network (no copy; closing either
        releases both, and the model stays alive while the network is referenced); with an
        attached session it is a copy read from a model file.
        """
        if self._network is None:
            java = self._live()
            if self._bridge.in_process:
                self._network = MultiLayerNetwork(
                    None, _java_net=self._bridge.to_jpype(java.network()))
                # The network is this model's: keep the model alive while the network is used
                # (``net = trainer.fit(df).network`` must not be freed with the model).
                self._network._spark_owner = self
            else:
                with tempfile.TemporaryDirectory(prefix="pybridge-spark-") as tmp:
                    path = str(Path(tmp) / "model.zip")
                    java.save(path)
                    self._network = MultiLayerNetwork.load(path)
        return self._network

    @java_calls
    def transform(self, df: Any, features_col: str | None = None,
                  prediction_col: str = "prediction",
                  probability_col: str | None = "probability") -> Any:
        """``df`` with a ``prediction`` column (class index, or the regression value) and the
        network's outputs as ``probability`` (array<float>; None leaves it out), computed
        lazily on the executors."""
        from pyspark.sql import DataFrame

        features_col = _column("features_col", features_col or self.features_col)
        jdf = self._live().transform(df._jdf, features_col, _column("prediction_col",
                                                                    prediction_col),
                                     probability_col)
        return DataFrame(jdf, df.sparkSession)

    @java_calls
    def evaluate(self, df: Any, features_col: str | None = None,
                 label_col: str | None = None) -> Evaluation:
        """Classification metrics over ``df``, evaluated per partition on the executors and
        merged on the driver; an ``nn.Evaluation`` (``accuracy()``, ``stats()``...)."""
        jev = self._live().evaluate(df._jdf, features_col or self.features_col,
                                    label_col or self.label_col)
        return Evaluation(self._bridge.to_jpype(jev) if self._bridge.in_process else jev)

    @java_calls
    def evaluate_regression(self, df: Any, features_col: str | None = None,
                            label_col: str | None = None) -> RegressionEvaluation:
        """Regression metrics (MSE, MAE, R^2 per output) over ``df``, merged likewise."""
        jev = self._live().evaluateRegression(df._jdf, features_col or self.features_col,
                                              label_col or self.label_col)
        return RegressionEvaluation(self._bridge.to_jpype(jev) if self._bridge.in_process
                                    else jev)

    @java_calls
    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the model file (atomically) to a local path or any Hadoop path; Python
        (``nn.load``), Java (``MultiLayerNetwork.load``) and Spark read it."""
        self._live().save(_local_path(path))

    def close(self) -> None:
        """Releases the network's JVM memory (idempotent)."""
        j, self._j = self.__dict__.get("_j"), None
        network, self._network = self.__dict__.get("_network"), None
        if network is not None:
            network.close()
        if j is not None:
            j.close()

    def __enter__(self) -> SparkModel:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        # Plain try (not contextlib.suppress): finalizers may run while modules unload.
        try:
            if self.__dict__.get("_j") is not None and self._bridge.sc._jsc is not None:
                self.close()
        except BaseException:
            pass

    def __repr__(self) -> str:
        state = "closed" if self._j is None else f"features_col={self.features_col!r}"
        return f"<spark.SparkModel {state}>"
