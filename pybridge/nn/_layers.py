"""Layer configurations: Python builders for the Java ``LayerConfig`` records.

Each layer is plain data with the Java record's JSON keys (snake_case) as keyword arguments;
settings left ``None`` take the network's defaults when the configuration is built, exactly as
in Java, so both sides write the same JSON::

    >>> from pybridge import nn
    >>> nn.Dense(100, activation="relu").to_json()["activation"]
    'relu'
    >>> nn.Dropout(0.5).to_json()
    {'type': 'dropout', 'name': None, 'rate': 0.5}
"""

from __future__ import annotations

import math
import operator
from typing import Any, ClassVar

from .._errors import InvalidArgumentError, ShapeError
from ._values import (
    ActivationFunction,
    activation,
    activation_from_json,
    check_loss,
    number,
    weight_init_from_json,
    weight_init_to_json,
)

__all__ = ["LAYERS", "ActivationLayer", "BatchNormalization", "Dense", "Dropout", "Embedding",
           "Layer", "LossLayer", "Output", "layer_from_json"]

_DENSE_KEYS = ("name", "n_in", "n_out", "activation", "weight_init", "bias_init", "has_bias",
               "dropout", "l1", "l2", "weight_decay")


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


class Layer:
    """Base class of layer configurations; ``to_json()`` gives the layer's JSON object."""

    TYPE: ClassVar[str] = ""
    KEYS: ClassVar[tuple[str, ...]] = ()  # JSON keys after "type", in canonical order
    DEFAULTS: ClassVar[dict[str, Any]] = {}
    OUTPUT: ClassVar[bool] = False

    def __init__(self, **values: Any) -> None:
        v = {k: self.DEFAULTS.get(k) for k in self.KEYS}
        for k, val in values.items():
            if k not in v:
                raise InvalidArgumentError(f"{type(self).__name__} has no setting {k!r}; its "
                                           f"settings are {list(self.KEYS)}.")
            v[k] = val
        self._v = self._normalize(v)

    # ------------------------------------------------------------------ values

    def _what(self) -> str:
        name = self._v.get("name")
        return type(self).__name__ + " layer" + ("" if name is None else f" {name!r}")

    def _normalize(self, v: dict[str, Any]) -> dict[str, Any]:
        what = type(self).__name__ + " layer" + ("" if v["name"] is None else f" {v['name']!r}")
        if v["name"] is not None and not isinstance(v["name"], str):
            raise InvalidArgumentError(f"{what}: name must be a string, got {v['name']!r}.")
        for k in self.KEYS:
            val = v[k]
            if val is None:
                continue
            if k in ("n_in", "n_out"):
                v[k] = _positive_int(val, what, k)
            elif k == "activation":
                v[k] = activation(val)
            elif k == "weight_init":
                v[k] = weight_init_to_json(val, f"{what}: weight_init")
            elif k == "loss":
                v[k] = check_loss(val, f"{what}: loss")
            elif k in ("has_bias", "lock_gamma_beta"):
                if not isinstance(val, bool):
                    raise InvalidArgumentError(f"{what}: {k} must be True or False, got {val!r}.")
            elif k == "loss_weights":
                v[k] = [number(w, f"{what}: loss weights") for w in val]
            elif k != "name":
                v[k] = number(val, f"{what}: {k}")
                if k in ("l1", "l2", "weight_decay") and v[k] < 0:
                    raise InvalidArgumentError(f"{what}: {k} must be a finite number >= 0, "
                                               f"got {val!r}.")
                if k in ("dropout", "rate") and not 0 <= v[k] < 1:
                    raise InvalidArgumentError(
                        f"{what}: {k} is the probability of dropping an input and must lie in "
                        f"[0, 1), got {val!r}.")
        self._check(v, what)
        return v

    def _check(self, v: dict[str, Any], what: str) -> None:
        """Layer-specific validation (overridden)."""

    def __getattr__(self, name: str) -> Any:
        v = self.__dict__.get("_v")
        if v is not None and name in v:
            return v[name]
        raise AttributeError(name)

    def _replace(self, **changes: Any) -> Layer:
        new = object.__new__(type(self))
        v = dict(self._v)
        v.update(changes)
        new._v = new._normalize(v)
        return new

    def to_json(self) -> dict[str, Any]:
        """The layer's JSON object (unset settings are null until the network is built)."""
        out: dict[str, Any] = {"type": self.TYPE}
        for k in self.KEYS:
            val = self._v[k]
            if isinstance(val, ActivationFunction):
                val = val.to_json()
            elif isinstance(val, list):
                val = list(val)
            out[k] = val
        return out

    @classmethod
    def _from_json(cls, d: dict[str, Any], path: str) -> Layer:
        values = {}
        for k in cls.KEYS:
            if k in d:
                val = d[k]
                if k == "activation":
                    val = activation_from_json(val, f"{path}.activation")
                elif k == "weight_init":
                    val = weight_init_from_json(val, f"{path}.weight_init")
                values[k] = val
        try:
            return cls(**values)
        except InvalidArgumentError as e:
            raise InvalidArgumentError(f"{path}: {e}") from None

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._v == self._v  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._v.items() if v is not None
                         and v != self.DEFAULTS.get(k))
        return f"nn.{type(self).__name__}({args})"

    # ------------------------------------------------------------------ building

    def _with_defaults(self, defaults: dict[str, Any]) -> Layer:
        """This layer with unset settings from the network's defaults."""
        return self

    def _with_input_shape(self, shape: tuple[int, ...]) -> tuple[Layer, tuple[int, ...]]:
        """This layer resolved for ``shape`` and its output shape; ShapeError when it can't."""
        return self, shape

    def _flat(self, shape: tuple[int, ...], kind: str) -> int:
        if len(shape) != 1:
            raise ShapeError(f"{kind} expects flat input examples of shape (n_in,), got "
                             f"{_shape_text(shape)}; flatten the input first.")
        return shape[0]

    def _same_size(self, key: str, actual: int, kind: str, shape: tuple[int, ...]) -> None:
        configured = self._v[key]
        if configured is not None and configured != actual:
            raise ShapeError(f"{kind} has {key}={configured} but its input examples have shape "
                             f"{_shape_text(shape)}; set {key}={actual} or leave it unset to "
                             f"infer it.")


