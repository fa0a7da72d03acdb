"""Data pipeline benchmark: CSV to training batches on the JVM, and trainer wait time.

1. Rows/s from a numeric CSV (generated here into a temp dir; ~1 GB by default: 16 float
   features and an integer label) to (features, labels) batches handed to the JVM (wrapped as
   Java tensors in a Java DataSet, as ``model.fit`` does), against ``pyarrow.csv.read_csv``
   alone and ``pandas.read_csv`` alone, in the same run on the same (page-cached) file.
   pybridge's pipeline reads with ``float_dtype="float32"`` and its default 4 MiB blocks; a
   reference row times pyarrow with those same options. The pipelines take turns, round
   after round, and each keeps its best of ``--rounds`` (pandas: of two). Targets: >= 0.8x
   pyarrow's raw read rate, >= 3x pandas.
2. The fraction of an MLP training run (``model.fit`` on a ``DataSetIterator`` over a streamed
   CSV, prefetch on) that the trainer spends waiting for data. Target: < 5%.

Run:  PYTHONPATH=. python benchmarks/bench_data.py [--size-mb 1024] [--batch-size 1024]
      (give the MLP run a few epochs, e.g. ``--epochs 4``: the first one also pays for
      starting the pipeline, later ones show the steady state)
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

FEATURES, CLASSES = 16, 10


def make_csv(path: str, size_mb: float, seed: int = 0) -> int:
    """Writes random rows until the file reaches ``size_mb``; returns the row count."""
    rng = np.random.default_rng(seed)
    target = size_mb * 1024 * 1024
    rows = 0
    chunk = int(min(200_000, max(1000, target / 150)))  # ~150 bytes per row
    names = [f"f{i}" for i in range(FEATURES)] + ["label"]
    schema = pa.schema([(n, pa.float64()) for n in names[:-1]] + [("label", pa.int64())])
    with pacsv.CSVWriter(path, schema) as w:
        while os.path.getsize(path) < target:
            x = np.round(rng.normal(size=(chunk, FEATURES)), 6)
            y = rng.integers(0, CLASSES, chunk)
            w.write_table(pa.table([*x.T, y], schema=schema))
            rows += chunk
    return rows


def warm(path: str) -> None:
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def best(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def to_jvm_consumer():
    """Hands each batch to the JVM exactly like ``model.fit`` does: a feeder thread produces
    the batches and wraps them as Java ``DataSet``s into the trainer's queue; here a Java
    consumer that does no training takes and closes them (``QueuedDataSetIterator.drain``)."""
    import jpype

    from pybridge import jvm
    from pybridge._bridge import wrap_numpy
    from pybridge.nn._feeder import Feeder, new_pass, queue_depth

    jvm.start()
    data_set = jpype.JClass("org.pybridge.nn.DataSet")
    queue_class = jpype.JClass("org.pybridge.nn.QueuedDataSetIterator")

    def convert(batch):
        x, y = batch[0], batch[1]
        return data_set(wrap_numpy(x), wrap_numpy(y))

    def consume(batches) -> int:
        feeder = Feeder(queue_class, batches, new_pass(batches), 1, convert,
                        queue_depth(batches))
        feeder.start()
        try:
            n = int(feeder.queue.drain())
        finally:
            feeder.close()
        if feeder.error is not None:
            raise feeder.error
        return n

    return consume


def throughput(path: str, rows: int, batch_size: int, rounds: int) -> None:
    import pandas as pd

    from pybridge import data

    consume = to_jvm_consumer()

    # The pipeline as a user would write it for training batches: floats are parsed straight
    # into float32, the type the batches have (pyarrow would infer float64).
    def pybridge_table() -> None:
        table = data.read_csv(path, float_dtype="float32")
        it = data.DataSetIterator(table, label="label", num_classes=CLASSES,
                                  batch_size=batch_size, prefetch=4)
        assert consume(it) == rows

    def pybridge_stream() -> None:
        it = data.DataSetIterator(data.scan_csv(path, float_dtype="float32"), label="label",
                                  num_classes=CLASSES, batch_size=batch_size, prefetch=4)
        assert consume(it) == rows

    float32 = pacsv.ConvertOptions(column_types={f"f{i}": pa.float32() for i in range(FEATURES)})
    pipelines = {
        "pyarrow.csv.read_csv (read only)": (lambda: pacsv.read_csv(path), rounds),
        # For reference: pyarrow with the options pybridge's read uses (4 MiB blocks,
        # float32 columns, the C library's allocator). The target compares against the plain
        # call above.
        "pyarrow.csv.read_csv, pybridge's options (read only)": (
            lambda: pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 22),
                                   convert_options=float32,
                                   memory_pool=pa.system_memory_pool()), rounds),
        "pybridge read_csv -> JVM batches": (pybridge_table, rounds),
        "pybridge scan_csv (stream) -> JVM batches": (pybridge_stream, rounds),
        "pandas.read_csv (read only)": (lambda: pd.read_csv(path), min(2, rounds)),
    }
    # Round robin: each round times every pipeline once, so that the machine's slow and fast
    # minutes fall on all of them alike; each keeps its best round.
    times: dict[str, list[float]] = {name: [] for name in pipelines}
    for r in range(rounds):
        for name, (fn, wanted) in pipelines.items():
            if r < wanted:
                times[name].append(best(fn, 1))
    for name, got in times.items():
        print(f"# {name}: {', '.join(f'{t:.2f}' for t in got)} s")
    results = {name: min(got) for name, got in times.items()}
    base = results["pyarrow.csv.read_csv (read only)"]
    pandas_s = results["pandas.read_csv (read only)"]
    print(f"\n{'pipeline':52s} {'seconds':>8s} {'Mrows/s':>8s} {'vs pyarrow':>10s} "
          f"{'vs pandas':>9s}")
    for name, s in results.items():
        print(f"{name:52s} {s:8.2f} {rows / s / 1e6:8.2f} {base / s:9.2f}x {pandas_s / s:8.2f}x")


def wait_fraction(path: str, epochs: int, batch_size: int) -> None:
    from pybridge import data, nn

    for prefetch in (4, 0):
        it = data.DataSetIterator(data.scan_csv(path, block_size=1 << 22), label="label",
                                  num_classes=CLASSES, batch_size=batch_size, shuffle=True,
                                  shuffle_buffer=65536, seed=1, prefetch=prefetch,
                                  normalizer=data.NormalizerStandardize())
        with nn.Sequential([nn.Dense(256, activation="relu"), nn.Dense(256, activation="relu"),
                            nn.Output(CLASSES)], input_shape=(FEATURES,),
                           updater=nn.Adam(1e-3), seed=1) as model:
            # Warm-up (JIT, BLAS buffers) on a few batches, so that the run measured is the
            # steady state and its wait is not diluted by compilation time.
            rng = np.random.default_rng(0)
            warm = [(rng.random((batch_size, FEATURES), np.float32),
                     rng.integers(0, CLASSES, batch_size))] * 20
            model.fit(warm, epochs=1, verbose=0)
            model.fit(it, epochs=epochs, verbose=0)
            s = model.last_fit_stats
        print(f"MLP {FEATURES}-256-256-{CLASSES}, batch {batch_size}, {epochs} epochs, "
              f"prefetch={prefetch}: {s['seconds']:.2f} s, trainer waited "
              f"{s['data_wait_s']:.2f} s = {100 * s['data_wait_fraction']:.1f}% of the run")


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        return next(int(x.split()[1]) for x in f if x.startswith("VmRSS")) / 1024


def memory(path: str) -> None:
    """Resident memory around a stream pass and a whole read (run in a fresh process)."""
    import gc
    import resource

    from pybridge import data

    def peak() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"resident at start: {_rss_mib():.0f} MiB")
    rows = sum(b.num_rows for b in data.scan_csv(path, float_dtype="float32"))
    print(f"after a scan_csv pass over {rows} rows: {_rss_mib():.0f} MiB (peak {peak():.0f})")
    table = data.read_csv(path, float_dtype="float32")
    print(f"read_csv: {_rss_mib():.0f} MiB resident (peak {peak():.0f}), the table "
          f"{table.nbytes / 2**20:.0f} MiB")
    del table
    gc.collect()
    print(f"table dropped: {_rss_mib():.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=1024)
    ap.add_argument("--batch-size", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--train-mb", type=float, default=8, help="CSV size for the MLP run")
    ap.add_argument("--train-batch-size", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--csv", help="time this CSV (written by an earlier run: f0..f15, label) "
                    "instead of generating one; the MLP part is skipped")
    ap.add_argument("--memory", action="store_true", help="with --csv: report resident memory "
                    "around a whole read and a stream pass instead of timing")
    args = ap.parse_args()
    if args.csv and args.memory:
        memory(args.csv)
        return
    if args.csv:
        with open(args.csv, "rb") as f:
            rows = sum(1 for _ in f) - 1
        print(f"{args.csv}: {os.path.getsize(args.csv) / 2**20:.0f} MiB, {rows} rows; cpus: "
              f"{os.cpu_count()}, load: {os.getloadavg()[0]:.2f}")
        warm(args.csv)
        throughput(args.csv, rows, args.batch_size, args.rounds)
        return
    tmp = tempfile.mkdtemp(prefix="pybridge-bench-data-")
    try:
        path = os.path.join(tmp, "numeric.csv")
        t0 = time.perf_counter()
        rows = make_csv(path, args.size_mb)
        size = os.path.getsize(path) / 2**20
        print(f"generated {size:.0f} MiB, {rows} rows x {FEATURES + 1} columns in "
              f"{time.perf_counter() - t0:.1f} s; cpus: {os.cpu_count()}, "
              f"load: {os.getloadavg()[0]:.2f}")
        warm(path)
        throughput(path, rows, args.batch_size, args.rounds)
        train = os.path.join(tmp, "train.csv")
        make_csv(train, args.train_mb, seed=1)
        print()
        wait_fraction(train, args.epochs, args.train_batch_size)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
