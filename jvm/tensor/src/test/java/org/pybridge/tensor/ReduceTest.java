package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.ReduceKernels;

@ExtendWith(LeakCheck.class)
class ReduceTest {
    private static final int[][] AXES = {
        null, {0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}, {-1, 0}};

    /**
     * The reference: every output gathers its inputs by index, then applies the op (integer
     * products wrap in long like numpy's int64).
     */
    static double[][] reference(double[] vals, long[] shape, int[] axes, int ddof,
            boolean integral) {
        boolean[] reduced = new boolean[shape.length];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduced, true);
        } else {
            for (int a : axes) {
                reduced[a < 0 ? a + shape.length : a] = true;
            }
        }
        // owner[f]: the output that input f (C order) belongs to
        int[] owner = new int[vals.length];
        int outputs = 1;
        for (int d = 0; d < shape.length; d++) {
            outputs *= reduced[d] ? 1 : (int) shape[d];
        }
        int[] count = new int[outputs];
        long[] idx = new long[shape.length];
        for (int f = 0; f < vals.length; f++) {
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                o = reduced[d] ? o : o * (int) shape[d] + (int) idx[d];
            }
            owner[f] = o;
            count[o]++;
            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) {
                idx[d] = 0;
            }
        }
        double[][] groups = new double[outputs][];
        for (int o = 0; o < outputs; o++) {
            groups[o] = new double[count[o]];
        }
        int[] fill = new int[outputs];
        for (int f = 0; f < vals.length; f++) {
            groups[owner[f]][fill[owner[f]]++] = vals[f];
        }
        double[][] out = new double[ReduceOp.values().length][outputs];
        for (int o = 0; o < outputs; o++) {
            double[] all = apply(groups[o], ddof, integral);
            for (ReduceOp op : ReduceOp.values()) {
                out[op.ordinal()][o] = all[op.ordinal()];
            }
        }
        return out;
    }

    /** Every op's result for one group, indexed by ReduceOp ordinal. */
    private static double[] apply(double[] v, int ddof, boolean integral) {
        int n = v.length;
        double sum = 0;
        double prod = 1;
        double abs = 0;
        double sq = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        boolean any = false;
        boolean all = true;
        boolean nan = false;
        for (double x : v) {
            sum += x;
            prod *= x;
            abs += Math.abs(x);
            sq += x * x;
            max = Math.max(max, x);
            min = Math.min(min, x);
            any |= x != 0;
            all &= x != 0;
            nan |= Double.isNaN(x);
        }
        double mean = sum / n;
        double dev = 0;
        for (double x : v) {
            dev += (x - mean) * (x - mean);
        }
        long longProd = 1;
        for (double x : v) {
            longProd *= (long) x;
        }
        double[] r = new double[ReduceOp.values().length];
        r[ReduceOp.SUM.ordinal()] = sum;
        r[ReduceOp.PROD.ordinal()] = integral ? longProd : prod;
        r[ReduceOp.MEAN.ordinal()] = mean;
        r[ReduceOp.VAR.ordinal()] = dev / Math.max(n - ddof, 0);
        r[ReduceOp.STD.ordinal()] = Math.sqrt(dev / Math.max(n - ddof, 0));
        r[ReduceOp.MAX.ordinal()] = nan ? Double.NaN : max;
        r[ReduceOp.MIN.ordinal()] = nan ? Double.NaN : min;
        r[ReduceOp.NORM1.ordinal()] = abs;
        r[ReduceOp.NORM2.ordinal()] = Math.sqrt(sq);
        r[ReduceOp.ANY.ordinal()] = any ? 1 : 0;
        r[ReduceOp.ALL.ordinal()] = all ? 1 : 0;
        return r;
    }

    /** The same logical (3, 4, 5) data in several memory layouts. */
    private static Map<String, NDArray> layouts(Random r, DataType t) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("contiguous", TestArrays.random(r, t, 3, 4, 5));
        m.put("transposed", TestArrays.random(r, t, 5, 4, 3).permute(2, 1, 0));
        try (NDArray a = TestArrays.random(r, t, 3, 4, 5);
             NDArray b = a.slice(2, Long.MIN_VALUE, Long.MIN_VALUE, -1)) {
            m.put("reversed", b.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -1));
        }
        try (NDArray a = TestArrays.random(r, t, 3, 8, 5)) {
            m.put("strided", a.slice(1, 0, Long.MIN_VALUE, 2));
        }
        try (NDArray a = TestArrays.random(r, t, 1, 4, 5)) {
            m.put("broadcast", a.broadcastTo(3, 4, 5));
        }
        return m;
    }

    private static void check(ReduceOp op, NDArray x, int[] axes, boolean keepDims, int ddof,
            String what) {
        check(op, x, axes, keepDims, ddof, 1.0, what);
    }

    /** @param tolScale widens the tolerance where the naive reference itself loses digits */
    private static void check(ReduceOp op, NDArray x, int[] axes, boolean keepDims, int ddof,
            double tolScale, String what) {
        double[] expected = reference(x.toDoubleArray(), x.shape(), axes, ddof,
                x.dtype().isIntegral())[op.ordinal()];
        check(op, x, axes, keepDims, ddof, tolScale, expected, what);
    }

    private static void check(ReduceOp op, NDArray x, int[] axes, boolean keepDims, int ddof,
            double tolScale, double[] expected, String what) {
        try (NDArray got = x.reduce(op, axes, keepDims, ddof)) {
            DataType rt = ReduceKernels.resultType(op, x.dtype());
            assertEquals(rt, got.dtype(), what);
            assertArrayEquals(expectedShape(x.shape(), axes, keepDims), got.shape(), what);
            double[] g = got.toDoubleArray();
            double tol = TestArrays.tolerance(rt) * tolScale;
            for (int i = 0; i < g.length; i++) {
                double e = expected[i];
                if (rt == DataType.BOOL) {
                    e = e != 0 ? 1 : 0;
                } else if (rt.isFloatingPoint() && rt != DataType.FLOAT64) {
                    e = rt == DataType.FLOAT32 ? (float) e : e;
                }
                assertTrue(TestArrays.close(e, g[i], tol), what + " output " + i + ": expected "
                        + e + " got " + g[i]);
            }
        }
    }

    private static long[] expectedShape(long[] shape, int[] axes, boolean keepDims) {
        boolean[] red = new boolean[shape.length];
        if (axes == null || axes.length == 0) {
            Arrays.fill(red, true);
        } else {
            for (int a : axes) {
                red[a < 0 ? a + shape.length : a] = true;
            }
        }
        List<Long> s = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (!red[d]) {
                s.add(shape[d]);
            } else if (keepDims) {
                s.add(1L);
            }
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void everyOpDtypeLayoutAndAxisSetMatchesTheReference() {
        Random r = new Random(7);
        for (DataType t : DataType.values()) {
            TestArrays.inScope(() -> {
                for (Map.Entry<String, NDArray> e : layouts(r, t).entrySet()) {
                    for (ReduceOp op : ReduceOp.values()) {
                        for (int[] axes : AXES) {
                            for (boolean keep : new boolean[] {false, true}) {
                                int ddof = op == ReduceOp.VAR || op == ReduceOp.STD ? 1 : 0;
                                check(op, e.getValue(), axes, keep, ddof, op + " " + t + " "
                                        + e.getKey() + " axes " + Arrays.toString(axes)
                                        + " keepDims " + keep);
                            }
                        }
                    }
                }
            });
        }
    }

    @Test
    void resultTypesFollowNumpy2() {
        assertEquals(DataType.INT64, ReduceKernels.resultType(ReduceOp.SUM, DataType.INT32));
        assertEquals(DataType.INT64, ReduceKernels.resultType(ReduceOp.SUM, DataType.BOOL));
        assertEquals(DataType.INT64, ReduceKernels.resultType(ReduceOp.PROD, DataType.INT8));
        assertEquals(DataType.FLOAT32, ReduceKernels.resultType(ReduceOp.SUM, DataType.FLOAT32));
        assertEquals(DataType.FLOAT16, ReduceKernels.resultType(ReduceOp.MEAN, DataType.FLOAT16));
        assertEquals(DataType.FLOAT64, ReduceKernels.resultType(ReduceOp.MEAN, DataType.INT32));
        assertEquals(DataType.FLOAT64, ReduceKernels.resultType(ReduceOp.STD, DataType.BOOL));
        assertEquals(DataType.INT16, ReduceKernels.resultType(ReduceOp.MAX, DataType.INT16));
        assertEquals(DataType.BOOL, ReduceKernels.resultType(ReduceOp.ANY, DataType.FLOAT32));
        assertEquals(DataType.FLOAT64, ReduceKernels.resultType(ReduceOp.NORM2, DataType.INT64));
    }

    @Test
    void largeInputsTakeTheParallelRowAndColumnPaths() {
        Random r = new Random(11);
        // Each case is past the parallel threshold and picks one path: many row outputs, few
        // row outputs (split across threads), many column blocks, few column blocks (split),
        // and the generic strided walk.
        Object[][] cases = {
            {DataType.FLOAT32, new long[] {600, 500}, null},
            {DataType.FLOAT32, new long[] {600, 500}, new int[] {0}},
            {DataType.FLOAT32, new long[] {600, 500}, new int[] {1}},
            {DataType.FLOAT64, new long[] {40_000, 8}, new int[] {0}},
            {DataType.INT32, new long[] {2, 150_000}, new int[] {1}},
            {DataType.INT32, new long[] {8, 40_000}, new int[] {0}},
            {DataType.FLOAT64, new long[] {30_000, 3, 4}, new int[] {1}},
        };
        for (Object[] c : cases) {
            DataType t = (DataType) c[0];
            long[] shape = (long[]) c[1];
            int[] ax = (int[]) c[2];
            TestArrays.inScope(() -> {
                NDArray x = TestArrays.random(r, t, shape);
                double[][] ref = reference(x.toDoubleArray(), shape, ax, 0, t.isIntegral());
                for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.VAR}) {
                    check(op, x, ax, false, 0, 100.0, ref[op.ordinal()], op + " " + t + " "
                            + Arrays.toString(shape) + " axes " + Arrays.toString(ax));
                }
            });
        }
    }

    @Test
    void emptyReductionsGiveIdentitiesOrAClearError() {
        TestArrays.inScope(() -> {
            NDArray e = NDArray.zeros(DataType.FLOAT32, 0, 3);
            assertArrayEquals(new double[] {0, 0, 0}, e.sum(0).toDoubleArray());
            assertArrayEquals(new double[] {1, 1, 1},
                    e.reduce(ReduceOp.PROD, new int[] {0}, false).toDoubleArray());
            assertTrue(Double.isNaN(e.mean().item()));
            assertTrue(Double.isNaN(e.reduce(ReduceOp.VAR, null, false).item()));
            assertEquals(0.0, e.reduce(ReduceOp.ANY, null, false).item());
            assertEquals(1.0, e.reduce(ReduceOp.ALL, null, false).item());
            assertArrayEquals(new long[] {0}, e.max(1).shape());
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> e.max(0));
            assertTrue(ex.getMessage().contains("zero-size array to reduction operation max"),
                    ex.getMessage());
            assertTrue(ex.getMessage().contains("(0, 3)"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, e::min);
            NDArray ei = NDArray.zeros(DataType.INT32, 0);
            assertEquals(DataType.INT64, ei.sum().dtype());
            assertEquals(0.0, ei.sum().item());
        });
    }

    @Test
    void zeroDimInputsReduceToThemselves() {
        TestArrays.inScope(() -> {
            NDArray s = NDArray.scalar(2.5, DataType.FLOAT32);
            NDArray sum = s.sum();
            assertEquals(0, sum.ndim());
            assertEquals(2.5, sum.item());
            assertEquals(0, s.reduce(ReduceOp.MEAN, null, true).ndim());
            assertEquals(0.0, s.reduce(ReduceOp.VAR, null, false).item());
            assertThrows(ShapeException.class, () -> s.sum(0));
        });
    }

    @Test
    void nanPropagatesThroughMaxMinAndSums() {
        TestArrays.inScope(() -> {
            NDArray x = NDArray.create(new float[] {1, Float.NaN, -3, 4, 5, 6}, 2, 3);
            assertTrue(Double.isNaN(x.max().item()));
            double[] colMax = x.max(0).toDoubleArray();
            assertEquals(4.0, colMax[0]);
            assertTrue(Double.isNaN(colMax[1]));
            assertEquals(6.0, colMax[2]);
            double[] rowMin = x.min(1).toDoubleArray();
            assertTrue(Double.isNaN(rowMin[0]));
            assertEquals(4.0, rowMin[1]);
            assertTrue(Double.isNaN(x.sum().item()));
            assertEquals(1.0, x.reduce(ReduceOp.ANY, new int[] {1}, false).getDouble(0));
            NDArray big = NDArray.zeros(DataType.FLOAT64, 1000, 64);
            big.setDouble(Double.NaN, 999, 63);
            double[] m = big.max(0).toDoubleArray();
            assertTrue(Double.isNaN(m[63]));
            assertEquals(0.0, m[62]);
        });
    }

    @Test
    void duplicateOrBadAxesAreRejected() {
        try (NDArray x = NDArray.zeros(DataType.FLOAT32, 2, 3)) {
            assertThrows(ShapeException.class, () -> x.sum(0, -2));
            assertThrows(ShapeException.class, () -> x.sum(2));
        }
    }

    @Test
    void float32SumsAreAccurate() {
        int n = 10_000_000;
        try (NDArray x = NDArray.full(DataType.FLOAT32, 0.1, n);
             NDArray s = x.sum();
             NDArray m = x.mean()) {
            double exact = (double) 0.1f * n;
            assertEquals((float) exact, (float) s.item(), 0.0);
            assertEquals(0.1f, (float) m.item(), 0.0);
        }
        Random r = new Random(3);
        float[] positive = new float[3_000_001];
        double exact = 0;
        for (int i = 0; i < positive.length; i++) {
            positive[i] = r.nextFloat();
            exact += positive[i];
        }
        try (NDArray x = NDArray.create(positive);
             NDArray s = x.sum()) {
            float want = (float) exact;
            assertEquals(want, (float) s.item(), Math.ulp(want), "within one float ulp");
        }
        try (NDArray x = TestArrays.random(r, DataType.FLOAT64, 1_000_003);
             NDArray s = x.sum()) {
            double[] v = x.toDoubleArray();
            double kahan = 0;
            double comp = 0;
            for (double d : v) {
                double y = d - comp;
                double t = kahan + y;
                comp = (t - kahan) - y;
                kahan = t;
            }
            assertEquals(kahan, s.item(), 1e-9);
        }
    }

    @Test
    void integerSumsAndProductsWrapInInt64() {
        try (NDArray x = NDArray.create(new long[] {Long.MAX_VALUE, 1});
             NDArray s = x.sum();
             NDArray y = NDArray.create(new int[] {1 << 30, 1 << 30, 4});
             NDArray p = y.reduce(ReduceOp.PROD, null, false);
             NDArray u = NDArray.full(DataType.UINT8, 200, 3);
             NDArray us = u.sum();
             NDArray um = u.max()) {
            assertEquals(Long.MIN_VALUE, s.getLong());
            assertEquals(DataType.INT64, p.dtype());
            assertEquals(1L << 62, p.getLong());
            assertEquals(600, us.getLong());
            assertEquals(DataType.UINT8, um.dtype());
            assertEquals(200, um.getLong());
        }
    }

    @Test
    void softmaxRowsInPlaceGivesTheValuesOfSoftmax() {
        Random r = new Random(4);
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (int[] shape : new int[][] {{1, 10}, {3, 1}, {7, 33}, {4096, 5}}) {
                double[] v = new double[shape[0] * shape[1]];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 30 * r.nextGaussian();
                }
                v[0] = Double.NEGATIVE_INFINITY;
                try (NDArray d = NDArray.create(v, shape[0], shape[1]); NDArray a = d.cast(t);
                     NDArray want = a.softmax(1)) {
                    ReduceKernels.softmaxRowsInPlace(a);
                    assertArrayEquals(want.toDoubleArray(), a.toDoubleArray(),
                            t + " " + Arrays.toString(shape));
                }
            }
        }
        try (NDArray m = NDArray.create(new double[] {1, 2, 3, 4}, 2, 2);
             NDArray col = m.transpose(); NDArray ints = m.cast(DataType.INT32)) {
            assertThrows(IllegalArgumentException.class,
                    () -> ReduceKernels.softmaxRowsInPlace(col));
            assertThrows(IllegalArgumentException.class,
                    () -> ReduceKernels.softmaxRowsInPlace(ints));
        }
    }
}