def _positive_int(value: Any, what: str, key: str) -> int:
    if isinstance(value, bool):
        raise InvalidArgumentError(f"{what}: {key} must be an integer >= 1, got {value!r}.")
    try:
        n = operator.index(value)
    except TypeError:
        raise InvalidArgumentError(f"{what}: {key} must be an integer >= 1, got "
                                   f"{value!r}.") from None
    if n < 1:
        raise InvalidArgumentError(f"{what}: {key} must be >= 1, got {n}.")
    return n


class Dense(Layer):
    """A fully connected layer, ``activation(dropout(x) @ W + b)``; W is (n_in, n_out).

    ``n_in`` is inferred from the previous layer; unset ``activation``, ``weight_init``,
    ``bias_init`` and ``dropout`` take the network's defaults (identity, xavier, 0, 0);
    ``l1``/``l2``/``weight_decay`` override the network's regularisation for this layer::

        >>> from pybridge import nn
        >>> nn.Dense(1000, activation="relu", weight_init="relu").n_out
        1000
    """

    TYPE = "dense"
    KEYS = _DENSE_KEYS
    DEFAULTS: ClassVar[dict[str, Any]] = {"has_bias": True}

    def __init__(self, n_out: int | None = None, *, n_in: int | None = None,
                 activation: Any = None, weight_init: Any = None, bias_init: float | None = None,
                 has_bias: bool = True, dropout: float | None = None, l1: float | None = None,
                 l2: float | None = None, weight_decay: float | None = None,
                 name: str | None = None) -> None:
        super().__init__(name=name, n_in=n_in, n_out=n_out, activation=activation,
                         weight_init=weight_init, bias_init=bias_init, has_bias=has_bias,
                         dropout=dropout, l1=l1, l2=l2, weight_decay=weight_decay)

    def _check(self, v: dict[str, Any], what: str) -> None:
        if v["n_out"] is None:
            raise InvalidArgumentError(f"{what}: n_out (the number of units) is required, "
                                       f"e.g. {type(self).__name__}(100) or n_out=100.")
        if v["bias_init"] is not None and not math.isfinite(v["bias_init"]):
            raise InvalidArgumentError(f"{what}: bias_init must be finite.")

    def _with_defaults(self, defaults: dict[str, Any]) -> Layer:
        changes = {k: defaults[k] for k in ("activation", "weight_init", "bias_init", "dropout")
                   if self._v[k] is None}
        return self._replace(**changes) if changes else self

    def _with_input_shape(self, shape: tuple[int, ...]) -> tuple[Layer, tuple[int, ...]]:
        kind = "A dense layer" if self.TYPE == "dense" else "An output layer"
        n = self._flat(shape, kind)
        self._same_size("n_in", n, "This " + kind.split(" ", 1)[1], shape)
        return self._replace(n_in=n), (self._v["n_out"],)


