"""Helpers shared by test modules: fresh interpreters and full garbage collections."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jpype

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, env: dict[str, str] | None = None, timeout: int = 180
               ) -> subprocess.CompletedProcess[str]:
    """Runs ``code`` in a fresh interpreter (its own JVM) with the checkout importable.

    JAVA_HOME is removed unless ``env`` sets it, so the default is the ``java`` on PATH.
    """
    full_env = dict(os.environ)
    full_env.pop("JAVA_HOME", None)
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, timeout=timeout, env=full_env, cwd=str(ROOT),
    )


def java_gc() -> None:
    """A full Python and Java collection, so forgotten handles would be freed now."""
    gc.collect()
    jpype.java.lang.System.gc()
    jpype.java.lang.System.runFinalization()
    gc.collect()
