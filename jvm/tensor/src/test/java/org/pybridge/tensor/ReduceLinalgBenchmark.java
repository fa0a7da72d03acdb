package org.pybridge.tensor;

import java.util.Locale;
import org.pybridge.tensor.internal.LinalgKernels;

/**
 * A quick side-by-side figure for the GEMM and reduction targets (not a test; run by hand):
 *
 * <pre>
 * ./mvnw -q -B -o test-compile -pl jvm/tensor
 * ./mvnw -q -B -o dependency:build-classpath -pl jvm/tensor -Dmdep.outputFile=/tmp/cp.txt
 * java -cp jvm/tensor/target/classes:jvm/tensor/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.pybridge.tensor.ReduceLinalgBenchmark
 * </pre>
 *
 * Compare with numpy on the same machine, e.g.
 * {@code a = np.random.rand(n, n).astype(np.float32); %timeit a @ a} and
 * {@code x = np.random.rand(10_000_000).astype(np.float32); %timeit x.sum()}.
 */
public final class ReduceLinalgBenchmark {
    private ReduceLinalgBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? parse(args) : new int[] {256, 512, 1024, 2048, 4096};
        for (int n : sizes) {
            try (NDArray a = NDArray.full(DataType.FLOAT32, 0.5, n, n)) {
                gemm(a, n);
            }
        }
        products();
        reductions();
    }

    private static void products() {
        try (NDArray m = NDArray.full(DataType.FLOAT32, 0.5, 4096, 4096);
             NDArray v = NDArray.full(DataType.FLOAT32, 0.5, 4096);
             NDArray a = NDArray.full(DataType.FLOAT32, 0.5, 256, 32, 32);
             NDArray x = NDArray.full(DataType.FLOAT32, 0.5, 64, 128, 512);
             NDArray w = NDArray.full(DataType.FLOAT32, 0.5, 512, 256);
             NDArray wt = w.transpose()) {
            time("matrix @ vector (4096, 4096) @ (4096,) float32", () -> m.matmul(v).close());
            time("vector @ matrix (4096,) @ (4096, 4096) float32", () -> v.matmul(m).close());
            time("batched (256, 32, 32) @ (256, 32, 32) float32", () -> a.matmul(a).close());
            time("stack (64, 128, 512) @ (512, 256) float32", () -> x.matmul(w).close());
            time("(256, 512) @ (512, 256).T float32", () -> {
                try (NDArray y = x.select(0, 0)) {
                    NDArray r = y.matmul(wt.transpose());
                    r.close();
                }
            });
        }
    }

    private static int[] parse(String[] args) {
        int[] out = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = Integer.parseInt(args[i]);
        }
        return out;
    }

    private static void gemm(NDArray a, int n) {
        double flops = 2.0 * n * n * n;
        int reps = (int) Math.max(3, Math.min(200, 4e10 / flops));
        for (int i = 0; i < 2; i++) {
            a.matmul(a).close();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                a.matmul(a).close();
            }
            best = Math.min(best, (System.nanoTime() - t) / 1e9 / reps);
        }
        System.out.printf(Locale.ROOT, "sgemm n=%d: %.1f GFLOP/s (BLAS threads %d)%n", n,
                flops / best / 1e9, LinalgKernels.blasThreads());
    }

    private static void reductions() {
        try (NDArray x = NDArray.full(DataType.FLOAT32, 0.25, 10_000_000);
             NDArray m = x.reshape(10_000, 1_000)) {
            time("sum of 10M float32", () -> x.sum().close());
            time("sum axis 0 of (10000, 1000) float32", () -> m.sum(0).close());
            time("sum axis 1 of (10000, 1000) float32", () -> m.sum(1).close());
            time("max axis 1 of (10000, 1000) float32", () -> m.max(1).close());
            time("var of 10M float32", () -> x.reduce(ReduceOp.VAR, null, false).close());
            time("argmax axis 1 of (10000, 1000) float32", () -> m.argmax(1).close());
            time("softmax axis 1 of (10000, 1000) float32", () -> m.softmax(1).close());
            time("cumsum of 10M float32", () -> x.cumsum(0).close());
        }
    }

    private static void time(String what, Runnable r) {
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                r.run();
            }
            best = Math.min(best, (System.nanoTime() - t) / 1e6 / 10);
        }
        System.out.printf(Locale.ROOT, "%s: %.2f ms%n", what, best);
    }
}
