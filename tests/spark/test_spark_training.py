"""Training, inference and evaluation on local[2], Spark running inside the test JVM."""

from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest
from spark_support import ROOT, digits_model

import pybridge as pb
from pybridge import nn, spark


def test_fit_transform_evaluate_in_this_process(local_session, digits):
    df = spark.dataframe(digits["x_train"], digits["y_train"])
    test_df = spark.dataframe(digits["x_test"], digits["y_test"])
    trainer = spark.SparkTrainer(digits_model().config, batch_size_per_worker=32,
                                 averaging_frequency=5, workers=2, seed=7)
    with trainer.fit(df, features_col="features", label_col="label", epochs=2) as model:
        stats = model.training_stats
        assert stats.workers == 2 and stats.examples == 2 * len(digits["x_train"])
        assert set(stats.phases_ms) >= {"fit", "aggregate", "broadcast", "total"}
        assert stats.examples_per_second > 0 and stats.rounds > 1
        # Spark runs inside this process's JVM: every executor is this very process.
        assert {e["pid"] for e in stats.executors} == {os.getpid()}
        assert "examples/s" in str(stats)

        scored = model.transform(test_df).select("label", "prediction", "probability")
        rows = scored.collect()
        assert len(rows) == len(digits["x_test"])
        probabilities = np.array([r["probability"] for r in rows], dtype=np.float32)
        np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
        assert [r["prediction"] for r in rows] == probabilities.argmax(axis=1).tolist()

        # The network crosses to Python without a copy and predicts what the executors did.
        order = np.array([r["label"] for r in rows])
        np.testing.assert_array_equal(order, digits["y_test"])  # transform keeps row order
        np.testing.assert_allclose(model.network.predict(digits["x_test"]), probabilities,
                                   rtol=0, atol=1e-6)

        ev = model.evaluate(test_df)
        assert isinstance(ev, nn.Evaluation)
        assert ev.count == len(digits["x_test"])
        local = model.network.evaluate(digits["x_test"], digits["y_test"])
        assert ev.accuracy() == pytest.approx(local.accuracy())
        np.testing.assert_array_equal(ev.confusion_matrix(), local.confusion_matrix())
        assert "Accuracy" in ev.stats() or "accuracy" in ev.stats()
        assert ev.accuracy() > 0.5  # two epochs: learning, not yet converged


def test_spark_mlp_reaches_single_machine_accuracy_within_one_point(local_session, digits,
                                                                     tmp_path):
    epochs = 30
    with digits_model() as single:
        single.fit(digits["x_train"], digits["y_train"], epochs=epochs, batch_size=32,
                   shuffle=True, verbose=0)
        single_accuracy = single.evaluate(digits["x_test"], digits["y_test"]).accuracy()

    df = spark.dataframe(digits["x_train"], digits["y_train"], partitions=2)
    trainer = spark.SparkTrainer(digits_model().config, batch_size_per_worker=32,
                                 averaging_frequency=5, workers=2, seed=123)
    path = tmp_path / "spark-digits.zip"
    with trainer.fit(df, epochs=epochs) as model:
        spark_accuracy = model.evaluate(
            spark.dataframe(digits["x_test"], digits["y_test"])).accuracy()
        model.save(path)
        expected = model.network.predict(digits["x_test"])
    assert spark_accuracy >= single_accuracy - 0.01, (spark_accuracy, single_accuracy)
    assert spark_accuracy >= 0.96

    # The file is the ordinary model file: Python and plain Java load it.
    with nn.load(path) as loaded:
        np.testing.assert_array_equal(loaded.predict(digits["x_test"]), expected)
    java = _java_predictions(path, digits["x_test"][:20], tmp_path)
    np.testing.assert_allclose(java, expected[:20], rtol=0, atol=1e-6)


