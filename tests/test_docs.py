"""The examples in the public docstrings run and show what they claim."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

import pybridge as pb

MODULES = [
    "pybridge", "pybridge._arrow", "pybridge._creation", "pybridge._dtypes",
    "pybridge._functions", "pybridge._jvm", "pybridge._manipulation", "pybridge._memory",
    "pybridge._random", "pybridge._reductions", "pybridge._tensor",
]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        extraglobs={"pb": pb, "np": np},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        report=True,
    )
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} failed"
