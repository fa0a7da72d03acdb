package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.LinalgKernels;
import org.pybridge.tensor.internal.SpinningPool;

/**
 * Products large enough to be split over threads (BlasPartition): row blocks, column blocks,
 * gemv both ways, transposed operands and row strides, against a double-precision reference;
 * results must not depend on whether the helper threads were free.
 */
@ExtendWith(LeakCheck.class)
class BlasPartitionTest {

    private static void check(long m, long k, long n, boolean transA, boolean transB) {
        String what = m + "x" + k + " @ " + k + "x" + n + " transA=" + transA + " transB="
                + transB;
        Scope s = Scope.open();
        try {
            // stored transposed, then viewed back: BLAS gets the transpose flag
            NDArray a = transA ? TestArrays.randomReals(DataType.FLOAT32, 1, k, m).transpose()
                    : TestArrays.randomReals(DataType.FLOAT32, 1, m, k);
            NDArray b = transB ? TestArrays.randomReals(DataType.FLOAT32, 2, n, k).transpose()
                    : TestArrays.randomReals(DataType.FLOAT32, 2, k, n);
            NDArray c = a.matmul(b);
            assertArrayEquals(new long[] {m, n}, c.shape(), what);
            double[] want = LinalgTest.naiveMatmul(a, b, new long[] {m, n}, false);
            float[] got = c.toFloatArray();
            for (int i = 0; i < want.length; i++) {
                double tol = 1e-5 * Math.sqrt(k) * Math.max(1, Math.abs(want[i])) + 1e-5;
                assertEquals(want[i], got[i], tol, what + " at " + i);
            }
        } finally {
            s.close();
        }
    }

    @Test
    void splitProductsMatchTheReference() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                check(130, 70, 90, ta, tb);    // row blocks (m >= n)
                check(5, 120, 300, ta, tb);    // column blocks (few rows, wide)
                check(1, 300, 517, ta, tb);    // gemv over W's columns (one example)
                check(517, 300, 1, ta, tb);    // gemv over A's rows
                check(33, 100, 40, ta, tb);    // blocks that are not multiples of 16
            }
        }
    }

    @Test
    void gemmIntoStridedRowsAndBetaSplitToo() {
        Scope s = Scope.open();
        try {
            NDArray a = TestArrays.randomReals(DataType.FLOAT64, 3, 200, 64);
            NDArray b = TestArrays.randomReals(DataType.FLOAT64, 4, 64, 150);
            NDArray big = NDArray.ones(DataType.FLOAT64, 200, 300);
            NDArray c = big.slice(1, 100, 250, 1);    // row stride 300, not 150
            LinalgKernels.gemm(false, false, 2.0, a, b, 0.5, c);
            double[] ab = LinalgTest.naiveMatmul(a, b, new long[] {200, 150}, false);
            double[] got = c.toDoubleArray();
            for (int i = 0; i < ab.length; i++) {
                assertEquals(2 * ab[i] + 0.5, got[i], 1e-9, "at " + i);
            }
            assertEquals(1.0, big.getDouble(5, 99));
            assertEquals(1.0, big.getDouble(5, 250));
        } finally {
            s.close();
        }
    }

    @Test
    void concurrentCallersGetIdenticalResults() throws Exception {
        Scope s = Scope.open();
        try {
            NDArray x = TestArrays.randomReals(DataType.FLOAT32, 5, 1, 784);
            NDArray w = TestArrays.randomReals(DataType.FLOAT32, 6, 784, 1000);
            NDArray x8 = TestArrays.randomReals(DataType.FLOAT32, 7, 8, 784);
            float[] one;
            float[] eight;
            try (NDArray y = x.matmul(w); NDArray y8 = x8.matmul(w)) {
                one = y.toFloatArray();
                eight = y8.toFloatArray();
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> same = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    same.add(pool.submit(() -> {
                        boolean ok = true;
                        for (int i = 0; i < 30; i++) {
                            try (NDArray y = x.matmul(w); NDArray y8 = x8.matmul(w)) {
                                ok &= java.util.Arrays.equals(one, y.toFloatArray());
                                ok &= java.util.Arrays.equals(eight, y8.toFloatArray());
                            }
                        }
                        return ok;
                    }));
                }
                for (Future<Boolean> f : same) {
                    assertTrue(f.get(), "a concurrent product differed from the serial one");
                }
            } finally {
                pool.shutdown();
            }
        } finally {
            s.close();
        }
    }

    @Test
    void poolRunsEveryPartOnceAndRethrowsFailures() {
        for (int parts : new int[] {1, 2, SpinningPool.threads(), SpinningPool.threads() + 3}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(parts);
            SpinningPool.run(parts, runs::incrementAndGet);
            for (int p = 0; p < parts; p++) {
                assertEquals(1, runs.get(p), "part " + p + " of " + parts);
            }
        }
        IllegalStateException boom = new IllegalStateException("part failed");
        for (int failing = 0; failing < 2; failing++) {
            int f = failing;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SpinningPool.run(2, p -> {
                        if (p == f) {
                            throw boom;
                        }
                    }));
            assertSame(boom, e);
        }
        // the pool is free again after a failure
        AtomicIntegerArray runs = new AtomicIntegerArray(2);
        SpinningPool.run(2, runs::incrementAndGet);
        assertEquals(1, runs.get(1));
    }
}
