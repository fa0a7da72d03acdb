"""``NeuralNetConfiguration``: the network's JSON, built in Python without the JVM.

The builder does what Java's ``ListBuilder.build()`` does (checks the stack, infers input sizes,
fills the network-wide defaults into layers), so a configuration built here has the very text
``NeuralNetConfiguration.toJson()`` writes in Java: same keys, order, defaults and number format
(Python's ``json.dumps(obj, indent=2)``, which the Java writer imitates).

>>> from pybridge import nn
>>> conf = (nn.NeuralNetConfiguration.builder().seed(1).updater(nn.Sgd(0.1)).list()
...         .layer(nn.Dense(n_in=4, n_out=3, activation="tanh"))
...         .layer(nn.Output(n_out=2, loss="mcxent")).build())
>>> conf.input_shape, conf.layers[1]["n_in"]
((4,), 3)
>>> nn.NeuralNetConfiguration.from_json(conf.to_json()) == conf
True
"""

from __future__ import annotations

import copy
import json
import operator
from collections.abc import Iterable
from typing import Any

import numpy as np

from .._errors import InvalidArgumentError, ShapeError
from ._layers import Layer, _shape_text, layer_from_json
from ._updaters import Sgd, Updater, updater_from_json
from ._values import activation, number, weight_init_to_json

__all__ = ["NeuralNetConfiguration"]

_KEYS = ("seed", "data_type", "input_shape", "updater", "regularization", "layers")
_REG_KEYS = ("l1", "l2", "weight_decay", "apply_to_bias")


def _describe(layer: Layer) -> str:
    name = layer._v.get("name")
    return layer.TYPE + ("" if name is None else f" {name!r}")


def _shape(value: Any, what: str) -> tuple[int, ...]:
    if isinstance(value, (int,)) and not isinstance(value, bool):
        value = (value,)
    try:
        shape = tuple(operator.index(s) for s in value)
    except TypeError:
        raise InvalidArgumentError(f"{what} must be a shape such as (784,), got "
                                   f"{value!r}.") from None
    if any(s < 1 for s in shape):
        raise InvalidArgumentError(f"{what} must have sizes >= 1, got {value!r}.")
    return shape


class NeuralNetConfiguration:
    """A built, validated network configuration: plain JSON data (see the module docstring).

    Attributes: ``seed``, ``data_type``, ``input_shape``, ``updater`` (JSON object),
    ``regularization`` (JSON object), ``layers`` (resolved layer JSON objects). Make one with
    :meth:`builder` or :meth:`from_json`; :meth:`to_json` gives the canonical text.
    """

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @staticmethod
    def builder() -> Builder:
        """A DL4J-style builder for the network-wide settings; ``.list()`` adds the layers."""
        return Builder()

    # ------------------------------------------------------------------ data

    @property
    def seed(self) -> int | None:
        return self._data["seed"]

    @property
    def data_type(self) -> str:
        return self._data["data_type"]

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self._data["input_shape"])

    @property
    def updater(self) -> dict[str, Any]:
        return copy.deepcopy(self._data["updater"])

    @property
    def regularization(self) -> dict[str, Any]:
        return dict(self._data["regularization"])

    @property
    def layers(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._data["layers"])

    def to_dict(self) -> dict[str, Any]:
        """The configuration as JSON-ready dicts and lists (a copy)."""
        return copy.deepcopy(self._data)

    def to_json(self, indent: int | None = 2) -> str:
        """The canonical JSON text (2-space indentation, as Java's ``toJson()``)."""
        if indent is None:
            return json.dumps(self._data, separators=(", ", ": "))
        return json.dumps(self._data, indent=indent)

    @staticmethod
    def from_json(text: str | dict[str, Any]) -> NeuralNetConfiguration:
        """Reads a configuration (JSON text or parsed dict), strictly: unknown keys are errors.

        The result is validated and resolved like a built configuration.
        """
        data = json.loads(text) if isinstance(text, str) else text
        if not isinstance(data, dict):
            raise InvalidArgumentError(f"A configuration is a JSON object, got "
                                       f"{type(data).__name__}.")
        for k in data:
            if k not in _KEYS:
                raise InvalidArgumentError(f"configuration: unknown key {k!r}; valid keys are "
                                           f"{list(_KEYS)}.")
        b = Builder()
        if data.get("seed") is not None:
            b.seed(data["seed"])
        b.data_type(data.get("data_type", "float32"))
        if data.get("updater") is not None:
            b.updater(updater_from_json(data["updater"], "configuration.updater"))
        reg = data.get("regularization")
        if reg is not None:
            if not isinstance(reg, dict):
                raise InvalidArgumentError(f"configuration.regularization must be an object "
                                           f"with keys {list(_REG_KEYS)}, got {reg!r}.")
            for k in reg:
                if k not in _REG_KEYS:
                    raise InvalidArgumentError(f"Unknown regularization key {k!r}; the keys are "
                                               f"{list(_REG_KEYS)}.")
            b.regularization(**reg)
        lb = b.list()
        if data.get("input_shape") is not None:
            lb.input_shape(data["input_shape"])
        layers = data.get("layers")
        if not isinstance(layers, list):
            raise InvalidArgumentError('configuration: the key "layers" is required: a list of '
                                       'layer objects.')
        for i, layer in enumerate(layers):
            lb.layer(layer_from_json(layer, f"layers[{i}]"))
        return lb.build()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NeuralNetConfiguration) and other._data == self._data

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return f"NeuralNetConfiguration({self.to_json(indent=None)})"

    def __str__(self) -> str:
        return self.to_json()


