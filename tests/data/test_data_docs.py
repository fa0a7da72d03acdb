"""The examples in the ``pybridge.data`` docstrings run and show what they claim."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

import pybridge as pb

MODULES = [
    "pybridge.data", "pybridge.data._report", "pybridge.data._iterators",
    "pybridge.data._normalizers", "pybridge.data._splits", "pybridge.data._sql",
    "pybridge.data._files", "pybridge.data._ahead", "pybridge.data._csv_pieces",
    "pybridge.data._csv_lines",
]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_data_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        extraglobs={"pb": pb, "np": np},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        report=True,
    )
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} failed"
