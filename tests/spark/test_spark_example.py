"""examples/spark_mlp.py runs as a user runs it: quiet, accurate, and its exit never hangs."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from spark_support import ROOT, require_engine_spark


def test_spark_mlp_example_trains_saves_reloads_and_exits_promptly(tmp_path):
    pytest.importorskip("sklearn")
    require_engine_spark()
    out = tmp_path / "spark-digits.zip"
    err = tmp_path / "stderr.txt"
    # The moment the script's last line appears is compared with the moment the process is
    # gone, so a slow exit is caught, not only a hanging one.
    with open(err, "w") as err_file:
        proc = subprocess.Popen([sys.executable, "-u", str(ROOT / "examples" / "spark_mlp.py"),
                                 "--epochs", "30", "--out", str(out)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=err_file, text=True)
        try:
            lines, last_line_at = [], time.monotonic()
            for line in proc.stdout:
                lines.append(line)
                last_line_at = time.monotonic()
            proc.wait(timeout=120)
            exit_seconds = time.monotonic() - last_line_at
        finally:
            if proc.poll() is None:
                proc.kill()
    stdout, stderr = "".join(lines), err.read_text()
    assert proc.returncode == 0, stdout + stderr
    assert exit_seconds < 15, f"the interpreter took {exit_seconds:.1f} s to exit"
    assert stderr == "", stderr  # Spark's start-up and shutdown stay quiet
    m = re.search(r"test accuracy: ([0-9.]+)", stdout)
    assert m and float(m.group(1)) >= 0.95, stdout
    assert "identical predictions: True" in stdout
    assert "examples/s" in stdout and "aggregate" in stdout  # the training statistics
    assert out.is_file() and out.stat().st_size > 0
