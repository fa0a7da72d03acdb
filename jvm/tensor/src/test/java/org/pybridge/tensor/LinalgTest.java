package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.LinalgKernels;
import org.pybridge.tensor.internal.Shapes;

@ExtendWith(LeakCheck.class)
class LinalgTest {

    /**
     * The reference: numpy matmul by definition, with 1-d promotion and batch broadcasting,
     * accumulated in double (floats) or wrapping long (integers), read element by element.
     */
    static double[] naiveMatmul(NDArray a, NDArray b, long[] outShape, boolean integral) {
        long[] as = a.ndim() == 1 ? new long[] {1, a.shape(0)} : a.shape();
        long[] bs = b.ndim() == 1 ? new long[] {b.shape(0), 1} : b.shape();
        long m = as[as.length - 2];
        long k = as[as.length - 1];
        long n = bs[bs.length - 1];
        long[] batch = Shapes.broadcast(Arrays.copyOf(as, as.length - 2),
                Arrays.copyOf(bs, bs.length - 2));
        long count = Shapes.size(batch);
        double[] out = new double[(int) (count * m * n)];
        try (NDArray a2 = a.ndim() == 1 ? a.reshape(as) : a.share();
             NDArray b2 = b.ndim() == 1 ? b.reshape(bs) : b.share()) {
            for (long p = 0; p < count; p++) {
                long[] bi = TestArrays.unflat(p, batch);
                for (long i = 0; i < m; i++) {
                    for (long j = 0; j < n; j++) {
                        double acc = 0;
                        long lacc = 0;
                        for (long kk = 0; kk < k; kk++) {
                            long[] ia = index(bi, as, i, kk);
                            long[] ib = index(bi, bs, kk, j);
                            if (integral) {
                                lacc += a2.getLong(ia) * b2.getLong(ib);
                            } else {
                                acc += a2.getDouble(ia) * b2.getDouble(ib);
                            }
                        }
                        out[(int) ((p * m + i) * n + j)] = integral ? lacc : acc;
                    }
                }
            }
        }
        assertEquals(out.length, Shapes.size(outShape));
        return out;
    }

    /** Index into an operand of shape {@code s} for batch index {@code bi} (broadcast). */
    private static long[] index(long[] bi, long[] s, long r, long c) {
        long[] idx = new long[s.length];
        int off = bi.length - (s.length - 2);
        for (int d = 0; d < s.length - 2; d++) {
            idx[d] = s[d] == 1 ? 0 : bi[d + off];
        }
        idx[s.length - 2] = r;
        idx[s.length - 1] = c;
        return idx;
    }

    private static void checkMatmul(NDArray a, NDArray b, long[] expectedShape, String what) {
        DataType t = DataType.promote(a.dtype(), b.dtype());
        try (NDArray c = a.matmul(b)) {
            assertEquals(t, c.dtype(), what);
            assertArrayEquals(expectedShape, c.shape(), what);
            double[] want = naiveMatmul(a, b, expectedShape, t.isIntegral());
            double[] got = c.toDoubleArray();
            double tol = t.isIntegral() ? 0 : TestArrays.tolerance(t) * 10;
            for (int i = 0; i < got.length; i++) {
                double w = wrap(want[i], t);
                assertTrue(TestArrays.close(w, got[i], tol), what + " element " + i
                        + ": expected " + w + " got " + got[i]);
            }
        }
    }

    /** A long result converted to an integer result type the way numpy wraps it. */
    private static double wrap(double v, DataType t) {
        switch (t) {
            case BOOL: return v != 0 ? 1 : 0;
            case INT8: return (byte) (long) v;
            case INT16: return (short) (long) v;
            case INT32: return (int) (long) v;
            default: return v;
        }
    }

