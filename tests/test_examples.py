"""The examples run as users run them, and show what they claim."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_example(name: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, str(ROOT / "examples" / name), *args],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
                          check=False)


def test_mlp_digits_reaches_97_percent_and_reloads_identically(tmp_path):
    pytest.importorskip("sklearn")
    out = tmp_path / "digits.zip"
    result = run_example("mlp_digits.py", "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    m = re.search(r"test accuracy: ([0-9.]+)", result.stdout)
    assert m, result.stdout
    assert float(m.group(1)) >= 0.97
    assert "reloaded model predicts identically: True" in result.stdout
    assert out.is_file() and out.stat().st_size > 0
    assert "examples/s" in result.stdout
    assert "Epoch" not in result.stderr  # --quiet: no progress bar
