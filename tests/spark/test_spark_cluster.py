"""A real standalone cluster on 127.0.0.1: a master and two workers started from pyspark's
``bin/spark-class``; the driver is Spark inside this test process's JVM.

Shows that training runs in executor JVMs separate from the driver, with the engine jars
shipped by ``spark.jars``, and that losing a worker mid-training still ends with a valid model.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import numpy as np
import pytest
from spark_support import digits_model, pyspark_home, require_engine_spark

import pybridge as pb
from pybridge import spark


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=5) as r:
            return int(json.load(r).get("aliveworkers", 0))
    except OSError:
        return 0


def _stop(proc: subprocess.Popen) -> None:
    """Stops a daemon we started and the executors it launched (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)
    else:
        # The daemon is gone; an executor it started may still be in its group.
        try:  # noqa: SIM105 - the group may be empty already
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require_engine_spark()
    home = pyspark_home()
    tmp = tmp_path_factory.mktemp("standalone")
    env = dict(os.environ, SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1",
               SPARK_DAEMON_MEMORY="256m", SPARK_LOG_DIR=str(tmp / "logs"),
               JAVA_HOME=str(pb.jvm.find_java_home()), SPARK_NO_DAEMONIZE="1")
    env.pop("PYSPARK_GATEWAY_PORT", None)
    port, ui = _free_port(), _free_port()
    url = f"spark://127.0.0.1:{port}"
    spark_class = str(home / "bin" / "spark-class")
    procs: list[subprocess.Popen] = []

    def launch(name: str, *args: str) -> subprocess.Popen:
        log = open(tmp / f"{name}.log", "w")  # noqa: SIM115 - the daemon writes it until stopped
        proc = subprocess.Popen([spark_class, *args], stdout=log, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
        procs.append(proc)
        return proc

    launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
           "--port", str(port), "--webui-port", str(ui))
    work_dirs = [tmp / f"worker{i}" for i in range(2)]
    workers = [launch(f"worker{i}", "org.apache.spark.deploy.worker.Worker", "--host",
                      "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port",
                      str(_free_port()), "--work-dir", str(work_dirs[i]), url)
               for i in range(2)]
    try:
        deadline = time.monotonic() + 180
        while _alive_workers(ui) < 2:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                logs = "\n".join(p.read_text()[-2000:] for p in tmp.glob("*.log"))
                pytest.fail(f"the standalone cluster did not come up:\n{logs}")
            time.sleep(1)
        yield {"url": url, "workers": workers, "work_dirs": work_dirs}
    finally:
        for p in reversed(procs):
            _stop(p)


@pytest.fixture(scope="module")
def cluster_session(cluster):
    from pyspark import SparkContext

    active = SparkContext._active_spark_context
    if active is not None:
        active.stop()
    sess = spark.session(cluster["url"], app_name="pybridge-cluster-tests", conf={
        "spark.ui.enabled": "false",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.executor.memory": "512m",
        "spark.executor.cores": "1",
        "spark.cores.max": "2",
        "spark.sql.shuffle.partitions": "2",
    })
    sc = sess.sparkContext
    deadline = time.monotonic() + 180
    # Wait for both executors (the driver counts as one entry of the status map).
    while sc._jsc.sc().getExecutorMemoryStatus().size() < 3:
        assert time.monotonic() < deadline, "the executors did not register"
        time.sleep(0.5)
    yield sess
    sess.stop()


def test_training_runs_in_executor_jvms_with_the_engine_jars_shipped(cluster, cluster_session,
                                                                     digits):
    df = spark.dataframe(digits["x_train"], digits["y_train"], partitions=2)
    trainer = spark.SparkTrainer(digits_model().config, batch_size_per_worker=32,
                                 averaging_frequency=5, workers=2, seed=3)
    with trainer.fit(df, epochs=3) as model:
        executors = model.training_stats.executors
        pids = {e["pid"] for e in executors}
        assert os.getpid() not in pids  # not the driver (this process)
        assert len(pids) == 2 and "driver" not in {e["executor_id"] for e in executors}
        assert {e["host"] for e in executors} == {"127.0.0.1"}
        assert sum(e["examples"] for e in executors) == 3 * len(digits["x_train"])
        ev = model.evaluate(spark.dataframe(digits["x_test"], digits["y_test"]))
        assert ev.accuracy() > 0.8
        local = model.network.evaluate(digits["x_test"], digits["y_test"]).accuracy()
        assert ev.accuracy() == pytest.approx(local)
    # Each worker fetched the engine jars (with the native BLAS) into its executor's folder.
    for work_dir in cluster["work_dirs"]:
        shipped = {p.name for p in work_dir.rglob("*.jar")}
        assert any(n.startswith("pybridge-spark") for n in shipped), shipped
        assert any(n.startswith("openblas") and "linux-x86_64" in n for n in shipped), shipped


def test_losing_a_worker_mid_training_still_gives_a_valid_model(cluster, cluster_session,
                                                                digits):
    sc = cluster_session.sparkContext
    df = spark.dataframe(digits["x_train"], digits["y_train"], partitions=2)
    trainer = spark.SparkTrainer(digits_model().config, batch_size_per_worker=16,
                                 averaging_frequency=2, workers=2, seed=5)
    result: dict[str, object] = {}
    jobs_before = len(sc.statusTracker().getJobIdsForGroup(None))

    def train() -> None:
        try:
            result["model"] = trainer.fit(df, epochs=4)
        except BaseException as e:
            result["error"] = e

    thread = threading.Thread(target=train, daemon=True)
    thread.start()
    # Kill one worker, and the executor it launched, once averaging rounds are under way.
    deadline = time.monotonic() + 120
    completed = 0
    while completed < 5 and thread.is_alive():
        assert time.monotonic() < deadline, "training did not start"
        completed = len(sc.statusTracker().getJobIdsForGroup(None)) - jobs_before
        time.sleep(0.2)
    assert thread.is_alive(), "training ended before a worker could be killed"
    victim = cluster["workers"][1]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    thread.join(timeout=300)
    assert not thread.is_alive(), "training did not finish after losing a worker"
    assert "error" not in result, result.get("error")
    with result["model"] as model:
        stats = model.training_stats
        assert stats.examples == 4 * len(digits["x_train"])  # every minibatch was fitted
        accuracy = model.network.evaluate(digits["x_test"], digits["y_test"]).accuracy()
        assert accuracy > 0.85
        assert np.isfinite(model.network.predict(digits["x_test"])).all()