def _java_predictions(model: os.PathLike[str], x: np.ndarray, tmp) -> np.ndarray:
    """Runs examples/java-service (plain Java, no Spark) on ``x``; returns its outputs."""
    home = pb.jvm.find_java_home()
    javac = home / "bin" / "javac"
    if not javac.is_file():
        pytest.skip(f"the JDK at {home} has no javac")
    classes = tmp / "classes"
    engine = [j for j in pb.jvm.classpath() if "pybridge-spark" not in j]
    sources = [str(p) for p in (ROOT / "examples" / "java-service" / "src").rglob("*.java")]
    done = subprocess.run([str(javac), "-d", str(classes), "-cp", ":".join(engine), *sources],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    flags = []
    major = pb.jvm.java_version(home)
    if major >= 22:
        flags.append("--enable-native-access=ALL-UNNAMED")
    if major >= 23:
        flags.append("--sun-misc-unsafe-memory-access=allow")
    rows = "".join(",".join(repr(float(v)) for v in row) + "\n" for row in x)
    done = subprocess.run([str(home / "bin" / "java"), *flags, "-cp",
                           ":".join([*engine, str(classes)]),
                           "org.pybridge.examples.PredictService", str(model)],
                          input=rows, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return np.array([[float(v) for v in line.split("\t")[0].split(",")]
                     for line in done.stdout.splitlines()], dtype=np.float32)


def test_parquet_and_csv_through_file_uris(local_session, digits, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    from pyspark.ml.feature import VectorAssembler

    x, y = digits["x_train"], digits["y_train"]
    parquet = tmp_path / "train.parquet"
    pq.write_table(pa.table({"pixels": pa.array(list(x), type=pa.list_(pa.float32())),
                             "digit": pa.array(y)}), parquet)
    csv = tmp_path / "train.csv"
    header = ",".join([f"p{i}" for i in range(64)] + ["digit"])
    np.savetxt(csv, np.column_stack([x, y]), delimiter=",", header=header, comments="",
               fmt=["%.6f"] * 64 + ["%d"])

    from_parquet = local_session.read.parquet(parquet.as_uri())
    from_csv = local_session.read.csv(csv.as_uri(), header=True, inferSchema=True)
    # CSV columns become an ML vector, the usual pyspark.ml input.
    from_csv = VectorAssembler(inputCols=[f"p{i}" for i in range(64)],
                               outputCol="pixels").transform(from_csv).select("pixels", "digit")
    trainer = spark.SparkTrainer(digits_model(), batch_size_per_worker=32,
                                 averaging_frequency=5, workers=2, seed=1)
    accuracies = []
    for df in (from_parquet, from_csv):
        with trainer.fit(df, features_col="pixels", label_col="digit", epochs=3) as model:
            assert model.training_stats.examples == 3 * len(x)
            accuracies.append(model.evaluate(df).accuracy())
            out = (tmp_path / f"model-{len(accuracies)}.zip").as_uri()
            model.save(out)
    assert min(accuracies) > 0.75, accuracies
    # Same rows in the same order, so the two sources train the same network.
    assert accuracies[0] == pytest.approx(accuracies[1], abs=0.01)
    with nn.load(tmp_path / "model-1.zip") as loaded:
        assert loaded.evaluate(x, y).accuracy() == pytest.approx(accuracies[0])


def test_training_starts_from_a_python_network_state(local_session, digits):
    x, y = digits["x_train"][:256], digits["y_train"][:256]
    with digits_model(seed=5) as start:
        start.fit(x, y, epochs=2, batch_size=32, verbose=0)
        expected = start.predict(x)
        # epochs=0: the model is exactly the state handed over (parameters crossed in-JVM).
        with spark.SparkTrainer(start, workers=2).fit(spark.dataframe(x, y), epochs=0) as model:
            np.testing.assert_array_equal(model.network.predict(x), expected)
        assert start.predict(x).shape == (256, 10)  # the caller's network is left as it was


def test_checkpoints_and_resume(local_session, digits, tmp_path):
    x, y = digits["x_train"][:512], digits["y_train"][:512]
    df = spark.dataframe(x, y, partitions=2)
    ckpt = (tmp_path / "ckpt").as_uri()
    settings = dict(batch_size_per_worker=32, averaging_frequency=2, workers=2, seed=9)
    with spark.SparkTrainer(digits_model().config, checkpoint_dir=ckpt, checkpoint_every=2,
                            **settings).fit(df, epochs=1) as first:
        assert first.training_stats.phases_ms["checkpoint"] > 0
    assert any(p.name.startswith("checkpoint-") for p in (tmp_path / "ckpt").iterdir())
    resumed = spark.SparkTrainer(digits_model().config, **settings).resume(ckpt, df, epochs=2)
    straight = spark.SparkTrainer(digits_model().config, **settings).fit(df, epochs=2)
    with resumed, straight:
        np.testing.assert_allclose(resumed.network.predict(x), straight.network.predict(x),
                                   rtol=0, atol=1e-6)


def test_java_errors_surface_as_python_errors_with_the_java_message(local_session, digits):
    df = spark.dataframe(digits["x_test"], digits["y_test"])
    trainer = spark.SparkTrainer(digits_model().config, workers=2)
    with pytest.raises(pb.InvalidArgumentError, match="nope") as info:
        trainer.fit(df, features_col="nope", label_col="label", epochs=1)
    assert info.value.java_class == "java.lang.IllegalArgumentException"
    with pytest.raises(pb.PyBridgeError, match="No checkpoint"):
        trainer.resume("file:///nonexistent/ckpt", df, epochs=1)


def test_argument_errors_name_the_argument():
    conf = digits_model().config
    with pytest.raises(pb.InvalidArgumentError, match="averaging_frequency"):
        spark.SparkTrainer(conf, averaging_frequency=0)
    with pytest.raises(pb.InvalidArgumentError, match="repartition"):
        spark.SparkTrainer(conf, repartition="sometimes")
    with pytest.raises(pb.InvalidArgumentError, match="SparkTrainer takes"):
        spark.SparkTrainer(42)  # type: ignore[arg-type]


def test_storage_level_and_repartition_settings(local_session, digits):
    from pyspark import StorageLevel

    x, y = digits["x_test"], digits["y_test"]
    df = spark.dataframe(x, y, partitions=3)
    for level, repartition in ((StorageLevel.MEMORY_AND_DISK, "never"),
                               ("DISK_ONLY", "when_needed")):
        trainer = spark.SparkTrainer(digits_model().config, storage_level=level,
                                     repartition=repartition, workers=2)
        with trainer.fit(df, epochs=1) as model:
            assert model.training_stats.workers == (3 if repartition == "never" else 2)
    with pytest.raises(pb.InvalidArgumentError, match="storage level"):
        spark.SparkTrainer(digits_model().config, storage_level="FAST").fit(df)
