"""Value types shared by layer configurations: activations, losses, weight initialisation.

These mirror the Java enums ``Activation``, ``LossFunction``, ``WeightInit`` and the
``Distribution`` records, with the same JSON forms (tests compare both sides for every name):

* an activation without parameters is its name (``"relu"``); one with parameters is an object
  listing every parameter (``{"type": "leakyrelu", "alpha": 0.01}``);
* a loss is its name (``"mcxent"``);
* a weight init is a scheme name (``"xavier"``) or a distribution object
  (``{"distribution": "normal", "mean": 0.0, "std": 0.01}``).
"""

from __future__ import annotations

import math
from typing import Any

from .._errors import InvalidArgumentError

__all__ = [
    "ACTIVATIONS", "LOSSES", "WEIGHT_INITS", "ActivationFunction", "Distribution", "activation",
    "activation_from_json", "check_loss", "weight_init_from_json", "weight_init_to_json",
]  # fmt: skip

# name -> parameters with their defaults, in the Java enum's order.
ACTIVATIONS: dict[str, dict[str, Any]] = {
    "identity": {}, "relu": {}, "leakyrelu": {"alpha": 0.01}, "relu6": {}, "elu": {"alpha": 1.0},
    "selu": {}, "gelu": {"approximate": False}, "swish": {}, "mish": {}, "tanh": {},
    "hardtanh": {}, "sigmoid": {}, "hardsigmoid": {}, "softmax": {}, "softplus": {},
    "softsign": {}, "cube": {}, "rationaltanh": {}, "rectifiedtanh": {},
    "thresholdedrelu": {"theta": 1.0}, "rrelu": {"lower": 1.0 / 8, "upper": 1.0 / 3},
}  # fmt: skip

LOSSES: tuple[str, ...] = (
    "mse", "l1", "l2", "mae", "mape", "msle", "squared_loss", "xent", "mcxent", "sparse_mcxent",
    "negativeloglikelihood", "reconstruction_crossentropy", "rmse_xent", "cosine_proximity",
    "hinge", "squared_hinge", "kl_divergence", "poisson", "wasserstein",
)  # fmt: skip

WEIGHT_INITS: tuple[str, ...] = (
    "xavier", "xavier_uniform", "xavier_fan_in", "relu", "relu_uniform", "lecun_normal",
    "lecun_uniform", "normal", "uniform", "sigmoid_uniform", "zero", "ones", "identity",
    "var_scaling_normal_fan_in", "var_scaling_normal_fan_out", "var_scaling_normal_fan_avg",
    "var_scaling_uniform_fan_in", "var_scaling_uniform_fan_out", "var_scaling_uniform_fan_avg",
)  # fmt: skip

# distribution name -> its parameters (name, kind), in JSON order.
DISTRIBUTIONS: dict[str, tuple[tuple[str, type], ...]] = {
    "normal": (("mean", float), ("std", float)),
    "uniform": (("lower", float), ("upper", float)),
    "truncated_normal": (("mean", float), ("std", float)),
    "log_normal": (("mean", float), ("std", float)),
    "binomial": (("trials", int), ("probability", float)),
    "orthogonal": (("gain", float),),
}


