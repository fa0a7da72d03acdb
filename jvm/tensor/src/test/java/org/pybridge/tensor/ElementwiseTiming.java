package org.pybridge.tensor;

import org.pybridge.tensor.internal.Parallel;

/**
 * A small timing harness (not a test) for the element-wise kernels: nanoseconds per element of
 * the hot cases on 10M float32 elements. Run after {@code ./mvnw -q -B test-compile}:
 *
 * <pre>
 * java -cp jvm/tensor/target/classes:jvm/tensor/target/test-classes \
 *     [-Dpybridge.threads=1] org.pybridge.tensor.ElementwiseTiming [elements]
 * </pre>
 *
 * The numpy figure to compare with: {@code python -m timeit -s "import numpy as np;
 * a=np.ones(10_000_000, np.float32); b=a.copy()" "a + b"}.
 */
public final class ElementwiseTiming {
    private ElementwiseTiming() {
    }

    /** Something to do with a fresh or updated tensor. */
    private interface Case {
        NDArray run();
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long cols = 1000;
        System.out.printf("%d float32 elements, %d thread(s)%n", n, Parallel.threads());
        try (NDArray a = NDArray.arange(0, n, 1, DataType.FLOAT32);
             NDArray b = NDArray.ones(DataType.FLOAT32, n);
             NDArray m = a.reshape(n / cols, cols);
             NDArray row = NDArray.ones(DataType.FLOAT32, cols);
             NDArray small = NDArray.arange(0, n, 1, DataType.FLOAT32).div(n)) {
            time("add (new result)", n, () -> a.add(b));
            time("add in place", n, () -> a.addi(b).share());
            time("add scalar", n, () -> a.add(2.0));
            time("add broadcast row (N,M)+(M,)", n, () -> m.add(row));
            time("mul", n, () -> a.mul(b));
            time("greater than scalar", n, () -> a.apply(BinaryOp.GT, 5.0, false));
            time("exp", n, () -> small.exp());
            time("tanh", n, () -> small.tanh());
            time("sigmoid", n, () -> small.sigmoid());
        }
    }

    private static void time(String name, long n, Case c) {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 15; rep++) {
            long t0 = System.nanoTime();
            NDArray r = c.run();
            long t1 = System.nanoTime();
            r.close();
            best = Math.min(best, (t1 - t0) / (double) n);
        }
        System.out.printf("  %-32s %6.3f ns/element%n", name, best);
    }
}
