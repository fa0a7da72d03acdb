"""Helpers for the Spark tests (imported by their conftest and modules)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import pybridge as pb
from pybridge import _spark_jvm, nn

ROOT = Path(__file__).resolve().parents[2]
LOCAL_CONF = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4"}


def require_engine_spark() -> None:
    if not any(Path(j).name.startswith("pybridge-spark") for j in pb.jvm.classpath()):
        pytest.skip("the engine jars lack pybridge-spark (build jvm/spark with Maven)")


def digits_model(seed: int = 123) -> nn.MultiLayerNetwork:
    """The MLP of examples/mlp_digits.py."""
    return nn.Sequential([
        nn.Dense(128, activation="relu", weight_init="relu"),
        nn.Output(10, activation="softmax", loss="mcxent"),
    ], input_shape=(64,), updater=nn.Adam(1e-3), seed=seed, l2=1e-4)


def pyspark_home() -> Path:
    home = _spark_jvm.pyspark_home()
    assert home is not None
    return home


def run_script(code: str, timeout: float, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    """Runs ``code`` in a fresh interpreter with the checkout importable."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT),
                                                           full_env.get("PYTHONPATH")]))
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, env=full_env, cwd=str(ROOT), check=False)