class Output(Dense):
    """The last layer: a dense layer whose output is scored by ``loss`` (default mcxent).

    Its activation defaults to softmax (the network's default activation does not apply);
    ``loss_weights`` (one per output) scale each output's loss term::

        >>> from pybridge import nn
        >>> nn.Output(10, activation="softmax", loss="mcxent").loss
        'mcxent'
    """

    TYPE = "output"
    KEYS = (*_DENSE_KEYS, "loss", "loss_weights")
    DEFAULTS: ClassVar[dict[str, Any]] = {"has_bias": True, "loss": "mcxent"}
    OUTPUT = True

    def __init__(self, n_out: int | None = None, *, n_in: int | None = None,
                 activation: Any = None, loss: str = "mcxent", weight_init: Any = None,
                 bias_init: float | None = None, has_bias: bool = True,
                 dropout: float | None = None, l1: float | None = None, l2: float | None = None,
                 weight_decay: float | None = None, loss_weights: Any = None,
                 name: str | None = None) -> None:
        Layer.__init__(self, name=name, n_in=n_in, n_out=n_out, activation=activation,
                       weight_init=weight_init, bias_init=bias_init, has_bias=has_bias,
                       dropout=dropout, l1=l1, l2=l2, weight_decay=weight_decay, loss=loss,
                       loss_weights=loss_weights)

    def _check(self, v: dict[str, Any], what: str) -> None:
        super()._check(v, what)
        if v["loss"] is None:
            raise InvalidArgumentError(f"{what}: a loss function is required, e.g. "
                                       f"loss='mcxent'.")
        lw = v["loss_weights"]
        if lw is not None and len(lw) != v["n_out"]:
            raise InvalidArgumentError(f"{what} has {v['n_out']} outputs but {len(lw)} loss "
                                       f"weights; give one weight per output.")
        act = v["activation"]
        if act is not None and act.name == "softmax" and v["n_out"] == 1:
            raise InvalidArgumentError(
                f"{what}: softmax over a single output is always 1, so nothing can be learnt; "
                f"use n_out >= 2, or sigmoid with the xent loss for a binary output.")

    def _with_defaults(self, defaults: dict[str, Any]) -> Layer:
        d = dict(defaults, activation=activation("softmax"))
        return super()._with_defaults(d)


