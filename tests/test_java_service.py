"""The Java service example: a model trained from Python answers the same predictions in plain Java.

Trains a small classifier in this process, saves ``model.zip``, compiles
``examples/java-service`` with ``javac`` against ``pb.jvm.classpath()``, runs it in a separate
JVM with ``--threads 8`` (which also checks that concurrent ``output`` calls agree bit for bit)
and compares its predictions with the in-process ones.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

import pybridge as pb
from pybridge import _jvm

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "examples" / "java-service" / "src"
MAIN = "org.pybridge.examples.PredictService"
FEATURES, CLASSES = 12, 4


def _java_home() -> Path:
    return _jvm.find_java_home()


def _jvm_flags(home: Path) -> list[str]:
    """The flags pybridge's own launcher passes, so that no JDK prints start-up warnings."""
    major = _jvm.java_version(home)
    flags = []
    if major >= 22:
        flags.append("--enable-native-access=ALL-UNNAMED")
    if major >= 23:
        flags.append("--sun-misc-unsafe-memory-access=allow")
    return flags


def _data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centers = rng.normal(0, 2.0, size=(CLASSES, FEATURES))
    labels = rng.integers(0, CLASSES, size=n)
    x = (centers[labels] + rng.normal(0, 1.0, size=(n, FEATURES))).astype(np.float32)
    return x, np.eye(CLASSES, dtype=np.float32)[labels]


def _train_and_save(path: Path, x_test: np.ndarray) -> np.ndarray:
    """Defines and trains the network in Python, saves it; returns Python's predictions."""
    from pybridge import nn

    x, y = _data(600, seed=1)
    with nn.Sequential(
        [nn.Dense(16, activation="relu"), nn.Output(CLASSES, activation="softmax", loss="mcxent")],
        input_shape=(FEATURES,), updater=nn.Nesterovs(0.05, 0.9), seed=7,
    ) as model:
        model.fit(x, y, epochs=20, batch_size=32, shuffle=True, verbose=0)
        model.save(path)
        return np.array(model.predict(x_test), dtype=np.float32)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    home = _java_home()
    javac = home / "bin" / "javac"
    if not javac.is_file():
        pytest.skip(f"The JDK at {home} has no javac (a JRE?): the Java service needs a JDK.")
    tmp = tmp_path_factory.mktemp("java_service")
    classes = tmp / "classes"
    jars = pb.jvm.classpath()
    compiled = subprocess.run(
        [
            str(javac),
            "-Xlint:all,-path",
            "-Werror",
            "-d",
            str(classes),
            "-cp",
            ":".join(jars),
            *map(str, SOURCES.rglob("*.java")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stderr
    x_test, _ = _data(50, seed=2)
    model = tmp / "model.zip"
    expected = _train_and_save(model, x_test)
    return {
        "cmd": [
            str(home / "bin" / "java"),
            *_jvm_flags(home),
            "-cp",
            ":".join([*jars, str(classes)]),
            MAIN,
        ],
        "model": model,
        "x": x_test,
        "expected": expected,
        "tmp": tmp,
    }


def _run(service: dict[str, object], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*service["cmd"], *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _csv(x: np.ndarray) -> str:
    # repr of the float64 value of each float32 is shortest-exact, so Java parses the same float.
    return "".join(",".join(repr(float(v)) for v in row) + "\n" for row in x)


def test_java_predictions_equal_pythons_from_8_threads(service):
    done = _run(service, str(service["model"]), "--threads", "8", stdin=_csv(service["x"]))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == len(service["x"])
    probabilities, classes = [], []
    for line in lines:
        values, argmax = line.split("\t")
        probabilities.append([float(v) for v in values.split(",")])
        classes.append(int(argmax))
    got = np.array(probabilities, dtype=np.float32)
    expected = service["expected"]
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)
    np.testing.assert_array_equal(np.array(classes), expected.argmax(axis=1))
    # The model learned something, so the comparison is not between constant outputs.
    assert len(set(classes)) > 1


def test_input_file_argument_gives_the_same_lines_as_stdin(service):
    path = service["tmp"] / "rows.csv"
    path.write_text(_csv(service["x"][:5]))
    from_file = _run(service, str(service["model"]), str(path))
    from_stdin = _run(service, str(service["model"]), stdin=_csv(service["x"][:5]))
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout == from_stdin.stdout
    assert len(from_file.stdout.splitlines()) == 5


def test_row_with_wrong_number_of_values_names_line_and_counts(service):
    rows = _csv(service["x"][:2]) + ",".join(["0.5"] * (FEATURES - 1)) + "\n"
    done = _run(service, str(service["model"]), stdin=rows)
    assert done.returncode == 2
    assert "line 3" in done.stderr
    assert f"expected {FEATURES}" in done.stderr
    assert f"found {FEATURES - 1}" in done.stderr
    assert done.stdout == ""


def test_missing_model_file_is_a_clear_error(service):
    missing = service["tmp"] / "nope.zip"
    done = _run(service, str(missing), stdin=_csv(service["x"][:1]))
    assert done.returncode == 2
    assert "nope.zip" in done.stderr and "does not exist" in done.stderr


def test_corrupt_model_file_is_a_clear_error(service):
    corrupt = service["tmp"] / "corrupt.zip"
    corrupt.write_bytes(service["model"].read_bytes()[:200])
    done = _run(service, str(corrupt), stdin=_csv(service["x"][:1]))
    assert done.returncode == 2
    assert "Cannot load the model" in done.stderr and "corrupt.zip" in done.stderr
    assert "Exception" not in done.stderr.split(":")[0]


def test_java_pipeline_predicts_raw_csv_rows_like_python(service):
    """examples/iris_csv.py: CSV -> transform -> train -> save; Java replays the transform."""
    import sys

    out = service["tmp"] / "iris"
    predictions = out / "python.csv"
    trained = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "iris_csv.py"), "--out", str(out),
         "--predictions", str(predictions)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert trained.returncode == 0, trained.stderr
    accuracy = float(trained.stdout.split("held-out accuracy ")[1].split(";")[0])
    assert accuracy >= 0.9
    cmd = [*service["cmd"][:-1], "org.pybridge.examples.TabularService"]
    # iris_new.csv holds raw rows without the species column: Java fills the label with nulls,
    # replays the fitted transform (standardization, dropped id) and predicts.
    done = subprocess.run([*cmd, str(out / "iris.zip"), str(out / "iris_new.csv"), "species"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    got = np.array([[float(v) for v in line.split("\t")[0].split(",")]
                    for line in done.stdout.splitlines()], dtype=np.float32)
    expected = np.loadtxt(predictions, delimiter=",", dtype=np.float32)
    assert got.shape == expected.shape == (30, 3)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)
    # Without the label names the model's transform output does not fit the network.
    missing = subprocess.run([*cmd, str(out / "iris.zip"), str(out / "iris_new.csv")],
                             capture_output=True, text=True, timeout=300, check=False)
    assert missing.returncode == 2
    assert "species" in missing.stderr
