package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
// Scopes below are opened for the tensors they close, never referenced by name.
@SuppressWarnings("try")
class SortOpsTest {
    private static final DataType[] TYPES = {DataType.FLOAT32, DataType.FLOAT64, DataType.INT32,
        DataType.INT64, DataType.INT8, DataType.UINT8, DataType.FLOAT16, DataType.BOOL};

    /** numpy's stable argsort order (NaN last, -0.0 == 0.0), reversed for ties-stable descent. */
    private static Integer[] referenceOrder(double[] lane, boolean descending) {
        Integer[] order = new Integer[lane.length];
        for (int i = 0; i < lane.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byValue = (x, y) -> {
            double a = lane[x];
            double b = lane[y];
            boolean na = Double.isNaN(a);
            boolean nb = Double.isNaN(b);
            if (na || nb) {
                return Boolean.compare(na, nb);
            }
            return descending ? Double.compare(b + 0.0, a + 0.0) : Double.compare(a + 0.0, b + 0.0);
        };
        java.util.Arrays.sort(order, byValue);
        return order;
    }

    /** Lanes of {@code a} along {@code ax}: for each outer index, the lane values and indices. */
    private static List<long[][]> lanes(long[] shape, int ax) {
        long[] outer = shape.clone();
        outer[ax] = 1;
        List<long[][]> out = new ArrayList<>();
        TestArrays.forEachIndex(outer, idx -> {
            long[][] lane = new long[(int) shape[ax]][];
            for (int i = 0; i < shape[ax]; i++) {
                lane[i] = TestArrays.with(idx, ax, i);
            }
            out.add(lane);
        });
        return out;
    }

    @Test
    void argsortAndSortMatchStableReference() {
        for (DataType t : TYPES) {
            for (int axis : new int[] {0, 1, 2, -1, -2}) {
                for (boolean desc : new boolean[] {false, true}) {
                    try (Scope s = Scope.open()) {
                        NDArray a = t.isFloatingPoint()
                                ? TestArrays.randomReals(t, axis * 7 + 3, 4, 5, 6)
                                : TestArrays.randomInts(t, axis * 7 + 3, t == DataType.BOOL ? 2
                                        : 5, 4, 5, 6);
                        if (t.isFloatingPoint()) {
                            a.setDouble(Double.NaN, 1, 2, 3);
                            a.setDouble(Double.NaN, 0, 0, 0);
                        }
                        NDArray in = TestArrays.nonContiguous(a);
                        NDArray order = NDArrays.argsort(in, axis, desc);
                        NDArray sorted = NDArrays.sort(in, axis, desc);
                        assertEquals(DataType.INT64, order.dtype());
                        assertEquals(t, sorted.dtype());
                        int ax = axis < 0 ? axis + 3 : axis;
                        for (long[][] lane : lanes(in.shape(), ax)) {
                            double[] vals = new double[lane.length];
                            for (int i = 0; i < lane.length; i++) {
                                vals[i] = in.getDouble(lane[i]);
                            }
                            Integer[] expect = referenceOrder(vals, desc);
                            for (int i = 0; i < lane.length; i++) {
                                String where = t + " axis " + axis + " desc " + desc;
                                assertEquals((long) expect[i], order.getLong(lane[i]), where);
                                // Compare with +0.0 so that -0.0 and 0.0 count as equal.
                                assertEquals(vals[expect[i]] + 0.0,
                                        sorted.getDouble(lane[i]) + 0.0, where);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void longLanesTakeTheRadixPathAndMatchTheReference() {
        for (DataType t : TYPES) {
            for (boolean desc : new boolean[] {false, true}) {
                try (Scope s = Scope.open()) {
                    // 3 x 300: lanes along axis 1 are long enough for the radix sort; ties
                    // come from the small value range, NaN and -0.0 from randomReals.
                    NDArray a = t.isFloatingPoint()
                            ? TestArrays.randomReals(t, desc ? 1 : 2, 3, 300)
                            : TestArrays.randomInts(t, desc ? 1 : 2, t == DataType.BOOL ? 2 : 40,
                                    3, 300);
                    if (t.isFloatingPoint()) {
                        a.setDouble(Double.NaN, 1, 17);
                        a.setDouble(Double.NEGATIVE_INFINITY, 2, 3);
                        a.setDouble(Double.POSITIVE_INFINITY, 2, 4);
                    } else if (t != DataType.BOOL && t != DataType.UINT8) {
                        a.setDouble(-100, 0, 5);
                    }
                    NDArray order = NDArrays.argsort(a, 1, desc);
                    NDArray sorted = NDArrays.sort(a, -1, desc);
                    for (long[][] lane : lanes(a.shape(), 1)) {
                        double[] vals = new double[lane.length];
                        for (int i = 0; i < lane.length; i++) {
                            vals[i] = a.getDouble(lane[i]);
                        }
                        Integer[] expect = referenceOrder(vals, desc);
                        for (int i = 0; i < lane.length; i++) {
                            assertEquals((long) expect[i], order.getLong(lane[i]), t + " " + desc);
                            assertEquals(vals[expect[i]] + 0.0, sorted.getDouble(lane[i]) + 0.0);
                        }
                    }
                }
            }
        }
    }

    @Test
    void argsortIsStableForTiesInBothDirections() {
        try (NDArray a = NDArray.create(new double[] {1, Double.NaN, -0.0, 0.0, 1, Double.NaN});
             NDArray up = NDArrays.argsort(a, 0, false);
             NDArray down = NDArrays.argsort(a, 0, true);
             NDArray l = NDArray.create(new long[] {5, Long.MIN_VALUE, 5, Long.MAX_VALUE, 5});
             NDArray lu = NDArrays.argsort(l, 0, false);
             NDArray ld = NDArrays.argsort(l, 0, true);
             NDArray sorted = NDArrays.sort(l, -1, true)) {
            // numpy: np.argsort([1, nan, -0., 0., 1, nan], stable=True) == [2, 3, 0, 4, 1, 5]
            assertArrayEquals(new long[] {2, 3, 0, 4, 1, 5}, up.toLongArray());
            assertArrayEquals(new long[] {0, 4, 2, 3, 1, 5}, down.toLongArray());
            assertArrayEquals(new long[] {1, 0, 2, 4, 3}, lu.toLongArray());
            assertArrayEquals(new long[] {3, 0, 2, 4, 1}, ld.toLongArray());
            assertArrayEquals(new long[] {Long.MAX_VALUE, 5, 5, 5, Long.MIN_VALUE},
                    sorted.toLongArray());
        }
    }

    @Test
    void sortPutsNanLastInBothOrders() {
        try (NDArray a = NDArray.create(new float[] {3, Float.NaN, -1, Float.NEGATIVE_INFINITY,
                    2});
             NDArray up = NDArrays.sort(a, 0, false);
             NDArray down = NDArrays.sort(a, 0, true)) {
            assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, -1, 2, 3, Float.NaN},
                    up.toFloatArray());
            assertArrayEquals(new float[] {3, 2, -1, Float.NEGATIVE_INFINITY, Float.NaN},
                    down.toFloatArray());
        }
    }

    @Test
    void largeSortsRunInParallelAndStayCorrect() {
        try (Scope s = Scope.open()) {
            NDArray a = TestArrays.randomInts(DataType.FLOAT64, 11, 1000, 400, 1000);
            NDArray t = a.transpose();
            NDArray order = NDArrays.argsort(t, 0, false);
            NDArray sorted = NDArrays.sort(a, 1, false);
            double[][] rows = a.toDoubleMatrix();
            double[][] got = sorted.toDoubleMatrix();
            long[] idx = order.toLongArray();
            for (int r = 0; r < 400; r++) {
                double[] expect = rows[r].clone();
                java.util.Arrays.sort(expect);
                assertArrayEquals(expect, got[r], 0.0);
                for (int i = 1; i < 1000; i++) {
                    long p = idx[(i - 1) * 400 + r];
                    long q = idx[i * 400 + r];
                    assertTrue(rows[r][(int) p] < rows[r][(int) q]
                            || (rows[r][(int) p] == rows[r][(int) q] && p < q));
                }
            }
        }
    }

    @Test
    void sortHandlesEmptyAndRejectsScalars() {
        try (NDArray e = NDArray.empty(DataType.FLOAT32, 3, 0);
             NDArray se = NDArrays.sort(e, 1, false);
             NDArray ae = NDArrays.argsort(e, 0, true);
             NDArray z = NDArray.scalar(1, DataType.FLOAT32)) {
            assertArrayEquals(new long[] {3, 0}, se.shape());
            assertArrayEquals(new long[] {3, 0}, ae.shape());
            ShapeException ex = assertThrows(ShapeException.class,
                    () -> NDArrays.sort(z, 0, false));
            assertTrue(ex.getMessage().contains("0-d"), ex.getMessage());
            assertThrows(ShapeException.class, () -> NDArrays.argsort(e, 2, false));
        }
    }

    @Test
    void topkMatchesReference() {
        for (DataType t : TYPES) {
            for (int axis : new int[] {0, -1}) {
                for (boolean largest : new boolean[] {true, false}) {
                    for (int k : new int[] {0, 1, 3, 6}) {
                        try (Scope s = Scope.open()) {
                            NDArray a = TestArrays.nonContiguous(t.isFloatingPoint()
                                    ? TestArrays.randomReals(t, k + 17, 6, 6)
                                    : TestArrays.randomInts(t, k + 17, 2, 6, 6));
                            NDArray[] top = NDArrays.topk(a, k, axis, largest);
                            int ax = axis < 0 ? axis + 2 : axis;
                            assertEquals(k, top[0].shape(ax));
                            assertEquals(DataType.INT64, top[1].dtype());
                            for (long[][] lane : lanes(a.shape(), ax)) {
                                double[] vals = new double[lane.length];
                                for (int i = 0; i < lane.length; i++) {
                                    vals[i] = a.getDouble(lane[i]);
                                }
                                Integer[] expect = referenceOrder(vals, largest);
                                for (int i = 0; i < k; i++) {
                                    assertEquals((long) expect[i], top[1].getLong(lane[i]));
                                    assertEquals(vals[expect[i]], top[0].getDouble(lane[i]));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void topkBreaksTiesByLowerIndexAndValidatesK() {
        try (NDArray a = NDArray.create(new float[] {1, 5, 3, 5, Float.NaN, 1});
             NDArray z = NDArray.scalar(1, DataType.FLOAT32)) {
            NDArray[] top = NDArrays.topk(a, 3, 0, true);
            try (NDArray v = top[0]; NDArray i = top[1]) {
                assertArrayEquals(new float[] {5, 5, 3}, v.toFloatArray());
                assertArrayEquals(new long[] {1, 3, 2}, i.toLongArray());
            }
            top = NDArrays.topk(a, 6, 0, false);
            try (NDArray v = top[0]; NDArray i = top[1]) {
                assertArrayEquals(new float[] {1, 1, 3, 5, 5, Float.NaN}, v.toFloatArray());
                assertArrayEquals(new long[] {0, 5, 2, 1, 3, 4}, i.toLongArray());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NDArrays.topk(a, 7, 0, true));
            assertTrue(e.getMessage().contains("k=7") && e.getMessage().contains("6 elements"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> NDArrays.topk(a, -1, 0, true));
            assertThrows(ShapeException.class, () -> NDArrays.topk(z, 1, 0, true));
        }
    }
}
