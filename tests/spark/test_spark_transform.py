"""Raw CSV rows through a TransformProcess that the executors run, into training and scoring."""

from __future__ import annotations

import numpy as np
import pytest

from pybridge import data, nn, spark

pa = pytest.importorskip("pyarrow")
pacsv = pytest.importorskip("pyarrow.csv")

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def _iris_csv(path) -> None:
    from sklearn.datasets import load_iris

    iris = load_iris()
    cols = {"id": np.arange(len(iris.target))}
    for j, name in enumerate(FEATURES):
        cols[name] = iris.data[:, j]
    cols["species"] = [str(iris.target_names[t]) for t in iris.target]
    pacsv.write_csv(pa.table(cols), path)


def _model() -> nn.MultiLayerNetwork:
    return nn.Sequential(
        [nn.Dense(16, activation="relu"), nn.Output(3, activation="softmax", loss="mcxent")],
        input_shape=(len(FEATURES),), updater=nn.Adam(0.01), seed=42)


def test_executors_run_the_transform_for_training_and_scoring(local_session, tmp_path):
    csv = tmp_path / "iris.csv"
    _iris_csv(csv)
    table = data.read_csv(csv)
    builder = data.TransformProcess.builder(data.Schema.infer(table))
    builder.categorical_to_integer("species")
    for name in FEATURES:
        builder.normalize(name, "standardize")
    tp = builder.remove_columns("id").build().fit(table)

    raw = local_session.read.csv(csv.as_uri(), header=True, inferSchema=True)
    trainer = spark.SparkTrainer(_model(), batch_size_per_worker=16, averaging_frequency=2,
                                 workers=2, seed=3, transform=tp)
    with trainer.fit(raw, features_col="features", label_col="species", epochs=30) as model:
        accuracy = model.evaluate(raw).accuracy()
        assert accuracy > 0.9
        # The same rows transformed in Python give the same predictions as the executors.
        local = tp.execute(table)
        x = np.column_stack([local.column(n).to_numpy() for n in FEATURES]).astype(np.float32)
        scored = model.transform(raw.drop("species")).select("probability").collect()
        got = np.array([row[0] for row in scored], dtype=np.float32)
        np.testing.assert_allclose(got, model.network.predict(x), rtol=1e-5, atol=1e-6)
        path = tmp_path / "iris.zip"
        model.save(str(path))
    with nn.load(path) as loaded:
        assert data.TransformProcess.from_json(loaded.transform).to_json() == tp.to_json()


def test_an_unfitted_transform_is_refused_with_the_fix(local_session):
    schema = data.Schema.builder().add_double("x").add_string("y").build()
    tp = data.TransformProcess.builder(schema).normalize("x", "standardize").build()
    with pytest.raises(Exception, match="not fitted"):
        spark.SparkTrainer(_model(), transform=tp)
