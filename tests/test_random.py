"""pb.random: reproducible streams, shapes, dtypes, ranges and rough distributions."""

from __future__ import annotations

import numpy as np
import pytest

import pybridge as pb


def test_seed_makes_draws_repeat():
    pb.random.seed(123)
    a = pb.random.uniform(size=(4, 5)).numpy().copy()
    b = pb.random.normal(size=7).numpy().copy()
    pb.random.seed(123)
    np.testing.assert_array_equal(pb.random.uniform(size=(4, 5)).numpy(), a)
    np.testing.assert_array_equal(pb.random.normal(size=7).numpy(), b)
    pb.random.seed(124)
    assert not np.array_equal(pb.random.uniform(size=(4, 5)).numpy(), a)


def test_generators_are_independent_and_reproducible():
    g1, g2 = pb.random.Generator(7), pb.random.default_rng(7)
    x = g1.normal(size=100).numpy().copy()
    pb.random.uniform(size=50)  # the global stream does not disturb g2
    np.testing.assert_array_equal(g2.normal(size=100).numpy(), x)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_uniform_range_shape_dtype(dtype):
    t = pb.random.default_rng(1).uniform(-2.0, 3.0, size=(100, 50), dtype=dtype)
    v = t.numpy()
    assert t.shape == (100, 50) and t.dtype == np.dtype(dtype)
    assert v.min() >= -2.0 and v.max() <= 3.0
    assert abs(float(v.astype(np.float64).mean()) - 0.5) < 0.1


def test_normal_and_truncated_normal_moments():
    g = pb.random.default_rng(2)
    v = g.normal(1.0, 2.0, size=200_000, dtype="float64").numpy()
    assert abs(v.mean() - 1.0) < 0.03 and abs(v.std() - 2.0) < 0.03
    tn = g.truncated_normal(0.0, 1.0, size=100_000).numpy()
    assert tn.dtype == np.float32
    assert np.abs(tn).max() <= 2.0 + 1e-6
    assert 0.8 < tn.std() < 0.9  # a normal cut at two standard deviations: ~0.88


def test_bernoulli_integers_permutation_shuffle():
    g = pb.random.default_rng(3)
    mask = g.bernoulli(0.25, size=40_000).numpy()
    assert set(np.unique(mask)) <= {0.0, 1.0} and abs(mask.mean() - 0.25) < 0.02
    ints = g.integers(-3, 4, size=10_000).numpy()
    assert ints.dtype == np.int64 and ints.min() == -3 and ints.max() == 3
    assert g.integers(5, size=3, dtype="int32").dtype == np.int32
    perm = g.permutation(50).numpy()
    assert sorted(perm.tolist()) == list(range(50))
    x = pb.arange(20).reshape(10, 2)
    before = sorted(map(tuple, x.numpy().tolist()))
    g.shuffle(x)
    assert sorted(map(tuple, x.numpy().tolist())) == before
    shuffled = g.permutation(x)
    assert sorted(map(tuple, shuffled.numpy().tolist())) == before


def test_module_level_shortcuts():
    pb.random.seed(5)
    assert pb.random.rand(2, 3).shape == (2, 3)
    assert pb.random.randn(4).dtype == np.float32
    assert pb.random.randint(0, 10, size=(2,)).shape == (2,)
    assert pb.random.bernoulli(0.5, size=3).shape == (3,)
    assert pb.random.truncated_normal(size=2).shape == (2,)
    assert pb.random.permutation(4).shape == (4,)


def test_bad_arguments():
    with pytest.raises(pb.InvalidArgumentError, match=r"\[0, 1\]"):
        pb.random.bernoulli(1.5)
    with pytest.raises(pb.InvalidArgumentError, match="low < high"):
        pb.random.integers(5, 5)
    with pytest.raises(pb.InvalidArgumentError, match="shuffle works in place"):
        pb.random.shuffle(np.arange(3))
