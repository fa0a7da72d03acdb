"""MLP training and inference benchmark: pybridge vs PyTorch CPU vs DL4J 1.0.0-M2.1.

The network of issue 3: 784-1000(relu)-10(softmax, mcxent), batch 128, Nesterov momentum
(lr 0.01, momentum 0.9), on seeded synthetic MNIST-shaped data (uniform pixels, labels from a
fixed random linear teacher, so the task is learnable). Every framework runs in its own
subprocess with the same thread count, so that peak memory (the RSS high-water mark) is each
one's own. Printed, as ratios:

- training throughput, examples/s                (target: >= 1.0x PyTorch, >= 2x DL4J)
- single-example inference latency, median µs    (target: Java <= 25 µs, Python <= 60 µs)
- peak memory of the training run (RSS high-water mark; pybridge's off-heap peak too)

Needs PyTorch in the same Python; the DL4J peer is built once with
``./mvnw -q -f benchmarks/peers/dl4j/pom.xml package`` (else pass ``--skip-dl4j``).

Run:  PYTHONPATH=. /tmp/torchenv/bin/python benchmarks/bench_mlp.py [--rows 20000] [--epochs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DL4J_PEER = ROOT / "benchmarks" / "peers" / "dl4j"
JAVA_PEER = ROOT / "benchmarks" / "peers" / "pybridge-java" / "src"
FEATURES, HIDDEN, CLASSES, BATCH = 784, 1000, 10, 128
LR, MOMENTUM = 0.01, 0.9


def make_data(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.random((rows, FEATURES), dtype=np.float32)
    teacher = rng.standard_normal((FEATURES, CLASSES)).astype(np.float32)
    # centred pixels, so that the teacher's column sums do not make one class dominate
    labels = ((x - 0.5) @ teacher).argmax(axis=1)
    return x, np.eye(CLASSES, dtype=np.float32)[labels]


def peak_rss() -> int:
    """This process's resident-set high-water mark in bytes (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def median_us(fn, iterations: int) -> float:
    times = []
    clock = time.perf_counter_ns
    for _ in range(iterations):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times) / 1e3


# ---------------------------------------------------------------------------------- workers