class LossLayer(Layer):
    """A loss without parameters (DL4J's ``LossLayer``): scores ``activation(x)``, identity by
    default; must be the last layer::

        >>> from pybridge import nn
        >>> nn.LossLayer("mse").to_json()["activation"]
        'identity'
    """

    TYPE = "loss"
    KEYS = ("name", "loss", "activation", "loss_weights")
    OUTPUT = True

    def __init__(self, loss: str | None = None, *, activation: Any = None,
                 loss_weights: Any = None, name: str | None = None) -> None:
        super().__init__(name=name, loss=loss, activation=activation, loss_weights=loss_weights)

    def _check(self, v: dict[str, Any], what: str) -> None:
        if v["loss"] is None:
            raise InvalidArgumentError(f"{what}: a loss function is required, e.g. "
                                       f"LossLayer('mse').")
        if v["activation"] is None:
            v["activation"] = activation("identity")

    def _with_input_shape(self, shape: tuple[int, ...]) -> tuple[Layer, tuple[int, ...]]:
        self._flat(shape, "A loss layer")
        lw = self._v["loss_weights"]
        if lw is not None and len(lw) != shape[0]:
            raise ShapeError(f"This loss layer has {len(lw)} loss weights but its input examples "
                             f"have shape {_shape_text(shape)}; give one weight per output.")
        return self, shape


class ActivationLayer(Layer):
    """Applies an activation element-wise (softmax over the last axis); no parameters::

        >>> from pybridge import nn
        >>> nn.ActivationLayer(nn.activation("leakyrelu", alpha=0.2)).to_json()["activation"]
        {'type': 'leakyrelu', 'alpha': 0.2}
    """

    TYPE = "activation"
    KEYS = ("name", "activation")

    def __init__(self, activation: Any = None, *, name: str | None = None) -> None:
        super().__init__(name=name, activation=activation)

    def _check(self, v: dict[str, Any], what: str) -> None:
        if v["activation"] is None:
            raise InvalidArgumentError(f"{what}: the activation is required, e.g. "
                                       f"ActivationLayer('relu').")


class Dropout(Layer):
    """Inverted dropout as a layer: drops each element with probability ``rate`` in training::

        >>> from pybridge import nn
        >>> nn.Dropout(0.25).rate
        0.25
    """

    TYPE = "dropout"
    KEYS = ("name", "rate")

    def __init__(self, rate: float | None = None, *, name: str | None = None) -> None:
        super().__init__(name=name, rate=rate)

    def _check(self, v: dict[str, Any], what: str) -> None:
        if v["rate"] is None:
            raise InvalidArgumentError(f"{what}: the rate is required, e.g. Dropout(0.5) (the "
                                       f"probability of dropping an element).")


class Embedding(Layer):
    """A lookup table from class ids in [0, n_in) to vectors of size n_out (no bias by default)::

        >>> from pybridge import nn
        >>> nn.Embedding(10000, 64).to_json()["has_bias"]
        False
    """

    TYPE = "embedding"
    KEYS = ("name", "n_in", "n_out", "activation", "weight_init", "bias_init", "has_bias", "l1",
            "l2", "weight_decay")
    DEFAULTS: ClassVar[dict[str, Any]] = {"has_bias": False}

    def __init__(self, n_in: int | None = None, n_out: int | None = None, *,
                 activation: Any = None, weight_init: Any = None, bias_init: float | None = None,
                 has_bias: bool = False, l1: float | None = None, l2: float | None = None,
                 weight_decay: float | None = None, name: str | None = None) -> None:
        super().__init__(name=name, n_in=n_in, n_out=n_out, activation=activation,
                         weight_init=weight_init, bias_init=bias_init, has_bias=has_bias, l1=l1,
                         l2=l2, weight_decay=weight_decay)

    def _check(self, v: dict[str, Any], what: str) -> None:
        for k in ("n_in", "n_out"):
            if v[k] is None:
                raise InvalidArgumentError(f"{what}: {k} is required, e.g. Embedding(n_in=10000, "
                                           f"n_out=64).")
        if v["activation"] is None:
            v["activation"] = activation("identity")

    def _with_defaults(self, defaults: dict[str, Any]) -> Layer:
        changes = {k: defaults[k] for k in ("weight_init", "bias_init") if self._v[k] is None}
        return self._replace(**changes) if changes else self

    def _with_input_shape(self, shape: tuple[int, ...]) -> tuple[Layer, tuple[int, ...]]:
        if not (len(shape) == 0 or shape == (1,)):
            raise ShapeError(f"An embedding layer reads one class id per example (input shape "
                             f"(1,) or ()), but its input examples have shape "
                             f"{_shape_text(shape)}.")
        return self, (self._v["n_out"],)


