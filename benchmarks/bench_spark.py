"""Spark training throughput: local[2] and a 2-worker standalone cluster vs single-process fit.

The network of issue 3 (784-1000(relu)-10(softmax, mcxent), Nesterov 0.01/0.9) on seeded
synthetic MNIST-shaped data, read by Spark from Parquet through a file:// path. Every variant
runs in its own process with two cores in all:

- single:  ``MultiLayerNetwork.fit`` in one process, OpenBLAS and engine on 2 threads, batch B
- local:   ``spark.session("local[2]")``: Spark inside the engine's JVM, 2 workers x 1 thread,
           B/2 examples per worker per step (the same B examples per averaged step)
- cluster: a standalone master + 2 workers (1 core each) on 127.0.0.1 started from pyspark's
           ``bin/spark-class``; the driver is the engine's JVM, executors are their own JVMs

Printed: examples/s of each (Spark: the whole fit call, data preparation included, and the
steady-state rate of the averaging rounds), the ratio to single-process (target: local[2] >=
0.75x), the time per phase, and test accuracy after the same number of epochs.

Run:  PYTHONPATH=. .venv/bin/python benchmarks/bench_spark.py [--rows 20000] [--epochs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FEATURES, HIDDEN, CLASSES = 784, 1000, 10


def make_data(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.random((rows, FEATURES), dtype=np.float32)
    teacher = rng.standard_normal((FEATURES, CLASSES)).astype(np.float32)
    return x, ((x - 0.5) @ teacher).argmax(axis=1).astype(np.int64)


def network(seed: int):
    from pybridge import nn

    return nn.Sequential([nn.Dense(HIDDEN, activation="relu"),
                          nn.Output(CLASSES, activation="softmax", loss="mcxent")],
                         input_shape=(FEATURES,), updater=nn.Nesterovs(0.01, 0.9), seed=seed,
                         weight_init="xavier")


# ---------------------------------------------------------------------------------- workers


def worker_single(args: argparse.Namespace, data: Path) -> dict:
    import jpype

    import pybridge as pb

    pb.jvm.start(jvm_options=["-Dpybridge.threads=2"], spark=False)
    jpype.JClass("org.pybridge.tensor.internal.Blas").setThreads(2)
    train, test = np.load(data / "train.npz"), np.load(data / "test.npz")
    x, y = train["x"], train["y"]
    with network(args.seed) as net:
        net.fit(x[: 20 * args.batch], y[: 20 * args.batch], epochs=1, batch_size=args.batch,
                verbose=0)  # warm-up: JIT and BLAS buffers
    with network(args.seed) as net:
        start = time.perf_counter()
        net.fit(x, y, epochs=args.epochs, batch_size=args.batch, shuffle=True, verbose=0)
        seconds = time.perf_counter() - start
        accuracy = net.evaluate(test["x"], test["y"]).accuracy()
    rate = len(x) * args.epochs / seconds
    return {"examples_per_s": rate, "steady_examples_per_s": rate, "accuracy": accuracy,
            "seconds": seconds}


def worker_spark(args: argparse.Namespace, data: Path, master: str) -> dict:
    import jpype

    import pybridge as pb
    from pybridge import spark

    pb.jvm.start(jvm_options=["-Dpybridge.threads=1"])
    jpype.JClass("org.pybridge.tensor.internal.Blas").setThreads(1)
    conf = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2"}
    if master.startswith("spark://"):
        conf.update({"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1",
                     "spark.executor.memory": "1g", "spark.executor.cores": "1",
                     "spark.cores.max": "2",
                     "spark.executor.extraJavaOptions": "-Dpybridge.threads=1",
                     "spark.executorEnv.OPENBLAS_NUM_THREADS": "1"})
    sess = spark.session(master, app_name="bench_spark", conf=conf)
    if master.startswith("spark://"):
        sc = sess.sparkContext._jsc.sc()
        while sc.getExecutorMemoryStatus().size() < 3:  # the driver and two executors
            time.sleep(0.5)
    df = sess.read.parquet((data / "train.parquet").as_uri())
    test = np.load(data / "test.npz")
    trainer = spark.SparkTrainer(network(args.seed).config,
                                 batch_size_per_worker=args.batch // 2,
                                 averaging_frequency=args.averaging, workers=2, seed=args.seed)
    # Warm-up on a small file of the same schema: JIT, Spark's code generation (cached by the
    # generated source, which the same plan over another file shares), executors' first tasks.
    with trainer.fit(sess.read.parquet((data / "warm.parquet").as_uri()), epochs=1):
        pass
    with trainer.fit(df, epochs=args.epochs) as model:
        stats = model.training_stats
        accuracy = model.network.evaluate(test["x"], test["y"]).accuracy()
    phases = stats.phases_ms
    rounds_ms = phases["broadcast"] + phases["fit"] + phases["aggregate"]
    return {"examples_per_s": stats.examples_per_second,
            "steady_examples_per_s": stats.examples / (rounds_ms / 1000),
            "accuracy": accuracy, "seconds": phases["total"] / 1000, "phases_ms": phases,
            "executor_pids": sorted({e["pid"] for e in stats.executors}),
            "driver_pid": os.getpid(), "rounds": stats.rounds}


# ---------------------------------------------------------------------------------- cluster


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cluster(tmp: Path) -> tuple[str, list[subprocess.Popen]]:
    """A master and two 1-core workers on 127.0.0.1, from pyspark's bin/spark-class."""
    from pybridge import _spark_jvm, jvm

    home = _spark_jvm.pyspark_home()
    assert home is not None, "pyspark is not installed"
    env = dict(os.environ, SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1",
               SPARK_DAEMON_MEMORY="256m", SPARK_LOG_DIR=str(tmp / "logs"),
               JAVA_HOME=str(jvm.find_java_home()), SPARK_NO_DAEMONIZE="1")
    port, ui = _free_port(), _free_port()
    url = f"spark://127.0.0.1:{port}"
    spark_class = str(home / "bin" / "spark-class")
    procs = []
    commands = [["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                 str(port), "--webui-port", str(ui)]]
    commands += [["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                  "--memory", "2g", "--webui-port", str(_free_port()), "--work-dir",
                  str(tmp / f"worker{i}"), url] for i in range(2)]
    for i, command in enumerate(commands):
        with open(tmp / f"daemon{i}.log", "w") as log:
            procs.append(subprocess.Popen([spark_class, *command], stdout=log,
                                          stderr=subprocess.STDOUT, env=env,
                                          start_new_session=True))
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{ui}/json/", timeout=5) as r:
                if json.load(r).get("aliveworkers", 0) >= 2:
                    return url, procs
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_cluster(procs)
            raise RuntimeError("the standalone cluster did not start; logs in " + str(tmp))
        time.sleep(1)


def stop_cluster(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=30)


# ---------------------------------------------------------------------------------- driver


def run_variant(name: str, args: argparse.Namespace, data: Path, master: str = "") -> dict:
    cmd = [sys.executable, __file__, "--worker", name, "--data", str(data), "--master", master,
           "--rows", str(args.rows), "--epochs", str(args.epochs), "--batch", str(args.batch),
           "--averaging", str(args.averaging), "--seed", str(args.seed)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=128,
                        help="examples per step: single-process batch; Spark uses batch/2 per "
                             "worker on 2 workers")
    parser.add_argument("--averaging", type=int, default=10, help="Spark averaging frequency")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-cluster", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--master", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        result = (worker_single(args, args.data) if args.worker == "single"
                  else worker_spark(args, args.data, args.master))
        print(json.dumps(result))
        return

    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp_name:
        tmp = Path(tmp_name)
        x, y = make_data(args.rows + 2000, args.seed)
        np.savez(tmp / "train.npz", x=x[: args.rows], y=y[: args.rows])
        np.savez(tmp / "test.npz", x=x[args.rows:], y=y[args.rows:])
        for name, rows in (("train", args.rows), ("warm", 40 * args.batch)):
            pq.write_table(pa.table({"features": pa.array(list(x[:rows]),
                                                          type=pa.list_(pa.float32())),
                                     "label": pa.array(y[:rows])}), tmp / f"{name}.parquet")
        results = {"single": run_variant("single", args, tmp),
                   "local[2]": run_variant("local", args, tmp, "local[2]")}
        if not args.skip_cluster:
            url, procs = start_cluster(tmp)
            try:
                results["cluster 2x1"] = run_variant("cluster", args, tmp, url)
            finally:
                stop_cluster(procs)

    base = results["single"]["examples_per_s"]
    print(f"MLP {FEATURES}-{HIDDEN}-{CLASSES}, {args.rows} rows x {args.epochs} epochs, "
          f"{args.batch} examples per step, averaging every {args.averaging} steps, 2 cores")
    print(f"{'variant':<12} {'examples/s':>11} {'ratio':>6} {'rounds ex/s':>12} "
          f"{'ratio':>6} {'accuracy':>9}")
    for name, r in results.items():
        print(f"{name:<12} {r['examples_per_s']:>11,.0f} {r['examples_per_s'] / base:>5.2f}x "
              f"{r['steady_examples_per_s']:>12,.0f} "
              f"{r['steady_examples_per_s'] / base:>5.2f}x {r['accuracy']:>9.4f}")
    for name, r in results.items():
        if "phases_ms" in r:
            phases = ", ".join(f"{k} {v:,.0f}" for k, v in r["phases_ms"].items())
            print(f"{name} phases (ms): {phases}; {r['rounds']} rounds; executor pids "
                  f"{r['executor_pids']} (driver {r['driver_pid']})")
    local = results["local[2]"]["examples_per_s"] / base
    print(f"target local[2] >= 0.75x single-process: {local:.2f}x "
          f"({'met' if local >= 0.75 else 'not met'})")


if __name__ == "__main__":
    main()
