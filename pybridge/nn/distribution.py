"""Distributions to draw initial weights from, for a layer's ``weight_init``.

>>> from pybridge import nn
>>> layer = nn.Dense(64, weight_init=nn.distribution.normal(0.0, 0.01))
>>> nn.distribution.uniform(-0.1, 0.1)
nn.distribution.uniform(lower=-0.1, upper=0.1)
"""

from __future__ import annotations

from ._values import Distribution

__all__ = ["Distribution", "binomial", "log_normal", "normal", "orthogonal", "truncated_normal",
           "uniform"]


def normal(mean: float = 0.0, std: float = 1.0) -> Distribution:
    """N(mean, std)."""
    return Distribution("normal", mean=mean, std=std)


def uniform(lower: float = -1.0, upper: float = 1.0) -> Distribution:
    """Uniform on [lower, upper)."""
    return Distribution("uniform", lower=lower, upper=upper)


def truncated_normal(mean: float = 0.0, std: float = 1.0) -> Distribution:
    """N(mean, std) with values beyond two standard deviations redrawn."""
    return Distribution("truncated_normal", mean=mean, std=std)


def log_normal(mean: float = 0.0, std: float = 1.0) -> Distribution:
    """exp(N(mean, std))."""
    return Distribution("log_normal", mean=mean, std=std)


def binomial(trials: int = 1, probability: float = 0.5) -> Distribution:
    """Successes in ``trials`` draws of probability ``probability``."""
    return Distribution("binomial", trials=trials, probability=probability)


def orthogonal(gain: float = 1.0) -> Distribution:
    """A random orthogonal matrix times ``gain``."""
    return Distribution("orthogonal", gain=gain)
