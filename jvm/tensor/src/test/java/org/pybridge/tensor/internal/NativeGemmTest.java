package org.pybridge.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * The native float32 gemm against a double-precision reference: every transpose combination,
 * edge tiles (m not a multiple of 6, n not of 16), k over several KC blocks, n over several NC
 * blocks, padded row strides, alpha and beta (beta = 0 must ignore NaN in C), results that do
 * not depend on the thread count, and concurrent callers sharing the buffer pool.
 */
class NativeGemmTest {

    /** Raw float storage with a row stride of at least {@code cols}. */
    private static final class Mat implements AutoCloseable {
        final int rows;
        final int cols;
        final int ld;
        final NDArray mem;

        Mat(int rows, int cols, int pad, Random rnd) {
            this.rows = rows;
            this.cols = cols;
            this.ld = cols + pad;
            float[] v = new float[Math.max(1, rows * ld)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rnd.nextGaussian());
            }
            mem = NDArray.create(v, v.length);
        }

        long addr() {
            return mem.address();
        }

        float get(int i, int j) {
            return Raw.getFloat(addr() + 4L * (i * ld + j));
        }

        @Override
        public void close() {
            mem.close();
        }
    }

    private static void check(int m, int n, int k, boolean ta, boolean tb, float alpha, float beta,
            int threads) {
        String what = m + "x" + k + " @ " + k + "x" + n + " ta=" + ta + " tb=" + tb + " alpha="
                + alpha + " beta=" + beta + " threads=" + threads;
        Random rnd = new Random(31L * m + 17L * n + k);
        // op(A) is m x k: stored k x m when transposed; same for B
        try (Mat a = ta ? new Mat(k, m, 3, rnd) : new Mat(m, k, 5, rnd);
             Mat b = tb ? new Mat(n, k, 2, rnd) : new Mat(k, n, 7, rnd);
             Mat c = new Mat(m, n, 4, rnd)) {
            double[] want = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (double) (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p)
                                : b.get(p, j));
                    }
                    want[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * (double) c.get(i, j));
                }
            }
            if (beta == 0) {
                for (int i = 0; i < m; i++) {
                    Raw.putFloat(c.addr() + 4L * i * c.ld, Float.NaN);
                }
            }
            float padding = c.get(0, n);
            NativeGemm.sgemm(threads, ta, tb, m, n, k, alpha, a.addr(), a.ld, b.addr(), b.ld,
                    beta, c.addr(), c.ld);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double tol = 1e-5 * Math.sqrt(k) * (1 + Math.abs(want[i * n + j]));
                    assertEquals(want[i * n + j], c.get(i, j), tol, what + " at " + i + "," + j);
                }
            }
            assertEquals(padding, c.get(0, n), what + ": wrote past the row into the padding");
        }
    }

    @Test
    void matchesTheReferenceOnEveryLayoutAndEdge() {
        assertTrue(NativeGemm.available(), NativeGemm.describe());
        int[][] shapes = {{2, 2, 1}, {5, 3, 7}, {6, 16, 8}, {7, 17, 9}, {13, 33, 300},
            {37, 50, 256}, {64, 48, 257}, {130, 90, 70}, {1, 40, 12}, {40, 1, 12}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    check(s[0], s[1], s[2], ta, tb, 1f, 0f, 2);
                }
            }
        }
        check(29, 45, 600, false, true, -0.5f, 1f, 2);
        check(29, 45, 600, true, false, 2f, 0.25f, 1);
        check(12, 40, 513, true, true, 1f, 1f, 2);
    }

    @Test
    void columnBlocksBeyondOnePackedBlock() {
        // n > NC (4096): two column blocks of op(B)
        check(7, 4100, 5, false, false, 1f, 0f, 2);
        check(9, 4113, 3, false, true, 1f, 0.5f, 2);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random rnd = new Random(5);
        int m = 301;
        int n = 77;
        int k = 530;
        try (Mat a = new Mat(m, k, 0, rnd); Mat b = new Mat(k, n, 0, rnd);
             Mat c1 = new Mat(m, n, 0, rnd); Mat c2 = new Mat(m, n, 0, rnd)) {
            NativeGemm.sgemm(1, false, false, m, n, k, 1f, a.addr(), k, b.addr(), n, 0f,
                    c1.addr(), n);
            NativeGemm.sgemm(2, false, false, m, n, k, 1f, a.addr(), k, b.addr(), n, 0f,
                    c2.addr(), n);
            assertArrayEquals(c1.mem.toFloatArray(), c2.mem.toFloatArray());
        }
    }

    @Test
    void agreesWithTheOpenBlasPath() {
        // the fallback (no AVX2/FMA, or -Dpybridge.nativeGemm=false) gives the same products
        Random rnd = new Random(13);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int m = 97;
                int n = 131;
                int k = 300;
                try (Mat a = ta ? new Mat(k, m, 0, rnd) : new Mat(m, k, 0, rnd);
                     Mat b = tb ? new Mat(n, k, 0, rnd) : new Mat(k, n, 0, rnd);
                     Mat c1 = new Mat(m, n, 0, rnd); Mat c2 = new Mat(m, n, 0, rnd)) {
                    NativeGemm.sgemm(2, ta, tb, m, n, k, 0.5f, a.addr(), a.ld, b.addr(), b.ld,
                            0f, c1.addr(), n);
                    BlasPartition.splitOverOpenBlas(DataType.FLOAT32, ta, tb, m, n, k, 0.5,
                            a.addr(), a.ld, b.addr(), b.ld, 0, c2.addr(), n);
                    float[] x = c1.mem.toFloatArray();
                    float[] y = c2.mem.toFloatArray();
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(y[i], x[i], 1e-4 * (1 + Math.abs(y[i])), "ta=" + ta
                                + " tb=" + tb + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void rowTimesMatrixMatchesTheReferenceWhateverTheThreadCount() {
        Random rnd = new Random(21);
        int[][] shapes = {{1, 1}, {2, 7}, {5, 9}, {33, 16}, {300, 17}, {784, 1000}};  // k, n
        for (int[] s : shapes) {
            int k = s[0];
            int n = s[1];
            // x read with stride 2, y written with stride 3: the other floats stay as they were
            try (Mat w = new Mat(k, n, 3, rnd); Mat x = new Mat(k, 2, 0, rnd);
                 Mat y1 = new Mat(n, 3, 0, rnd); Mat y2 = new Mat(n, 3, 0, rnd)) {
                for (float[] ab : new float[][] {{1f, 0f}, {-0.5f, 0.25f}}) {
                    float alpha = ab[0];
                    float beta = ab[1];
                    String what = k + "x" + n + " alpha=" + alpha + " beta=" + beta;
                    for (int j = 0; j < n; j++) {
                        for (int c = 0; c < 3; c++) {
                            float v = c == 0 && beta == 0 ? Float.NaN : (float) rnd.nextGaussian();
                            Raw.putFloat(y1.addr() + 4L * (3 * j + c), v);
                            Raw.putFloat(y2.addr() + 4L * (3 * j + c), v);
                        }
                    }
                    double[] want = new double[n];
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        for (int p = 0; p < k; p++) {
                            sum += (double) x.get(p, 0) * w.get(p, j);
                        }
                        want[j] = alpha * sum + (beta == 0 ? 0 : beta * (double) y1.get(j, 0));
                    }
                    float[] before = y1.mem.toFloatArray();
                    NativeGemm.rowTimesMatrix(1, k, n, alpha, w.addr(), w.ld, x.addr(), 2, beta,
                            y1.addr(), 3);
                    NativeGemm.rowTimesMatrix(2, k, n, alpha, w.addr(), w.ld, x.addr(), 2, beta,
                            y2.addr(), 3);
                    float[] got = y1.mem.toFloatArray();
                    for (int j = 0; j < n; j++) {
                        double tol = 1e-5 * Math.sqrt(k) * (1 + Math.abs(want[j]));
                        assertEquals(want[j], got[3 * j], tol, what + " at " + j);
                        assertEquals(before[3 * j + 1], got[3 * j + 1], what + ": wrote past y");
                        assertEquals(before[3 * j + 2], got[3 * j + 2], what + ": wrote past y");
                    }
                    assertArrayEquals(got, y2.mem.toFloatArray(), what + ": 1 vs 2 threads");
                }
            }
        }
    }

    @Test
    void denseRowGivesTheValuesOfTheSeparateOps() {
        assertTrue(NativeGemm.available(), NativeGemm.describe());
        Random rnd = new Random(5);
        int[][] shapes = {{1, 1}, {5, 9}, {33, 17}, {784, 1000}};  // k, n
        for (int[] s : shapes) {
            int k = s[0];
            int n = s[1];
            float[] wv = gaussians(rnd, k * n);
            float[] bv = gaussians(rnd, n);
            // every other float of xs is x: a strided row
            float[] xs = gaussians(rnd, 2 * k);
            xs[0] = k > 1 ? Float.NaN : xs[0];
            wv[wv.length - 1] = Float.POSITIVE_INFINITY;
            try (NDArray w = NDArray.create(wv, k, n); NDArray b = NDArray.create(bv, n);
                 NDArray wide = NDArray.create(xs, 1, 2 * k);
                 NDArray x = wide.slice(1, 0, 2 * k, 2)) {
                for (boolean relu : new boolean[] {false, true}) {
                    for (NDArray bias : new NDArray[] {b, null}) {
                        String what = k + "x" + n + " relu=" + relu + " bias=" + (bias != null);
                        try (NDArray want = NDArray.empty(DataType.FLOAT32, 1, n);
                             NDArray got = NDArray.empty(DataType.FLOAT32, 1, n)) {
                            LinalgKernels.gemm(false, false, 1.0, x, w, 0.0, want);
                            if (bias != null) {
                                try (NDArray row = bias.reshape(1, n)) {
                                    want.applyInPlace(org.pybridge.tensor.BinaryOp.ADD, row);
                                }
                            }
                            if (relu) {
                                want.applyInPlace(org.pybridge.tensor.UnaryOp.RELU);
                            }
                            assertTrue(LinalgKernels.denseRow(x, w, bias, relu, got), what);
                            assertArrayEquals(want.toFloatArray(), got.toFloatArray(), what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void denseRowDeclinesWhatItDoesNotCover() {
        Random rnd = new Random(6);
        try (NDArray w = NDArray.create(gaussians(rnd, 12), 4, 3);
             NDArray x = NDArray.create(gaussians(rnd, 4), 1, 4);
             NDArray two = NDArray.create(gaussians(rnd, 8), 2, 4);
             NDArray y = NDArray.empty(DataType.FLOAT32, 1, 3);
             NDArray y2 = NDArray.empty(DataType.FLOAT32, 2, 3);
             NDArray b2d = NDArray.create(gaussians(rnd, 3), 1, 3);
             NDArray wt = NDArray.create(gaussians(rnd, 12), 3, 4);
             NDArray wtView = wt.transpose();
             NDArray xd = x.cast(DataType.FLOAT64);
             NDArray wd = w.cast(DataType.FLOAT64);
             NDArray yd = NDArray.empty(DataType.FLOAT64, 1, 3);
             NDArray column = x.reshape(4, 1)) {
            y.fill(0.0);
            float[] before = y.toFloatArray();
            assertFalse(LinalgKernels.denseRow(two, w, null, false, y2), "two rows");
            assertFalse(LinalgKernels.denseRow(x, wtView, null, false, y), "column-major w");
            assertFalse(LinalgKernels.denseRow(x, w, b2d, false, y), "2-d bias");
            assertFalse(LinalgKernels.denseRow(xd, wd, null, false, yd), "float64");
            assertFalse(LinalgKernels.denseRow(x, column, null, false, y), "shape");
            assertArrayEquals(before, y.toFloatArray(), "a declined call writes nothing");
        }
    }

    private static float[] gaussians(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void concurrentCallersShareThePoolSafely() throws Exception {
        Random rnd = new Random(9);
        int m = 150;
        int n = 140;
        int k = 300;
        try (Mat a = new Mat(m, k, 0, rnd); Mat b = new Mat(k, n, 0, rnd);
             Mat want = new Mat(m, n, 0, rnd)) {
            NativeGemm.sgemm(1, false, false, m, n, k, 1f, a.addr(), k, b.addr(), n, 0f,
                    want.addr(), n);
            float[] expected = want.mem.toFloatArray();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int t = 0; t < 24; t++) {
                    results.add(pool.submit(() -> {
                        try (NDArray c = NDArray.empty(DataType.FLOAT32, (long) m * n)) {
                            for (int rep = 0; rep < 5; rep++) {
                                NativeGemm.sgemm(2, false, false, m, n, k, 1f, a.addr(), k,
                                        b.addr(), n, 0f, c.address(), n);
                            }
                            return c.toFloatArray();
                        }
                    }));
                }
                for (Future<float[]> f : results) {
                    assertArrayEquals(expected, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
