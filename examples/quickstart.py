"""pybridge quick start: numpy memory handed to the JVM engine and back without a copy.

Runs on embedded defaults (the JVM starts in-process on first use with the bundled jars):

    python examples/quickstart.py [--n 2048]
"""

import argparse
import time

import numpy as np

import pybridge as pb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2048, help="matrix size for the GEMM")
    args = parser.parse_args()

    rng = np.random.default_rng(123)
    a = rng.random((args.n, args.n), dtype=np.float32)

    t = pb.from_numpy(a)  # no copy: the JVM tensor uses a's memory
    assert t.numpy().__array_interface__["data"][0] == a.__array_interface__["data"][0]

    (t @ t).close()  # warm-up: loads OpenBLAS and compiles the kernels once
    start = time.perf_counter()
    c = t @ t  # native BLAS on the JVM
    seconds = time.perf_counter() - start
    v = c.numpy()  # no copy: a numpy view of off-heap memory

    expected = a.astype(np.float64) @ a.astype(np.float64)
    err = float(np.max(np.abs(v - expected) / np.maximum(np.abs(expected), 1.0)))
    gflops = 2 * args.n**3 / seconds / 1e9
    print(f"pybridge {pb.__version__}: {args.n}x{args.n} float32 matmul on the JVM")
    print(f"  {seconds * 1e3:.1f} ms ({gflops:.1f} GFLOP/s), max relative error vs float64 numpy "
          f"{err:.2e}")

    with pb.scope():
        z = (t * 2.0 - 1.0).tanh()
        print(f"  tanh(2a - 1): mean {float(z.mean()):.6f} (numpy "
              f"{float(np.tanh(2 * a - 1).mean()):.6f})")
    info = pb.memory_info()
    print(f"  off-heap in use {info['used'] / 2**20:.1f} MiB, peak {info['peak'] / 2**20:.1f} MiB, "
          f"open tensors {info['tensors']}")
    c.close()
    t.close()
    if err > 1e-4:
        raise SystemExit(f"matmul disagrees with numpy: max relative error {err:.2e}")


if __name__ == "__main__":
    main()
