"""The wheel that `pip wheel .` builds installs into a clean virtual environment and works."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs_in_a_clean_venv(tmp_path: Path) -> None:
    jars = list((ROOT / "jvm" / "dist" / "target" / "jars").glob("*.jar"))
    if not jars:
        pytest.skip("engine jars not built (run ./mvnw package)")
    wheel_dir = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
         "-w", str(wheel_dir), str(ROOT)],
        check=True, env={**os.environ, "PYBRIDGE_SKIP_MAVEN": "1"},
    )
    (wheel,) = wheel_dir.glob("pybridge-*.whl")
    assert "manylinux2014_x86_64" in wheel.name
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True)
    script = textwrap.dedent("""
        import numpy as np, pybridge as pb
        a = np.arange(12, dtype=np.float32).reshape(3, 4)
        t = pb.from_numpy(a)
        c = (t @ t.T).numpy()
        assert np.allclose(c, a @ a.T), c
        assert "/venv/" in pb.jvm.classpath()[0], pb.jvm.classpath()
        print("ok")
    """)
    out = subprocess.run([str(py), "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
    assert out.stderr == ""
