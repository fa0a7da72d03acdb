"""Normalizers: statistics, transforms, JSON identical to Java's, and the Java side applying
the same normalizer to raw features after loading the model file."""

from __future__ import annotations

import jpype
import numpy as np
import pyarrow as pa
import pytest

import pybridge as pb
from pybridge import data, nn

X = np.array([[1, 10, 5], [2, 20, 5], [3, 60, 5], [6, 30, 5]], np.float64)


def _java_normalizer(text):
    return jpype.JClass("org.pybridge.nn.preprocess.Normalizer").fromJson(text)


def test_standardize_statistics_and_revert():
    n = data.NormalizerStandardize().fit(X)
    np.testing.assert_allclose(n.mean, X.mean(0))
    np.testing.assert_allclose(n.std, [X[:, 0].std(), X[:, 1].std(), 1.0])
    z = n.transform(X)
    np.testing.assert_allclose(z[:, :2].mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(z[:, :2].std(0), 1)
    assert np.all(z[:, 2] == 0)
    np.testing.assert_allclose(n.revert(z), X)
    assert n.transform(X.astype(np.float32)).dtype == np.float32
    assert n.transform(X.astype(np.int32)).dtype == np.float32


def test_fit_on_batches_equals_fit_on_all():
    rng = np.random.default_rng(0)
    big = rng.normal(1e6, 3.0, size=(1000, 4))
    whole = data.NormalizerStandardize().fit(big)
    parts = data.NormalizerStandardize().fit([(big[i:i + 128], None) for i in range(0, 1000, 128)])
    np.testing.assert_allclose(parts.mean, whole.mean, rtol=1e-12)
    np.testing.assert_allclose(parts.std, whole.std, rtol=1e-9)
    t = pa.table({"a": big[:, 0], "b": big[:, 1], "y": np.zeros(1000)})
    from_table = data.NormalizerMinMax().fit(t, columns=["a", "b"])
    np.testing.assert_array_equal(from_table.min, big[:, :2].min(0))
    it = data.DataSetIterator(t.to_batches(max_chunksize=100), label="y")
    np.testing.assert_allclose(data.NormalizerStandardize().fit(it).mean, big[:, :2].mean(0))


def test_min_max_and_image_scaler():
    m = data.NormalizerMinMax(range=(-1, 1)).fit(X)
    z = m.transform(X)
    np.testing.assert_allclose(z[:, 0], [-1.0, -0.6, -0.2, 1.0])
    assert np.all(z[:, 2] == -1)
    img = np.array([[0, 51, 255]], np.uint8)
    np.testing.assert_allclose(data.ImagePreProcessingScaler().transform(img), [[0, 0.2, 1]])
    with pytest.raises(ValueError, match="low < high"):
        data.NormalizerMinMax(range=(1, 0))
    with pytest.raises(pb.ShapeError, match="3 features"):
        data.NormalizerStandardize().fit(X).transform(np.zeros((2, 4)))
    with pytest.raises(pb.PyBridgeError, match="not fitted"):
        data.NormalizerStandardize().transform(X)


@pytest.mark.parametrize("make", [
    lambda: data.NormalizerStandardize().fit(X * 1.1e-7 + 0.3),
    lambda: data.NormalizerMinMax(range=(-1, 2)).fit(X / 3),
    lambda: data.ImagePreProcessingScaler(range=(-0.5, 0.5), max_pixel=65535),
])
def test_json_is_identical_in_python_and_java(make):
    norm = make()
    text = norm.to_json()
    java = _java_normalizer(text)
    assert str(java.toJson()) == text
    assert data.normalizer_from_json(text) == norm
    x = (X * 0.37).astype(np.float32)
    with pb.from_numpy(np.ascontiguousarray(x)) as tx, pb.scope():
        from pybridge._tensor import wrap

        out = wrap(java.transform(tx._j)).numpy()
    np.testing.assert_allclose(out, norm.transform(x), rtol=1e-6, atol=1e-6)


def test_java_service_applies_the_saved_normalizer(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(50, 10, size=(64, 3)).astype(np.float32)
    y = rng.integers(0, 2, 64)
    norm = data.NormalizerStandardize().fit(x)
    with nn.Sequential([nn.Dense(4), nn.Output(2)], input_shape=(3,), seed=2) as model:
        model.fit(norm.transform(x), y, epochs=1, verbose=0)
        model.normalizer = norm
        model.transform = '{"steps": []}'
        expected = model.predict(x)
        model.save(tmp_path / "m.zip")
        model.normalizer = None
        assert model.normalizer is None
        np.testing.assert_allclose(model.predict(norm.transform(x)), expected, rtol=1e-5)
    Net = jpype.JClass("org.pybridge.nn.MultiLayerNetwork")
    Paths = jpype.JClass("java.nio.file.Paths")
    java = Net.load(Paths.get(str(tmp_path / "m.zip")))
    try:
        assert str(java.getNormalizer().toJson()) == norm.to_json()
        assert str(java.transformJson()) == '{"steps": []}'
        with pb.from_numpy(x) as tx:
            from pybridge._tensor import wrap

            with wrap(java.output(tx._j)) as out:
                np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-6)
    finally:
        java.close()
    with pytest.raises(ValueError, match=r"data\.Normalizer"), \
            nn.Sequential([nn.Output(2)], input_shape=(3,)) as m:
        m.normalizer = "standardize"