def number(value: Any, what: str) -> float:
    """``value`` as a finite float, or an error naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(f"{what} must be a number, got {value!r}.")
    v = float(value)
    if not math.isfinite(v):
        raise InvalidArgumentError(f"{what} must be finite, got {value!r}.")
    return v


class ActivationFunction:
    """An activation with its parameter values; make one with :func:`activation`.

    >>> from pybridge import nn
    >>> nn.activation("leakyrelu", alpha=0.2).to_json()
    {'type': 'leakyrelu', 'alpha': 0.2}
    >>> nn.activation("relu").to_json()
    'relu'
    """

    __slots__ = ("name", "params")

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        self.name = name
        self.params = params

    def to_json(self) -> Any:
        """The JSON value: the bare name, or an object when the activation has parameters."""
        if not self.params:
            return self.name
        return {"type": self.name, **self.params}

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, ActivationFunction) and other.name == self.name
                and other.params == self.params)

    def __hash__(self) -> int:
        return hash((self.name, tuple(self.params.items())))

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"nn.activation({self.name!r}{args})"


def activation(name: str, **params: Any) -> ActivationFunction:
    """An activation by name, with parameters for those that take some.

    Names: identity, relu, leakyrelu (alpha=0.01), relu6, elu (alpha=1.0), selu, gelu
    (approximate=False), swish, mish, tanh, hardtanh, sigmoid, hardsigmoid, softmax, softplus,
    softsign, cube, rationaltanh, rectifiedtanh, thresholdedrelu (theta=1.0), rrelu
    (lower=0.125, upper=1/3)::

        >>> from pybridge import nn
        >>> nn.activation("elu", alpha=0.5)
        nn.activation('elu', alpha=0.5)
    """
    if isinstance(name, ActivationFunction):
        if params:
            raise InvalidArgumentError("Pass parameters with a name: nn.activation('elu', "
                                       "alpha=0.5).")
        return name
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in ACTIVATIONS:
        raise InvalidArgumentError(
            f"Unknown activation {name!r}; use one of {list(ACTIVATIONS)}."
        )
    defaults = ACTIVATIONS[key]
    values = dict(defaults)
    for p, v in params.items():
        if p not in defaults:
            takes = f"it takes {list(defaults)}" if defaults else "it takes none"
            raise InvalidArgumentError(f"Activation {key!r} has no parameter {p!r}; {takes}.")
        if isinstance(defaults[p], bool):
            if not isinstance(v, bool):
                raise InvalidArgumentError(
                    f"Parameter {p!r} of {key!r} is a flag (True/False), got {v!r}.")
            values[p] = v
        else:
            values[p] = number(v, f"Parameter {p!r} of {key!r}")
    if key == "rrelu" and not 0 <= values["lower"] <= values["upper"]:
        raise InvalidArgumentError(
            f"rrelu needs 0 <= lower <= upper, got lower={values['lower']}, "
            f"upper={values['upper']}.")
    return ActivationFunction(key, values)


def activation_from_json(value: Any, path: str) -> ActivationFunction | None:
    """Reads an activation JSON value (a name or an object); None stays None."""
    if value is None:
        return None
    try:
        if isinstance(value, str):
            return activation(value)
        if isinstance(value, dict):
            rest = dict(value)
            kind = rest.pop("type", None)
            if not isinstance(kind, str):
                raise InvalidArgumentError(
                    'an activation object needs a "type" string, e.g. '
                    '{"type": "leakyrelu", "alpha": 0.2}')
            return activation(kind, **rest)
    except InvalidArgumentError as e:
        raise InvalidArgumentError(f"{path}: {e}") from None
    raise InvalidArgumentError(
        f'{path} must be an activation name such as "relu" or an object such as '
        f'{{"type": "leakyrelu", "alpha": 0.2}}, got {value!r}.')


def check_loss(name: Any, path: str = "loss") -> str:
    """The loss JSON name, checked (case-insensitive)."""
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in LOSSES:
        raise InvalidArgumentError(f"{path}: unknown loss function {name!r}; use one of "
                                   f"{list(LOSSES)}.")
    return key


class Distribution:
    """A fixed distribution to draw initial weights from (see :mod:`pybridge.nn.distribution`).

    >>> from pybridge import nn
    >>> nn.distribution.normal(0, 0.01).to_json()
    {'distribution': 'normal', 'mean': 0.0, 'std': 0.01}
    """

    __slots__ = ("name", "params")

    def __init__(self, name: str, **params: Any) -> None:
        if name not in DISTRIBUTIONS:
            raise InvalidArgumentError(f"Unknown distribution {name!r}; use one of "
                                       f"{list(DISTRIBUTIONS)}.")
        spec = DISTRIBUTIONS[name]
        names = [p for p, _ in spec]
        unknown = [p for p in params if p not in names]
        if unknown:
            raise InvalidArgumentError(f"Distribution {name!r} has no parameter {unknown[0]!r}; "
                                       f"it takes {names}.")
        values: dict[str, Any] = {}
        for p, kind in spec:
            if p not in params:
                if (name, p) == ("orthogonal", "gain"):
                    params[p] = 1.0
                else:
                    raise InvalidArgumentError(f"Distribution {name!r} needs {p!r} "
                                               f"(it takes {names}).")
            v = params[p]
            if kind is int:
                if isinstance(v, bool) or not isinstance(v, int):
                    raise InvalidArgumentError(f"Distribution {name!r}: {p} must be an integer, "
                                               f"got {v!r}.")
                values[p] = v
            else:
                values[p] = number(v, f"Distribution {name!r}: {p}")
        _check_distribution(name, values)
        self.name = name
        self.params = values

    def to_json(self) -> dict[str, Any]:
        """The JSON object, ``{"distribution": name, ...parameters}``."""
        return {"distribution": self.name, **self.params}

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Distribution) and other.name == self.name
                and other.params == self.params)

    def __hash__(self) -> int:
        return hash((self.name, tuple(self.params.items())))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"nn.distribution.{self.name}({args})"


def _check_distribution(name: str, v: dict[str, Any]) -> None:
    if "std" in v and v["std"] < 0:
        raise InvalidArgumentError(f"Distribution {name!r}: std must be >= 0, got {v['std']}.")
    if name == "uniform" and v["upper"] < v["lower"]:
        raise InvalidArgumentError(f"Uniform distribution needs lower <= upper, got "
                                   f"lower={v['lower']}, upper={v['upper']}.")
    if name == "binomial":
        if v["trials"] < 1:
            raise InvalidArgumentError(f"Binomial distribution needs trials >= 1, got "
                                       f"{v['trials']}.")
        if not 0 <= v["probability"] <= 1:
            raise InvalidArgumentError(f"Binomial distribution needs a probability in [0, 1], "
                                       f"got {v['probability']}.")


def weight_init_to_json(value: Any, what: str = "weight_init") -> Any:
    """A weight init (name or :class:`Distribution`) as its JSON value; None stays None."""
    if value is None:
        return None
    if isinstance(value, Distribution):
        return value.to_json()
    if isinstance(value, dict):
        return weight_init_from_json(value, what)
    key = value.strip().lower() if isinstance(value, str) else None
    if key not in WEIGHT_INITS:
        raise InvalidArgumentError(
            f"{what}: unknown weight init {value!r}; use one of {list(WEIGHT_INITS)}, or a "
            f"distribution such as nn.distribution.normal(0.0, 0.01).")
    return key


def weight_init_from_json(value: Any, path: str) -> Any:
    """Checks a weight-init JSON value and returns its canonical form."""
    if value is None:
        return None
    if isinstance(value, str):
        return weight_init_to_json(value, path)
    if isinstance(value, dict):
        rest = dict(value)
        name = rest.pop("distribution", None)
        try:
            return Distribution(name, **rest).to_json()
        except (InvalidArgumentError, TypeError) as e:
            raise InvalidArgumentError(f"{path}: {e}") from None
    raise InvalidArgumentError(
        f'{path} must be a weight-init name such as "xavier" or a distribution object such as '
        f'{{"distribution": "normal", "mean": 0.0, "std": 0.01}}, got {value!r}.')
