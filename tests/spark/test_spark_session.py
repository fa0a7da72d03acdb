"""Spark inside the engine's JVM, a session started elsewhere (attach), start-up and exit."""

from __future__ import annotations

import os
import re
import subprocess
import time
import zipfile

import pytest
from spark_support import ROOT, pyspark_home, require_engine_spark, run_script

import pybridge as pb
from pybridge import _spark_jvm, spark


def test_jvm_options_are_those_of_sparks_launcher():
    """Our copy of Spark's JavaModuleOptions matches the installed spark-launcher jar."""
    jar = next((pyspark_home() / "jars").glob("spark-launcher_*.jar"))
    with zipfile.ZipFile(jar) as z:
        code = z.read("org/apache/spark/launcher/JavaModuleOptions.class").decode("latin-1")
    sparks = set(re.findall(r"--add-opens=[\w./]+=ALL-UNNAMED", code))
    sparks |= set(re.findall(r"-Dio\.netty\.[\w.]+=\w+", code))
    ours = set(_spark_jvm.module_options(17, ("-Dlog4j2.configurationFile=x",)))
    assert ours == sparks
    # Newer JDKs drop options for packages they no longer have (no start-up warning).
    assert not any("sun.security.action" in o for o in _spark_jvm.module_options(25))


def test_session_runs_spark_inside_this_process(local_session):
    sc = local_session.sparkContext
    assert sc._jvm.java.lang.ProcessHandle.current().pid() == os.getpid()
    assert sc.master == "local[2]"
    # pyspark's Python workers (lambdas, UDFs) work too.
    assert sc.parallelize(range(10), 2).map(lambda v: v * v).sum() == 285
    assert spark.session("local[2]") is not None  # the running session is returned
    with pytest.raises(pb.JVMError, match="already runs"):
        spark.session("local[1]")


def test_jars_conf_and_configure_name_every_engine_jar():
    from pyspark.sql import SparkSession

    jars = spark.jars_conf()["spark.jars"].split(",")
    assert jars == pb.jvm.classpath()
    assert any("linux-x86_64" in j for j in jars)  # the native BLAS travels with the engine
    builder = SparkSession.builder.config("spark.jars", "/opt/mine.jar")
    merged = spark.configure(builder)._options["spark.jars"].split(",")
    assert merged[0] == "/opt/mine.jar" and merged[1:] == jars


def test_start_is_quiet_and_exit_never_hangs_on_the_newest_jdk():
    """A script that starts Spark, trains, and ends without stopping anything exits promptly
    with nothing on stderr on the newest JDK installed (test_spark_example checks the default
    JDK the same way)."""
    require_engine_spark()
    home = _newest_jdk()
    if not home:
        pytest.skip("only one JDK installed")
    env = {"JAVA_HOME": home}
    started = time.monotonic()
    done = run_script("""
        import time
        import numpy as np
        from pybridge import nn, spark
        sess = spark.session("local[2]", conf={"spark.ui.enabled": "false"})
        rng = np.random.default_rng(0)
        x = rng.normal(size=(64, 4)).astype(np.float32)
        df = spark.dataframe(x, (x[:, 0] > 0).astype(np.int64))
        conf = nn.Sequential([nn.Output(2, activation="softmax")], input_shape=(4,), seed=1).config
        model = spark.SparkTrainer(conf, workers=2).fit(df, epochs=1)
        print("accuracy", model.evaluate(df).accuracy())
        print("ended at", time.monotonic(), flush=True)
    """, timeout=240, env=env)
    finished = time.monotonic()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == "", done.stderr
    ended = float(re.search(r"ended at ([0-9.]+)", done.stdout).group(1))
    assert finished - ended < 20, f"exit took {finished - ended:.1f} s"
    assert finished - started < 240


def _newest_jdk() -> str:
    script = ROOT / "scripts" / "newest_jdk.sh"
    return subprocess.run(["bash", str(script)], capture_output=True, text=True,
                          check=False).stdout.strip()


def test_attach_to_a_pyspark_session_started_elsewhere():
    """pyspark's own spark-submit JVM: attach loads the engine into it and its executors."""
    require_engine_spark()
    done = run_script("""
        import os
        import numpy as np
        from pyspark.sql import SparkSession
        from pybridge import nn, spark
        sess = (SparkSession.builder.master("local[2]").appName("elsewhere")
                .config("spark.ui.enabled", "false").getOrCreate())
        assert spark.attach(sess) is sess
        spark.attach(sess)  # twice is harmless
        rng = np.random.default_rng(0)
        x = rng.normal(size=(200, 4)).astype(np.float32)
        y = (x[:, 0] > 0).astype(np.int64)
        df = spark.dataframe(x, y)
        model = nn.Sequential([nn.Dense(8, activation="relu"), nn.Output(2)],
                              input_shape=(4,), updater=nn.Adam(0.05), seed=1)
        fitted = spark.SparkTrainer(model, workers=2).fit(df, epochs=10)
        driver = sess.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
        print("driver", driver, "python", os.getpid())
        print("executors", sorted({e["pid"] for e in fitted.training_stats.executors}))
        print("accuracy", fitted.evaluate(df).accuracy())
        local = fitted.network.predict(x)           # a copy in this process's engine JVM
        rows = fitted.transform(df).select("probability").collect()
        print("same", np.allclose(local, np.array([r[0] for r in rows]), atol=1e-6))
        fitted.close()
        sess.stop()
    """, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    driver, python = map(int, re.search(r"driver (\d+) python (\d+)", done.stdout).groups())
    assert driver != python  # Spark ran in pyspark's JVM, not in the engine's
    assert f"executors [{driver}]" in done.stdout  # local mode: executors in that driver
    assert float(re.search(r"accuracy ([0-9.]+)", done.stdout).group(1)) > 0.9
    assert "same True" in done.stdout


def test_session_without_spark_in_the_jvm_explains_the_fix():
    done = run_script("""
        from pybridge import spark
        try:
            spark.session("local[1]")
        except Exception as e:
            print(type(e).__name__, e)
    """, timeout=120, env={"PYBRIDGE_SPARK": "0"})
    assert "JVMError" in done.stdout, done.stdout + done.stderr
    assert "PYBRIDGE_SPARK=0" in done.stdout and "attach" in done.stdout
