"""The pyspark.ml stages: a network inside a Pipeline, saved and loaded with it."""

from __future__ import annotations

import numpy as np
import pytest
from spark_support import digits_model

from pybridge import nn, spark


def test_pipeline_fits_transforms_and_round_trips_through_its_directory(local_session, digits,
                                                                        tmp_path):
    from pyspark.ml import Pipeline, PipelineModel
    from pyspark.ml.feature import VectorAssembler

    columns = [f"p{i}" for i in range(64)]
    rows = [(*map(float, x), int(y)) for x, y in zip(digits["x_train"], digits["y_train"],
                                                      strict=True)]
    df = local_session.createDataFrame(rows, [*columns, "digit"])
    estimator = spark.PyBridgeEstimator(conf=digits_model(), featuresCol="pixels",
                                        labelCol="digit", predictionCol="guess", epochs=3,
                                        batchSizePerWorker=32, averagingFrequency=5,
                                        workers=2, seed=4)
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=columns, outputCol="pixels"),
                                estimator])
    fitted = pipeline.fit(df)
    stage = fitted.stages[-1]
    assert isinstance(stage, spark.PyBridgeModel)
    assert stage.getPredictionCol() == "guess"
    before = [r["guess"] for r in fitted.transform(df).select("guess").collect()]
    accuracy = float(np.mean(np.array(before) == digits["y_train"]))
    assert accuracy > 0.75

    path = (tmp_path / "pipeline").as_uri()
    fitted.write().overwrite().save(path)
    model_files = list((tmp_path / "pipeline").rglob("model.zip"))
    assert len(model_files) == 1  # the network is stored inside the pipeline's directory
    with nn.load(model_files[0]) as net:
        assert net.predict(digits["x_train"][:5]).shape == (5, 10)

    reloaded = PipelineModel.load(path)
    assert isinstance(reloaded.stages[-1], spark.PyBridgeModel)
    assert reloaded.stages[-1].uid == stage.uid
    assert reloaded.stages[-1].getFeaturesCol() == "pixels"
    after = [r["guess"] for r in reloaded.transform(df).select("guess").collect()]
    assert after == before
    stage.spark_model.close()
    reloaded.stages[-1].spark_model.close()


def test_estimator_without_conf_explains():
    with pytest.raises(ValueError, match="conf="):
        spark.PyBridgeEstimator()._fit(None)


def test_model_stage_from_a_model_file(local_session, digits, tmp_path):
    path = tmp_path / "m.zip"
    with digits_model() as model:
        model.fit(digits["x_train"], digits["y_train"], epochs=3, verbose=0)
        model.save(path)
        expected = model.predict(digits["x_test"]).argmax(axis=1)
    stage = spark.PyBridgeModel.from_file(path)
    scored = stage.transform(spark.dataframe(digits["x_test"], digits["y_test"]))
    got = [int(r["prediction"]) for r in scored.select("prediction").collect()]
    assert got == expected.tolist()
    stage.spark_model.close()
