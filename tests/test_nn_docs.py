"""The examples in the ``pybridge.nn`` docstrings run and show what they claim."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

import pybridge as pb

MODULES = [
    "pybridge.nn", "pybridge.nn._values", "pybridge.nn._updaters", "pybridge.nn._layers",
    "pybridge.nn._config", "pybridge.nn._network", "pybridge.nn._callbacks",
    "pybridge.nn._evaluation",
    "pybridge.nn.distribution",
]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_nn_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        extraglobs={"pb": pb, "np": np},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        report=True,
    )
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} failed"
