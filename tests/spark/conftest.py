"""Spark fixtures: a local[2] session inside the test JVM and digits data.

Spark runs inside the pytest process's own JVM (pybridge.spark.session), so the driver is this
process. pyspark allows one SparkContext at a time: module fixtures switch between local[2]
and the standalone cluster of test_spark_cluster.py.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pyspark", reason="pybridge.spark tests need pyspark (the spark extra: "
                    "pip install -e '.[spark]')")

from spark_support import LOCAL_CONF, require_engine_spark

import pybridge as pb
from pybridge import spark


@pytest.fixture(scope="session", autouse=True)
def spark_stopped_before_pytest_unconfigures():
    """Stops Spark and its py4j server when the test session ends.

    pytest's faulthandler plugin, at unconfigure, restores the SIGSEGV handler it found when
    it started: the default one, not the JVM's (the JVM started later). The JVM uses SIGSEGV
    internally (safepoint polls), so a JVM still busy with Spark threads at that moment would
    crash the process at exit. Stopping Spark here leaves the JVM idle by then.
    """
    yield
    from pybridge.spark import _gateway

    _gateway.shutdown()


@pytest.fixture(scope="module")
def local_session():
    """A local[2] session in this process's JVM, shared by a module's tests."""
    require_engine_spark()
    assert pb._jvm.hosts_spark(), "the test JVM started without Spark though pyspark is here"
    from pyspark import SparkContext

    active = SparkContext._active_spark_context
    if active is not None and active.master != "local[2]":
        active.stop()
    return spark.session("local[2]", app_name="pybridge-tests", conf=LOCAL_CONF)


@pytest.fixture(scope="session")
def digits() -> dict[str, np.ndarray]:
    """scikit-learn's digits, split as examples/mlp_digits.py splits them."""
    pytest.importorskip("sklearn")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)
    y = d.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, stratify=y,
                                                        random_state=123)
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


@pytest.fixture(autouse=True)
def release_executor_networks():
    """Closes the networks executors keep between tasks (ExecutorNetworks, a bounded pool per
    executor JVM): in local mode those executors share the test JVM, and the leak check that
    runs after this teardown counts every tensor of that JVM."""
    yield
    from pybridge import _jvm

    if _jvm.alive():
        import jpype

        try:
            pool = jpype.JClass("org.pybridge.spark.internal.ExecutorNetworks")
        except Exception:
            return
        pool.clear()