def worker_pybridge(args: argparse.Namespace) -> dict:
    import jpype

    import pybridge as pb

    pb.jvm.start(jvm_options=[f"-Dpybridge.threads={args.threads}"])
    jpype.JClass("org.pybridge.tensor.internal.Blas").setThreads(args.threads)
    nn = "org.pybridge.nn."
    conf = (
        jpype.JClass(nn + "NeuralNetConfiguration")
        .builder()
        .seed(args.seed)
        .updater(jpype.JClass(nn + "Nesterovs")(LR, MOMENTUM))
        .weightInit(jpype.JClass(nn + "WeightInit").XAVIER)
        .list()
        .layer(jpype.JClass(nn + "Dense$Builder")().nOut(HIDDEN).activation("relu").build())
        .layer(
            jpype.JClass(nn + "Output$Builder")("mcxent")
            .nOut(CLASSES)
            .activation("softmax")
            .build()
        )
        .setInputType(jpype.JClass(nn + "InputType").feedForward(FEATURES))
        .build()
    )
    x, y = make_data(args.rows, args.seed)
    net = jpype.JClass(nn + "MultiLayerNetwork")(conf)
    tx, ty = pb.from_numpy(x), pb.from_numpy(y)  # zero-copy: the JVM reads numpy's memory
    warm = min(args.rows, args.warmup_rows)
    with pb.from_numpy(x[:warm]) as wx, pb.from_numpy(y[:warm]) as wy:
        net.fit(wx._j, wy._j, args.warmup_epochs, BATCH, True)
    start = time.perf_counter()
    net.fit(tx._j, ty._j, args.epochs, BATCH, True)
    seconds = time.perf_counter() - start
    result = {
        "train_examples_per_s": args.rows * args.epochs / seconds,
        "final_score": float(net.score()),
        "peak_rss_bytes": peak_rss(),
        "offheap_peak_bytes": int(pb.memory_info()["peak"]),
    }
    net.save(jpype.JClass("java.nio.file.Path").of(args.model))

    one = x[:1].copy()
    handle = pb.from_numpy(one)
    j = handle._j

    def raw() -> None:  # the lowest-overhead path: one JPype call, result closed
        net.output(j).close()

    from pybridge import nn

    served = nn.load(args.model)  # the Python API a service would call: numpy in, numpy out

    def numpy_in_out() -> None:
        served.predict(one)

    # A service that keeps its input and output buffers: pb tensors (here over numpy
    # memory) reused on every call, one JVM call that returns nothing.
    out_handle = pb.from_numpy(np.empty((1, 10), np.float32))

    def into() -> None:
        served.predict(handle, out=out_handle)

    for fn in (raw, numpy_in_out, into):
        for _ in range(args.iterations // 2):
            fn()
    result["infer_python_us"] = median_us(raw, args.iterations)
    result["infer_python_numpy_us"] = median_us(numpy_in_out, args.iterations)
    result["infer_python_into_us"] = median_us(into, args.iterations)
    served.close()
    out_handle.close()
    handle.close()
    tx.close()
    ty.close()
    net.close()
    return result


def worker_torch(args: argparse.Namespace) -> dict:
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(FEATURES, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, CLASSES)
    )
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM, nesterov=True)
    loss_fn = torch.nn.CrossEntropyLoss()
    x_np, y_np = make_data(args.rows, args.seed)
    x = torch.from_numpy(x_np)
    labels = torch.from_numpy(y_np.argmax(axis=1))
    gen = torch.Generator().manual_seed(args.seed)

    def epochs(xs: torch.Tensor, ys: torch.Tensor, n: int) -> float:
        loss = torch.tensor(float("nan"))
        for _ in range(n):
            order = torch.randperm(len(xs), generator=gen)
            for i in range(0, len(xs), BATCH):
                idx = order[i : i + BATCH]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(xs[idx]), ys[idx])
                loss.backward()
                opt.step()
        return float(loss)

    warm = min(args.rows, args.warmup_rows)
    epochs(x[:warm], labels[:warm], args.warmup_epochs)
    start = time.perf_counter()
    score = epochs(x, labels, args.epochs)
    seconds = time.perf_counter() - start
    result = {
        "train_examples_per_s": args.rows * args.epochs / seconds,
        "final_score": score,
        "peak_rss_bytes": peak_rss(),
    }
    model.eval()
    one = x[:1].clone()

    def infer() -> None:  # softmax included: pybridge's output is probabilities too
        with torch.inference_mode():
            torch.softmax(model(one), dim=1)

    def numpy_in_out() -> None:
        with torch.inference_mode():
            torch.softmax(model(torch.from_numpy(x_np[:1])), dim=1).numpy().copy()

    for fn in (infer, numpy_in_out):
        for _ in range(args.iterations // 2):
            fn()
    result["infer_python_us"] = median_us(infer, args.iterations)
    result["infer_python_numpy_us"] = median_us(numpy_in_out, args.iterations)
    return result


# ---------------------------------------------------------------------------------- drivers


def java_tools() -> tuple[Path, list[str]]:
    """The JDK pybridge itself uses, and the flags that keep newer JDKs quiet."""
    from pybridge import _jvm

    home = _jvm.find_java_home()
    major = _jvm.java_version(home)
    flags = []
    if major >= 22:
        flags.append("--enable-native-access=ALL-UNNAMED")
    if major >= 23:
        flags.append("--sun-misc-unsafe-memory-access=allow")
    return home, flags


def thread_env(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def last_json(text: str, what: str) -> dict:
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{what} printed no JSON result; its output:\n{text}")


def best_of(old: dict | None, new: dict) -> dict:
    """The faster training run's figures, with the lower inference medians of the two."""
    if old is None:
        return new
    keep = dict(new if new["train_examples_per_s"] > old["train_examples_per_s"] else old)
    for key in keep:
        if key.startswith("infer_"):
            keep[key] = min(old[key], new[key])
        elif key == "peak_rss_bytes":
            keep[key] = max(old[key], new[key])
    return keep


def run_worker(name: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--worker", name, *worker_args(args)]
    done = subprocess.run(
        cmd, capture_output=True, text=True, env=thread_env(args.threads), check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{name} worker failed ({done.returncode}):\n{done.stderr}")
    return last_json(done.stdout, name)


def worker_args(args: argparse.Namespace) -> list[str]:
    return [
        f"--rows={args.rows}",
        f"--epochs={args.epochs}",
        f"--warmup-epochs={args.warmup_epochs}",
        f"--warmup-rows={args.warmup_rows}",
        f"--threads={args.threads}",
        f"--iterations={args.iterations}",
        f"--seed={args.seed}",
        f"--model={args.model}",
    ]


def run_java_inference(args: argparse.Namespace, tmp: Path) -> dict:
    import pybridge as pb

    home, flags = java_tools()
    jars = pb.jvm.classpath()
    if args.java_classes:  # compiled beforehand, for a runtime without javac
        classes = Path(args.java_classes)
    else:
        classes = tmp / "classes"
        sources = [str(p) for p in JAVA_PEER.rglob("*.java")]
        subprocess.run(
            [str(home / "bin" / "javac"), "-d", str(classes), "-cp", ":".join(jars), *sources],
            check=True,
        )
    done = subprocess.run(
        [
            str(home / "bin" / "java"),
            *flags,
            f"-Dpybridge.threads={args.threads}",
            "-cp",
            ":".join([*jars, str(classes)]),
            "org.pybridge.benchmarks.JavaInferenceBench",
            args.model,
            str(max(args.iterations, 20000)),
        ],
        capture_output=True,
        text=True,
        env=thread_env(args.threads),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Java inference benchmark failed:\n{done.stderr}")
    return last_json(done.stdout, "JavaInferenceBench")


def run_dl4j(args: argparse.Namespace) -> dict:
    lib = DL4J_PEER / "target" / "lib"
    classes = DL4J_PEER / "target" / "classes"
    if not lib.is_dir() or not classes.is_dir():
        raise SystemExit(
            f"The DL4J peer is not built ({lib} is missing): build it with "
            f"`./mvnw -q -f benchmarks/peers/dl4j/pom.xml package`, or pass --skip-dl4j."
        )
    home, flags = java_tools()
    done = subprocess.run(
        [
            str(home / "bin" / "java"),
            *flags,
            "-cp",
            f"{classes}:{lib}/*",
            "org.pybridge.peers.dl4j.Dl4jMlpBench",
            *("--rows", str(args.rows), "--epochs", str(args.epochs)),
            *("--warmup-epochs", str(args.warmup_epochs), "--seed", str(args.seed)),
            *("--iterations", str(max(args.iterations, 2000))),
        ],
        capture_output=True,
        text=True,
        env=thread_env(args.threads),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"DL4J peer failed ({done.returncode}):\n{done.stderr}")
    return last_json(done.stdout, "Dl4jMlpBench")


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:6.2f}x" if a and b else "     -"


def mib(n: float | None) -> str:
    return f"{n / 2**20:10.0f}" if n else "         -"


def report(args: argparse.Namespace) -> None:
    import pybridge as pb

    cmd = " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv])
    print(f"# command: {cmd}")
    home, _ = java_tools()
    import torch

    print(
        f"# machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; "
        f"JDK {pb.jvm.java_version(home)} ({home}); torch {torch.__version__}; "
        f"numpy {np.__version__}"
    )
    print(
        f"# MLP {FEATURES}-{HIDDEN}(relu)-{CLASSES}(softmax, mcxent), batch {BATCH}, "
        f"Nesterov(lr {LR}, momentum {MOMENTUM}); {args.rows} rows x {args.epochs} epochs "
        f"timed after {args.warmup_epochs} warm-up epoch(s) of {min(args.rows, args.warmup_rows)} "
        f"rows; {args.threads} threads each"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        args.model = str(tmp / "model.zip")
        results: dict[str, dict] = {}
        rates: dict[str, list[float]] = {"pybridge": [], "pytorch": []}
        # The peers take turns, so that the VM's slow and fast minutes hit both alike; each
        # keeps its best training run and its lowest inference medians.
        for _ in range(args.repeats):
            for name, worker in (("pybridge", "pybridge"), ("pytorch", "torch")):
                r = run_worker(worker, args)
                rates[name].append(r["train_examples_per_s"])
                results[name] = best_of(results.get(name), r)
        java = run_java_inference(args, tmp)
        if not args.skip_dl4j:
            results["dl4j"] = run_dl4j(args)

    pbr = results["pybridge"]
    print(f"\n## Training throughput (examples/s; higher is better; best of {args.repeats} "
          f"alternating runs)")
    for name, got in rates.items():
        print(f"#   {name} runs: {', '.join(f'{r:.0f}' for r in got)}")
    print(f"{'framework':<10} {'examples/s':>11} {'final loss':>11} {'pybridge/this':>14}")
    for name, r in results.items():
        rate = r["train_examples_per_s"]
        print(
            f"{name:<10} {rate:11.0f} {r['final_score']:11.4f} "
            f"{ratio(pbr['train_examples_per_s'], rate):>14}"
        )

    print("\n## Single-example inference latency (median µs; lower is better)")
    print(f"{'path':<44} {'median µs':>10} {'vs PyTorch':>11}")
    torch_us = results["pytorch"]["infer_python_us"]
    rows = [
        ("pybridge Java  net.output(x)", java["median_us"], None),
        ("pybridge Python net.output(handle)", pbr["infer_python_us"], torch_us),
        ("pybridge Python model.predict(xs, out=ys)", pbr["infer_python_into_us"], torch_us),
        (
            "pybridge Python model.predict(numpy)",
            pbr["infer_python_numpy_us"],
            results["pytorch"]["infer_python_numpy_us"],
        ),
        ("PyTorch inference_mode model(x)+softmax", torch_us, None),
        (
            "PyTorch numpy in -> numpy out",
            results["pytorch"]["infer_python_numpy_us"],
            None,
        ),
    ]
    if "dl4j" in results:
        rows.append(("DL4J Java net.output(x)", results["dl4j"]["infer_median_us"], None))
    for label, us, ref in rows:
        # a ratio above 1 means pybridge takes longer than the PyTorch path beside it
        print(f"{label:<44} {us:10.1f} {ratio(us, ref) if ref else '':>11}")
    print(f"(Java p10/p90: {java['p10_us']:.1f} / {java['p90_us']:.1f} µs)")

    print("\n## Peak memory of the training run (MiB; process RSS high-water mark)")
    print(f"{'framework':<10} {'peak RSS':>10} {'off-heap':>10} {'pybridge/this':>14}")
    for name, r in results.items():
        rss = r["peak_rss_bytes"]
        print(
            f"{name:<10} {mib(rss)} {mib(r.get('offheap_peak_bytes'))} "
            f"{ratio(pbr['peak_rss_bytes'], rss):>14}"
        )

    print("\n## Targets")
    torch_ratio = pbr["train_examples_per_s"] / results["pytorch"]["train_examples_per_s"]
    # Python's figure is its fastest public path: the reused-buffer serving call.
    python_us = min(pbr["infer_python_us"], pbr["infer_python_into_us"])
    lines = [
        ("training >= 1.0x PyTorch", f"{torch_ratio:.2f}x", torch_ratio >= 1.0),
        ("Java inference <= 25 µs", f"{java['median_us']:.1f} µs", java["median_us"] <= 25),
        ("Python inference <= 60 µs", f"{python_us:.1f} µs", python_us <= 60),
    ]
    if "dl4j" in results:
        d = pbr["train_examples_per_s"] / results["dl4j"]["train_examples_per_s"]
        lines.insert(1, ("training >= 2x DL4J", f"{d:.2f}x", d >= 2.0))
    for what, got, ok in lines:
        print(f"{what:<28} {got:>10}  {'met' if ok else 'MISSED'}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=20000, help="training examples (default 20000)")
    p.add_argument("--epochs", type=int, default=2, help="timed epochs (default 2)")
    p.add_argument("--warmup-epochs", type=int, default=1, help="untimed epochs first")
    p.add_argument("--warmup-rows", type=int, default=20000,
                   help="rows in each warm-up epoch (default 20000: the steady state is timed, "
                        "after the JVM has compiled the training loop; until 2026-11-22: 2560)")
    p.add_argument("--repeats", type=int, default=3,
                   help="alternating training runs per framework (best kept)")
    p.add_argument("--threads", type=int, default=2, help="threads for every framework")
    p.add_argument("--iterations", type=int, default=5000, help="inference calls timed")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--skip-dl4j", action="store_true", help="when the DL4J peer is not built")
    p.add_argument(
        "--java-classes",
        help="JavaInferenceBench compiled beforehand (for a Java runtime without javac)",
    )
    p.add_argument("--worker", choices=["pybridge", "torch"], help=argparse.SUPPRESS)
    p.add_argument("--model", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker == "pybridge":
        print(json.dumps(worker_pybridge(args)))
    elif args.worker == "torch":
        print(json.dumps(worker_torch(args)))
    else:
        report(args)


if __name__ == "__main__":
    main()
