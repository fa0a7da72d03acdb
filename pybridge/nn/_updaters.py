"""Optimizer configurations: the same types, keys and defaults as the Java ``Updater`` records.

>>> from pybridge import nn
>>> nn.Adam(1e-3).to_json()
{'type': 'adam', 'learning_rate': 0.001, 'beta1': 0.9, 'beta2': 0.999, 'epsilon': 1e-08}
"""

from __future__ import annotations

import sys
from typing import Any, ClassVar

from .._errors import InvalidArgumentError
from ._values import number

__all__ = ["UPDATERS", "AdaBelief", "AdaDelta", "AdaGrad", "AdaMax", "Adam", "AmsGrad",
           "Nadam", "Nesterovs", "NoOp", "RmsProp", "Sgd", "Updater", "updater_from_json"]

_MAX = sys.float_info.max
_UNIT = (0.0, 1.0)
_POSITIVE = (0.0, _MAX)


class Updater:
    """Base class: hyper-parameters in ``KEYS`` order, each with its default and valid range."""

    TYPE: ClassVar[str] = ""
    # (json key, default, (low, high)) in canonical order
    KEYS: ClassVar[tuple[tuple[str, float, tuple[float, float]], ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = [k for k, _, _ in self.KEYS]
        if len(args) > len(names):
            raise InvalidArgumentError(f"{type(self).__name__} takes at most {len(names)} "
                                       f"positional arguments ({names}), got {len(args)}.")
        given = dict(zip(names, args, strict=False))
        for k, v in kwargs.items():
            if k not in names:
                raise InvalidArgumentError(f"{type(self).__name__} has no parameter {k!r}; "
                                           f"its parameters are {names}.")
            if k in given:
                raise InvalidArgumentError(f"{type(self).__name__}: {k} given twice.")
            given[k] = v
        self.values: dict[str, float] = {}
        for key, default, (lo, hi) in self.KEYS:
            v = number(given.get(key, default), f"{self.TYPE}: {key}")
            if not lo <= v <= hi:
                raise InvalidArgumentError(f"{self.TYPE}: {key} must be in [{lo}, {hi}], "
                                           f"got {v}.")
            self.values[key] = v

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    def to_json(self) -> dict[str, Any]:
        """The canonical JSON object, ``{"type": ..., hyper-parameters...}``."""
        return {"type": self.TYPE, **self.values}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.values == self.values  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.TYPE, tuple(self.values.items())))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"nn.{type(self).__name__}({args})"


def _updater(name: str, type_name: str, keys: tuple[tuple[str, float, tuple[float, float]], ...],
             doc: str) -> type[Updater]:
    return type(name, (Updater,), {"TYPE": type_name, "KEYS": keys, "__doc__": doc,
                                    "__module__": __name__})


def _lr(default: float) -> tuple[str, float, tuple[float, float]]:
    return ("learning_rate", default, _POSITIVE)


def _adam_like(lr: float = 1e-3, eps: float = 1e-8) -> tuple[tuple[str, float, Any], ...]:
    return (_lr(lr), ("beta1", 0.9, _UNIT), ("beta2", 0.999, _UNIT), ("epsilon", eps, _POSITIVE))


Sgd = _updater("Sgd", "sgd", (_lr(1e-3),), "Plain SGD: ``Sgd(learning_rate=1e-3)``.")
Nesterovs = _updater("Nesterovs", "nesterovs", (_lr(0.1), ("momentum", 0.9, _UNIT)),
                     "SGD with Nesterov momentum: ``Nesterovs(learning_rate=0.1, momentum=0.9)``.")
AdaGrad = _updater("AdaGrad", "adagrad", (_lr(0.1), ("epsilon", 1e-6, _POSITIVE)),
                   "AdaGrad: ``AdaGrad(learning_rate=0.1, epsilon=1e-6)``.")
AdaDelta = _updater("AdaDelta", "adadelta", (("rho", 0.95, _UNIT), ("epsilon", 1e-6, _POSITIVE)),
                    "AdaDelta (no learning rate): ``AdaDelta(rho=0.95, epsilon=1e-6)``.")
RmsProp = _updater("RmsProp", "rmsprop",
                   (_lr(0.1), ("rms_decay", 0.95, _UNIT), ("epsilon", 1e-8, _POSITIVE)),
                   "RMSProp: ``RmsProp(learning_rate=0.1, rms_decay=0.95, epsilon=1e-8)``.")
Adam = _updater("Adam", "adam", _adam_like(),
                "Adam: ``Adam(learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)``.")
AdaMax = _updater("AdaMax", "adamax", _adam_like(),
                  "AdaMax: ``AdaMax(learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)``.")
Nadam = _updater("Nadam", "nadam", _adam_like(),
                 "NAdam: ``Nadam(learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)``.")
AmsGrad = _updater("AmsGrad", "amsgrad", _adam_like(),
                   "AMSGrad: ``AmsGrad(learning_rate=1e-3, beta1=0.9, beta2=0.999, "
                   "epsilon=1e-8)``.")
AdaBelief = _updater("AdaBelief", "adabelief", _adam_like(eps=1e-14),
                     "AdaBelief: ``AdaBelief(learning_rate=1e-3, beta1=0.9, beta2=0.999, "
                     "epsilon=1e-14)``.")
NoOp = _updater("NoOp", "noop", (), "No updates (frozen parameters): ``NoOp()``.")

UPDATERS: dict[str, type[Updater]] = {
    u.TYPE: u for u in (Sgd, Nesterovs, AdaGrad, AdaDelta, RmsProp, Adam, AdaMax, Nadam,
                        AmsGrad, AdaBelief, NoOp)
}


def updater_from_json(value: Any, path: str = "updater") -> Updater:
    """Reads an updater object (strict: unknown types and keys are errors)."""
    if not isinstance(value, dict):
        raise InvalidArgumentError(f'{path} must be an object like {{"type": "adam", '
                                   f'"learning_rate": 0.001}}, got {value!r}.')
    rest = dict(value)
    kind = rest.pop("type", None)
    cls = UPDATERS.get(kind.lower()) if isinstance(kind, str) else None
    if cls is None:
        raise InvalidArgumentError(f"{path}: unknown updater type {kind!r}; use one of "
                                   f"{list(UPDATERS)}.")
    try:
        return cls(**rest)
    except InvalidArgumentError as e:
        raise InvalidArgumentError(f"{path}: {e}") from None
