"""Random tensors: ``pb.random.seed(123)``, ``pb.random.normal(size=(2, 3))``...

The functions draw from the engine's global generator; ``pb.random.default_rng(seed)`` gives an
independent :class:`Generator` (numpy's convention)::

    import pybridge as pb
    pb.random.seed(123)
    w = pb.random.normal(0.0, 0.02, size=(784, 256))
    mask = pb.random.bernoulli(0.9, size=w.shape)
"""

from ._random import (
    Generator,
    bernoulli,
    default_rng,
    integers,
    normal,
    permutation,
    rand,
    randint,
    randn,
    seed,
    shuffle,
    truncated_normal,
    uniform,
)

__all__ = [
    "Generator", "bernoulli", "default_rng", "integers", "normal", "permutation", "rand",
    "randint", "randn", "seed", "shuffle", "truncated_normal", "uniform",
]  # fmt: skip