class Builder:
    """Network-wide settings (snake_case versions of DL4J's builder methods)."""

    def __init__(self) -> None:
        self._seed: int | None = None
        self._data_type = "float32"
        self._updater: Updater = Sgd()
        self._reg: dict[str, Any] = {"l1": 0.0, "l2": 0.0, "weight_decay": 0.0,
                                     "apply_to_bias": False}
        self._defaults: dict[str, Any] = {"activation": activation("identity"),
                                          "weight_init": "xavier", "bias_init": 0.0,
                                          "dropout": 0.0}

    def seed(self, value: int | None) -> Builder:
        """Seed of initialisation and training randomness; None draws a random one."""
        if value is not None:
            if isinstance(value, bool):
                raise InvalidArgumentError(f"seed must be an integer, got {value!r}.")
            try:
                value = operator.index(value)
            except TypeError:
                raise InvalidArgumentError(f"seed must be an integer, got {value!r}.") from None
        self._seed = value
        return self

    def data_type(self, value: Any) -> Builder:
        """``"float32"`` (default) or ``"float64"``."""
        try:
            name = np.dtype(value).name
        except TypeError:
            name = str(value)
        if name not in ("float32", "float64"):
            raise InvalidArgumentError(f"configuration.data_type must be \"float32\" or "
                                       f"\"float64\", got {value!r}.")
        self._data_type = name
        return self

    def updater(self, value: Updater) -> Builder:
        """The optimizer (default ``nn.Sgd(1e-3)``, as DL4J)."""
        if not isinstance(value, Updater):
            raise InvalidArgumentError(f"updater must be an nn updater such as nn.Adam(1e-3), "
                                       f"got {value!r}; the choices are nn.Sgd, nn.Nesterovs, "
                                       f"nn.AdaGrad, nn.AdaDelta, nn.RmsProp, nn.Adam, nn.AdaMax, "
                                       f"nn.Nadam, nn.AmsGrad, nn.AdaBelief, nn.NoOp.")
        self._updater = value
        return self

    def _set_reg(self, key: str, value: float) -> Builder:
        v = number(value, f"Regularization: {key}")
        if v < 0:
            raise InvalidArgumentError(f"Regularization: {key} must be >= 0, got {value!r}.")
        self._reg[key] = v
        return self

    def l1(self, value: float) -> Builder:
        return self._set_reg("l1", value)

    def l2(self, value: float) -> Builder:
        return self._set_reg("l2", value)

    def weight_decay(self, value: float) -> Builder:
        """Decoupled weight decay (AdamW-style), scaled by the learning rate."""
        return self._set_reg("weight_decay", value)

    def regularize_bias(self, value: bool = True) -> Builder:
        """Whether l1, l2 and weight decay also apply to biases (default False)."""
        if not isinstance(value, bool):
            raise InvalidArgumentError(f"Regularization: 'apply_to_bias' must be True or False, "
                                       f"got {value!r}.")
        self._reg["apply_to_bias"] = value
        return self

    def regularization(self, l1: float = 0.0, l2: float = 0.0, weight_decay: float = 0.0,
                       apply_to_bias: bool = False) -> Builder:
        """All regularisation settings at once."""
        self.l1(l1).l2(l2).weight_decay(weight_decay)
        return self.regularize_bias(apply_to_bias)

    def activation(self, value: Any) -> Builder:
        """Default activation of dense layers that set none (otherwise identity)."""
        self._defaults["activation"] = activation(value)
        return self

    def weight_init(self, value: Any) -> Builder:
        """Default weight init of layers that set none (otherwise xavier)."""
        self._defaults["weight_init"] = weight_init_to_json(value)
        return self

    def bias_init(self, value: float) -> Builder:
        """Default bias init of layers that set none (otherwise 0)."""
        self._defaults["bias_init"] = number(value, "bias_init")
        return self

    def dropout(self, rate: float) -> Builder:
        """Default input dropout of dense and output layers that set none (otherwise 0)."""
        r = number(rate, "dropout")
        if not 0 <= r < 1:
            raise InvalidArgumentError(f"dropout must lie in [0, 1), got {rate!r}.")
        self._defaults["dropout"] = r
        return self

    def list(self, *layers: Layer) -> ListBuilder:
        """Continues with the layer stack (optionally given here)."""
        lb = ListBuilder(self)
        for layer in layers:
            lb.layer(layer)
        return lb