    @Test
    void matmulMatchesTheReferenceForTypesAndLayouts() {
        Random r = new Random(21);
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64, DataType.INT32,
                DataType.FLOAT16, DataType.BOOL, DataType.INT8}) {
            TestArrays.inScope(() -> {
                NDArray a = TestArrays.random(r, t, 5, 7);
                NDArray b = TestArrays.random(r, t, 7, 3);
                checkMatmul(a, b, new long[] {5, 3}, t + " plain");
                NDArray at = TestArrays.random(r, t, 7, 5).transpose();
                NDArray bt = TestArrays.random(r, t, 3, 7).transpose();
                checkMatmul(at, bt, new long[] {5, 3}, t + " both transposed");
                checkMatmul(a, bt, new long[] {5, 3}, t + " b transposed");
                NDArray big = TestArrays.random(r, t, 10, 16);
                NDArray strided = big.slice(1, 0, 14, 2).slice(0, 0, 5, 1);
                checkMatmul(strided, b, new long[] {5, 3}, t + " strided columns");
                NDArray reversed = b.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -1);
                checkMatmul(a, reversed, new long[] {5, 3}, t + " reversed rows");
                NDArray rowSlice = big.slice(1, 2, 9, 1);
                checkMatmul(rowSlice, b, new long[] {10, 3}, t + " row slice (lda > k)");
                NDArray bcast = TestArrays.random(r, t, 1, 3).broadcastTo(7, 3);
                checkMatmul(a, bcast, new long[] {5, 3}, t + " broadcast rows");
            });
        }
    }

    @Test
    void batchedMatmulBroadcastsBatchAxes() {
        Random r = new Random(22);
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64, DataType.INT64}) {
            TestArrays.inScope(() -> {
                checkMatmul(TestArrays.random(r, t, 2, 1, 3, 4), TestArrays.random(r, t, 5, 4, 2),
                        new long[] {2, 5, 3, 2}, t + " (2,1,3,4)@(5,4,2)");
                checkMatmul(TestArrays.random(r, t, 4, 5, 6), TestArrays.random(r, t, 6, 7),
                        new long[] {4, 5, 7}, t + " stack @ matrix (folded)");
                checkMatmul(TestArrays.random(r, t, 4, 1, 6), TestArrays.random(r, t, 6, 7),
                        new long[] {4, 1, 7}, t + " stack of rows @ matrix (folded)");
                checkMatmul(TestArrays.random(r, t, 6, 5, 4).permute(2, 1, 0),
                        TestArrays.random(r, t, 6, 7), new long[] {4, 5, 7},
                        t + " permuted stack");
                checkMatmul(TestArrays.random(r, t, 5, 6), TestArrays.random(r, t, 3, 6, 2),
                        new long[] {3, 5, 2}, t + " matrix @ stack");
                checkMatmul(TestArrays.random(r, t, 3, 5, 6),
                        TestArrays.random(r, t, 3, 2, 6).permute(0, 2, 1), new long[] {3, 5, 2},
                        t + " stack @ transposed stack");
            });
        }
    }

    @Test
    void manySmallBatchedProductsMatchTheirSlices() {
        Random r = new Random(28);
        TestArrays.inScope(() -> {
            NDArray a = TestArrays.random(r, DataType.FLOAT32, 1024, 16, 12);
            NDArray b = TestArrays.random(r, DataType.FLOAT32, 1024, 16, 12).permute(0, 2, 1);
            NDArray c = a.matmul(b);
            assertArrayEquals(new long[] {1024, 16, 16}, c.shape());
            for (int i = 0; i < 1024; i += 97) {
                float[] want = a.select(0, i).matmul(b.select(0, i)).toFloatArray();
                assertArrayEquals(want, c.select(0, i).toFloatArray(), 1e-5f, "batch " + i);
            }
        });
    }

    @Test
    void oneDimensionalOperandsArePromotedAndDropped() {
        Random r = new Random(23);
        TestArrays.inScope(() -> {
            NDArray v = TestArrays.random(r, DataType.FLOAT32, 4);
            NDArray w = TestArrays.random(r, DataType.FLOAT32, 4);
            NDArray m = TestArrays.random(r, DataType.FLOAT32, 4, 3);
            NDArray mt = TestArrays.random(r, DataType.FLOAT32, 3, 4);
            checkMatmul(v, w, new long[0], "vector @ vector");
            checkMatmul(v, m, new long[] {3}, "vector @ matrix");
            checkMatmul(mt, v, new long[] {3}, "matrix @ vector");
            checkMatmul(TestArrays.random(r, DataType.FLOAT64, 2, 3, 4), v, new long[] {2, 3},
                    "stack @ vector");
            checkMatmul(v, TestArrays.random(r, DataType.FLOAT64, 2, 4, 5), new long[] {2, 5},
                    "vector @ stack");
            NDArray rev = v.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -1);
            checkMatmul(mt, rev, new long[] {3}, "matrix @ reversed vector");
            NDArray every2 = TestArrays.random(r, DataType.FLOAT32, 8).slice(0, 0, Long.MIN_VALUE,
                    2);
            checkMatmul(mt, every2, new long[] {3}, "matrix @ strided vector");
            checkMatmul(every2, m, new long[] {3}, "strided vector @ matrix");
            checkMatmul(every2, mt.transpose(), new long[] {3}, "strided vector @ transposed");
            checkMatmul(mt.transpose().transpose(), every2, new long[] {3}, "view @ vector");
            checkMatmul(m.transpose(), every2, new long[] {3}, "transposed @ strided vector");
            checkMatmul(TestArrays.random(r, DataType.INT32, 4), TestArrays.random(r,
                    DataType.INT32, 4), new long[0], "int vector @ vector");
        });
    }

    @Test
    void mixedTypesPromoteLikeNumpy() {
        Random r = new Random(24);
        TestArrays.inScope(() -> {
            NDArray i = TestArrays.random(r, DataType.INT32, 3, 4);
            NDArray f = TestArrays.random(r, DataType.FLOAT32, 4, 2);
            checkMatmul(i, f, new long[] {3, 2}, "int32 @ float32 -> float64");
            NDArray h = TestArrays.random(r, DataType.FLOAT16, 4, 2);
            checkMatmul(TestArrays.random(r, DataType.FLOAT64, 3, 4), h, new long[] {3, 2},
                    "float64 @ float16");
            NDArray bf = TestArrays.random(r, DataType.BFLOAT16, 3, 4);
            NDArray c = bf.matmul(bf.transpose());
            assertEquals(DataType.BFLOAT16, c.dtype());
        });
    }

    @Test
    void integerMatmulWrapsLikeNumpy() {
        try (NDArray a = NDArray.create(new int[] {1 << 30, 1 << 30}, 1, 2);
             NDArray b = NDArray.create(new int[] {2, 2}, 2, 1);
             NDArray c = a.matmul(b)) {
            assertEquals(DataType.INT32, c.dtype());
            assertEquals(0, c.getLong(0, 0));
        }
    }

    @Test
    void emptyDimensionsGiveZerosOrEmptyResults() {
        TestArrays.inScope(() -> {
            NDArray a = NDArray.ones(DataType.FLOAT32, 3, 0);
            NDArray b = NDArray.ones(DataType.FLOAT32, 0, 2);
            NDArray c = a.matmul(b);
            assertArrayEquals(new long[] {3, 2}, c.shape());
            assertArrayEquals(new float[6], c.toFloatArray());
            NDArray ci = NDArray.ones(DataType.INT32, 3, 0).matmul(NDArray.ones(DataType.INT32,
                    0, 2));
            assertArrayEquals(new long[6], ci.toLongArray());
            NDArray e = NDArray.ones(DataType.FLOAT64, 0, 4).matmul(NDArray.ones(DataType.FLOAT64,
                    4, 5));
            assertArrayEquals(new long[] {0, 5}, e.shape());
            NDArray eb = NDArray.ones(DataType.FLOAT64, 0, 2, 4).matmul(
                    NDArray.ones(DataType.FLOAT64, 4, 5));
            assertArrayEquals(new long[] {0, 2, 5}, eb.shape());
        });
    }

    @Test
    void shapeErrorsReadLikeNumpys() {
        TestArrays.inScope(() -> {
            NDArray a = NDArray.ones(DataType.FLOAT32, 2, 4);
            NDArray b = NDArray.ones(DataType.FLOAT32, 3, 5);
            ShapeException e = assertThrows(ShapeException.class, () -> a.matmul(b));
            assertTrue(e.getMessage().startsWith("matmul: Input operand 1 has a mismatch in its"
                    + " core dimension 0"), e.getMessage());
            assertTrue(e.getMessage().contains("(size 3 is different from 4)"), e.getMessage());
            NDArray s = NDArray.scalar(2, DataType.FLOAT32);
            ShapeException z = assertThrows(ShapeException.class, () -> s.matmul(a));
            assertTrue(z.getMessage().contains("Input operand 0 does not have enough dimensions"),
                    z.getMessage());
            NDArray x = NDArray.ones(DataType.FLOAT32, 2, 2, 3);
            NDArray y = NDArray.ones(DataType.FLOAT32, 3, 3, 5);
            ShapeException bt = assertThrows(ShapeException.class, () -> x.matmul(y));
            assertTrue(bt.getMessage().contains("batch axes"), bt.getMessage());
            ShapeException d = assertThrows(ShapeException.class, () -> a.dot(b));
            assertTrue(d.getMessage().startsWith("shapes (2, 4) and (3, 5) not aligned: 4 (dim 1)"
                    + " != 3 (dim 0)"), d.getMessage());
        });
    }

    @Test
    void transposedOperandsAreNotCopied() {
        Random r = new Random(25);
        try (NDArray a = TestArrays.random(r, DataType.FLOAT32, 300, 200);
             NDArray b = TestArrays.random(r, DataType.FLOAT32, 400, 200);
             NDArray at = a.transpose();
             NDArray bt = b.transpose();
             NDArray att = at.transpose()) {
            long before = Memory.used();
            Memory.resetPeak();
            try (NDArray c = a.matmul(bt); NDArray d = att.matmul(bt)) {
                long outputs = c.size() * 4 + d.size() * 4;
                assertEquals(outputs, Memory.info().peak() - before,
                        "only the outputs may be allocated");
            }
            Memory.resetPeak();
            try (NDArray c = at.matmul(a)) {
                assertEquals(c.size() * 4, Memory.info().peak() - before);
            }
        }
    }

    @Test
    void dotFollowsNumpyForEveryRankCombination() {
        Random r = new Random(26);
        TestArrays.inScope(() -> {
            NDArray v = TestArrays.random(r, DataType.FLOAT64, 4);
            assertEquals(0, v.dot(v).ndim());
            assertEquals(naiveMatmul(v, v, new long[0], false)[0], v.dot(v).item(), 1e-12);
            NDArray a = TestArrays.random(r, DataType.FLOAT64, 2, 3, 4);
            NDArray b = TestArrays.random(r, DataType.FLOAT64, 5, 4, 6);
            NDArray d = a.dot(b);
            assertArrayEquals(new long[] {2, 3, 5, 6}, d.shape());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int q = 0; q < 5; q++) {
                        for (int n = 0; n < 6; n++) {
                            double want = 0;
                            for (int k = 0; k < 4; k++) {
                                want += a.getDouble(i, j, k) * b.getDouble(q, k, n);
                            }
                            assertEquals(want, d.getDouble(i, j, q, n), 1e-12);
                        }
                    }
                }
            }
            NDArray di = TestArrays.random(r, DataType.INT32, 3, 4).dot(
                    TestArrays.random(r, DataType.INT32, 2, 4, 2).permute(0, 1, 2));
            assertArrayEquals(new long[] {3, 2, 2}, di.shape());
            assertEquals(DataType.INT32, di.dtype());
            NDArray s = NDArray.scalar(3, DataType.INT32);
            NDArray sd = s.dot(a);
            assertArrayEquals(a.shape(), sd.shape());
            assertEquals(DataType.FLOAT64, sd.dtype());
            assertEquals(3 * a.getDouble(1, 2, 3), sd.getDouble(1, 2, 3), 1e-12);
            assertEquals(6.0, s.dot(NDArray.scalar(2, DataType.INT64)).item());
            NDArray m = TestArrays.random(r, DataType.FLOAT32, 2, 3, 4);
            NDArray mv = m.dot(TestArrays.random(r, DataType.FLOAT32, 4));
            assertArrayEquals(new long[] {2, 3}, mv.shape());
        });
    }

    @Test
    void outerFlattensBothOperands() {
        TestArrays.inScope(() -> {
            NDArray a = NDArray.create(new float[] {1, 2, 3, 4}, 2, 2);
            NDArray b = NDArray.create(new int[] {5, -1, 2});
            NDArray o = LinalgKernels.outer(a.transpose(), b);
            assertEquals(DataType.FLOAT64, o.dtype());
            assertArrayEquals(new long[] {4, 3}, o.shape());
            assertArrayEquals(new double[] {5, -1, 2, 15, -3, 6, 10, -2, 4, 20, -4, 8},
                    o.toDoubleArray());
            NDArray oi = LinalgKernels.outer(b, b);
            assertEquals(DataType.INT32, oi.dtype());
            assertEquals(25, oi.getLong(0, 0));
            NDArray of = LinalgKernels.outer(a, a);
            assertEquals(DataType.FLOAT32, of.dtype());
            assertEquals(12.0, of.getDouble(2, 3));
        });
    }

    @Test
    void gemmUpdatesInPlaceWithAlphaBetaAndTransposes() {
        Random r = new Random(27);
        // (m, n, k): a general product, and the single-row / single-column ones that use gemv
        int[][] dims = {{4, 5, 6}, {1, 5, 6}, {4, 1, 6}, {1, 1, 6}};
        for (int[] d : dims) {
            for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                for (int flags = 0; flags < 8; flags++) {
                    boolean ta = (flags & 1) != 0;
                    boolean tb = (flags & 2) != 0;
                    boolean cColumnMajor = (flags & 4) != 0;
                    String what = t + " " + Arrays.toString(d) + " ta " + ta + " tb " + tb
                            + " c column-major " + cColumnMajor;
                    TestArrays.inScope(() -> gemmCase(r, t, d[0], d[1], d[2], ta, tb,
                            cColumnMajor, what));
                }
            }
        }
    }

    private static void gemmCase(Random r, DataType t, int m, int n, int k, boolean ta,
            boolean tb, boolean cColumnMajor, String what) {
        NDArray a = ta ? TestArrays.random(r, t, k, m) : TestArrays.random(r, t, m, k);
        NDArray b = tb ? TestArrays.random(r, t, n, k) : TestArrays.random(r, t, k, n);
        NDArray c = cColumnMajor ? TestArrays.random(r, t, n, m).transpose()
                : TestArrays.random(r, t, m, n);
        double[] c0 = c.toDoubleArray();
        NDArray opA = ta ? a.transpose() : a.share();
        NDArray opB = tb ? b.transpose() : b.share();
        double[] ab = naiveMatmul(opA, opB, new long[] {m, n}, false);
        LinalgKernels.gemm(ta, tb, 0.5, a, b, -2.0, c);
        double[] got = c.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            assertEquals(0.5 * ab[i] - 2.0 * c0[i], got[i],
                    10 * TestArrays.tolerance(t) * Math.max(1, Math.abs(got[i])), what);
        }
    }

    @Test
    void gemmHandlesAliasingStridedOutputsAndEmptyInnerDimension() {
        TestArrays.inScope(() -> {
            NDArray a = NDArray.create(new double[][] {{1, 2}, {3, 4}});
            LinalgKernels.gemm(false, false, 1.0, a, a, 1.0, a);
            assertArrayEquals(new double[] {8, 12, 18, 26}, a.toDoubleArray());
            NDArray base = NDArray.zeros(DataType.FLOAT64, 2, 4);
            NDArray every2 = base.slice(1, 0, Long.MIN_VALUE, 2);
            NDArray id = NDArray.create(new double[][] {{1, 0}, {0, 1}});
            LinalgKernels.gemm(false, false, 1.0, id, id, 0.0, every2);
            assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 1, 0}, base.toDoubleArray());
            NDArray k0a = NDArray.zeros(DataType.FLOAT32, 2, 0);
            NDArray k0b = NDArray.zeros(DataType.FLOAT32, 0, 3);
            NDArray c = NDArray.full(DataType.FLOAT32, 4, 2, 3);
            LinalgKernels.gemm(false, false, 1.0, k0a, k0b, 0.5, c);
            assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, c.toFloatArray());
            NDArray nan = NDArray.full(DataType.FLOAT32, Float.NaN, 2, 2);
            NDArray f = NDArray.create(new float[][] {{1, 2}, {3, 4}});
            LinalgKernels.gemm(false, false, 1.0, f, f, 0.0, nan);
            assertArrayEquals(new float[] {7, 10, 15, 22}, nan.toFloatArray());
        });
    }

    @Test
    void gemmRejectsWrongTypesShapesAndReadOnlyOutputs() {
        TestArrays.inScope(() -> {
            NDArray f = NDArray.zeros(DataType.FLOAT32, 2, 2);
            NDArray d = NDArray.zeros(DataType.FLOAT64, 2, 2);
            assertThrows(DataTypeException.class,
                    () -> LinalgKernels.gemm(false, false, 1, f, d, 0, d));
            NDArray c = NDArray.zeros(DataType.FLOAT32, 3, 2);
            assertThrows(ShapeException.class,
                    () -> LinalgKernels.gemm(false, false, 1, f, f, 0, c));
            NDArray ro = NDArray.wrap(f.address(), DataType.FLOAT32, new long[] {2, 2},
                    new long[] {8, 4}, true, null);
            assertThrows(ReadOnlyTensorException.class,
                    () -> LinalgKernels.gemm(false, false, 1, f, f, 0, ro));
        });
    }

    @Test
    void blasThreadCountCanBeChanged() {
        int before = LinalgKernels.blasThreads();
        try {
            LinalgKernels.setBlasThreads(1);
            assertEquals(1, LinalgKernels.blasThreads());
        } finally {
            LinalgKernels.setBlasThreads(Math.max(1, before));
        }
        assertThrows(IllegalArgumentException.class, () -> LinalgKernels.setBlasThreads(0));
    }
}
