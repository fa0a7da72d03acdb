"""TransformProcess: the pyarrow executor vs the JVM executor (with its Arrow handoff).

Run: ``PYTHONPATH=. python benchmarks/bench_transform.py [rows]`` after building the jars.
Prints, per transform, the best of several rounds in ms for ``executor="python"`` and
``executor="jvm"``, and the JVM's own share (``execute`` on a Java Table, no handoff).
"""

from __future__ import annotations

import sys
import time

import jpype
import numpy as np
import pyarrow as pa

import pybridge as pb
from pybridge import data
from pybridge.data import _jvm_executor as jvm_executor
from pybridge.data._schema import conform


def best(fn, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1e3


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    pb.jvm.start()
    rng = np.random.default_rng(0)
    table = pa.table({
        "x": rng.random(n), "y": rng.random(n), "k": rng.integers(0, 100, n),
        "s": pa.array(rng.choice(["alpha", "beta", "gamma"], n)),
        "t": pa.array(rng.integers(0, 2 * 10**15, n), pa.timestamp("us")),
    })
    schema = data.Schema.infer(table)
    b = data.TransformProcess.builder
    cases = {
        "numeric (normalize, clip, column math)": b(schema).normalize("x").clip("y", 0.1, 0.9)
        .column_math("x", "multiply", "k", "xk").select_columns("x", "y", "xk"),
        "one-hot of a string column": b(schema).categorical_to_one_hot("s")
        .remove_columns("x", "y", "k", "t"),
        "string upper + map": b(schema).upper("s").map_values("s", {"BETA": "B"})
        .select_columns("s"),
        "time features (4)": b(schema).time_features("t", "year", "month", "day", "hour")
        .remove_columns("x", "y", "k", "s"),
        "filter (x > 0.5 and k in {1..10})": b(schema).filter(
            data.Condition.gt("x", 0.5) & data.Condition.isin("k", list(range(1, 11)))),
    }
    conformed = conform(table, schema)
    columns = jpype.java.util.ArrayList()
    for col in schema.columns:
        columns.add(jvm_executor._to_java_column(col.name, col.type,
                                                 conformed.column(col.name).chunk(0)))
    java_table = jvm_executor._java("Table")(columns, n)
    print(f"{n} rows; ms, best of 5")
    print(f"{'transform':40s} {'python':>8s} {'jvm':>8s} {'jvm exec':>9s}")
    for name, builder in cases.items():
        tp = builder.build().fit(table)
        java_tp = jvm_executor._java("TransformProcess").fromJson(tp.to_json())
        py = best(lambda tp=tp: tp.execute(table))
        jvm = best(lambda tp=tp: tp.execute(table, executor="jvm"))
        exec_only = best(lambda java_tp=java_tp: java_tp.execute(java_table))
        print(f"{name:40s} {py:8.1f} {jvm:8.1f} {exec_only:9.1f}")


if __name__ == "__main__":
    main()