class BatchNormalization(Layer):
    """Batch normalisation of flat (n, c) input; n_out (= c) is inferred::

        >>> from pybridge import nn
        >>> nn.BatchNormalization(decay=0.99).to_json()["eps"]
        1e-05
    """

    TYPE = "batch_normalization"
    KEYS = ("name", "n_out", "eps", "decay", "lock_gamma_beta", "gamma_init", "beta_init")
    DEFAULTS: ClassVar[dict[str, Any]] = {"eps": 1e-5, "decay": 0.9, "lock_gamma_beta": False,
                                          "gamma_init": 1.0, "beta_init": 0.0}

    def __init__(self, n_out: int | None = None, *, eps: float = 1e-5, decay: float = 0.9,
                 lock_gamma_beta: bool = False, gamma_init: float = 1.0, beta_init: float = 0.0,
                 name: str | None = None) -> None:
        super().__init__(name=name, n_out=n_out, eps=eps, decay=decay,
                         lock_gamma_beta=lock_gamma_beta, gamma_init=gamma_init,
                         beta_init=beta_init)

    def _check(self, v: dict[str, Any], what: str) -> None:
        for k in ("eps", "decay", "gamma_init", "beta_init"):
            if v[k] is None:
                v[k] = self.DEFAULTS[k]
        if v["lock_gamma_beta"] is None:
            v["lock_gamma_beta"] = False
        if not v["eps"] > 0:
            raise InvalidArgumentError(f"{what}: eps must be > 0, got {v['eps']}.")
        if not 0 <= v["decay"] <= 1:
            raise InvalidArgumentError(f"{what}: decay must lie in [0, 1] (the weight of the old "
                                       f"running statistics), got {v['decay']}.")

    def _with_input_shape(self, shape: tuple[int, ...]) -> tuple[Layer, tuple[int, ...]]:
        c = self._flat(shape, "A batch normalization layer")
        self._same_size("n_out", c, "This batch normalization layer", shape)
        return self._replace(n_out=c), shape


LAYERS: dict[str, type[Layer]] = {
    c.TYPE: c for c in (Dense, Output, LossLayer, ActivationLayer, Dropout, Embedding,
                        BatchNormalization)
}


def layer_from_json(d: Any, path: str) -> Layer:
    """Reads one layer object (strict: unknown types and keys are errors)."""
    if not isinstance(d, dict):
        raise InvalidArgumentError(f"configuration.{path} must be a layer object, got {d!r}.")
    kind = d.get("type")
    cls = LAYERS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InvalidArgumentError(f"{path}: unknown layer type {kind!r}; registered types are "
                                   f"{list(LAYERS)}.")
    where = f"{path} ({kind})"
    valid = ["type", *cls.KEYS]
    for k in d:
        if k not in valid:
            raise InvalidArgumentError(f"{where}: unknown key {k!r}; valid keys are {valid}.")
    # Keys Java's reader requires (the Python constructors have defaults for some of them).
    required = {"dense": ("n_out",), "output": ("n_out", "loss"), "loss": ("loss",),
                "dropout": ("rate",), "embedding": ("n_in", "n_out")}.get(kind, ())
    for k in required:
        if d.get(k) is None:
            raise InvalidArgumentError(f'{where}: the key "{k}" is required.')
    return cls._from_json(d, where)