class ListBuilder:
    """The layer stack; :meth:`build` validates and resolves it."""

    def __init__(self, network: Builder) -> None:
        self._net = network
        self._layers: list[Layer] = []
        self._input: tuple[int, ...] | None = None

    def layer(self, layer: Layer) -> ListBuilder:
        """Appends a layer."""
        if not isinstance(layer, Layer):
            raise InvalidArgumentError(f"layer() takes an nn layer such as nn.Dense(100), got "
                                       f"{layer!r}.")
        self._layers.append(layer)
        return self

    def layers(self, layers: Iterable[Layer]) -> ListBuilder:
        for layer in layers:
            self.layer(layer)
        return self

    def input_shape(self, shape: Any) -> ListBuilder:
        """The shape of one input example, e.g. ``(784,)``; optional when the first layer sets
        its n_in."""
        self._input = _shape(shape, "input_shape")
        return self

    set_input_type = input_shape

    def build(self) -> NeuralNetConfiguration:
        """Validates the stack and resolves it (input sizes inferred, defaults filled in)."""
        layers = self._layers
        if not layers:
            raise InvalidArgumentError("A network needs at least one layer; add layers with "
                                       ".layer(...) before build().")
        for i, layer in enumerate(layers[:-1]):
            if layer.OUTPUT:
                raise InvalidArgumentError(
                    f"Layer {i} ({_describe(layer)}) scores the network's output, so it must be "
                    f"the last layer, but {len(layers) - 1 - i} more follow; use a dense layer "
                    f"here, or move it to the end.")
        shape = self._input if self._input is not None else _infer_input(layers[0])
        net = self._net
        resolved: list[Layer] = []
        shape_in = shape
        for i, layer in enumerate(layers):
            try:
                layer = layer._with_defaults(net._defaults)
                layer, out = layer._with_input_shape(shape_in)
            except ShapeError as e:
                where = (f" The network input has shape {_shape_text(shape)}." if i == 0 else
                         f" Layer {i - 1} ({_describe(resolved[-1])}) outputs "
                         f"{_shape_text(shape_in)}.")
                raise ShapeError(f"Layer {i} ({_describe(layer)}): {e}{where}") from None
            except InvalidArgumentError as e:
                raise InvalidArgumentError(f"Layer {i} ({_describe(layer)}): {e}") from None
            resolved.append(layer)
            shape_in = out
        data = {
            "seed": net._seed,
            "data_type": net._data_type,
            "input_shape": list(shape),
            "updater": net._updater.to_json(),
            "regularization": dict(net._reg),
            "layers": [layer.to_json() for layer in resolved],
        }
        return NeuralNetConfiguration(data)


def _infer_input(first: Layer) -> tuple[int, ...]:
    v = first._v
    if first.TYPE in ("dense", "output") and v["n_in"] is not None:
        return (v["n_in"],)
    if first.TYPE == "embedding":
        return (1,)
    if first.TYPE == "batch_normalization" and v["n_out"] is not None:
        return (v["n_out"],)
    raise InvalidArgumentError(
        f"The network's input shape is unknown: pass input_shape=(n,) (or "
        f".input_shape((n,)) on the list builder), or give the first layer "
        f"({_describe(first)}) its n_in.")
