package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
// Scopes below are opened for the tensors they close, never referenced by name.
@SuppressWarnings("try")
class ShapeOpsTest {

    @Test
    void concatMatchesReferenceOnEveryAxis() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.INT64, DataType.FLOAT16}) {
            for (int axis = -3; axis < 3; axis++) {
                try (Scope s = Scope.open()) {
                    int ax = axis < 0 ? axis + 3 : axis;
                    long[] s0 = {2, 3, 4};
                    long[] s1 = s0.clone();
                    s1[ax] = 1;
                    long[] s2 = s0.clone();
                    s2[ax] = 5;
                    NDArray a = TestArrays.randomInts(t, 1, 50, s0);
                    NDArray b = TestArrays.nonContiguous(TestArrays.randomInts(t, 2, 50, s1));
                    NDArray c = TestArrays.randomInts(t, 3, 50, s2);
                    NDArray out = NDArrays.concat(axis, a, b, c);
                    assertEquals(t, out.dtype());
                    long[] expectShape = s0.clone();
                    long n0 = s0[ax];
                    expectShape[ax] = n0 + 6;
                    assertArrayEquals(expectShape, out.shape());
                    TestArrays.forEachIndex(out.shape(), idx -> {
                        long p = idx[ax];
                        NDArray src = p < n0 ? a : p < n0 + 1 ? b : c;
                        long q = p < n0 ? p : p < n0 + 1 ? p - n0 : p - n0 - 1;
                        assertEquals(src.getDouble(TestArrays.with(idx, ax, q)),
                                out.getDouble(idx));
                    });
                }
            }
        }
    }

    @Test
    void concatPromotesAndSkipsEmptyPieces() {
        try (NDArray a = NDArray.create(new int[] {1, 2});
             NDArray e = NDArray.empty(DataType.FLOAT32, 0);
             NDArray b = NDArray.create(new float[] {0.5f});
             NDArray out = NDArrays.concat(0, a, e, b)) {
            assertEquals(DataType.FLOAT64, out.dtype());
            assertArrayEquals(new double[] {1, 2, 0.5}, out.toDoubleArray());
        }
    }

    @Test
    void concatErrorsNameArrayAndShapes() {
        try (NDArray a = NDArray.zeros(DataType.FLOAT32, 2, 3);
             NDArray b = NDArray.zeros(DataType.FLOAT32, 2, 4);
             NDArray c = NDArray.zeros(DataType.FLOAT32, 2);
             NDArray z = NDArray.scalar(1, DataType.FLOAT32)) {
            ShapeException e = assertThrows(ShapeException.class, () -> NDArrays.concat(0, a, b));
            assertTrue(e.getMessage().contains("array 1"), e.getMessage());
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(2, 4)"));
            e = assertThrows(ShapeException.class, () -> NDArrays.concat(0, a, c));
            assertTrue(e.getMessage().contains("array 1 has shape (2,)"), e.getMessage());
            assertThrows(ShapeException.class, () -> NDArrays.concat(0, z, z));
            assertThrows(ShapeException.class, () -> NDArrays.concat(2, a, a));
            assertThrows(IllegalArgumentException.class, () -> NDArrays.concat(0));
        }
    }

    @Test
    void stackInsertsAnAxisAnywhere() {
        for (int axis : new int[] {0, 1, 2, -1, -3}) {
            try (Scope s = Scope.open()) {
                NDArray a = TestArrays.range(DataType.INT32, 2, 3);
                NDArray b = TestArrays.nonContiguous(TestArrays.randomInts(DataType.INT32, 7,
                        100, 2, 3));
                NDArray c = TestArrays.randomInts(DataType.FLOAT32, 8, 100, 2, 3);
                NDArray out = NDArrays.stack(axis, a, b, c);
                int ax = axis < 0 ? axis + 3 : axis;
                assertEquals(DataType.FLOAT64, out.dtype());
                assertEquals(3, out.shape(ax));
                NDArray[] in = {a, b, c};
                TestArrays.forEachIndex(out.shape(), idx -> {
                    long[] src = new long[2];
                    for (int d = 0, j = 0; d < 3; d++) {
                        if (d != ax) {
                            src[j++] = idx[d];
                        }
                    }
                    assertEquals(in[(int) idx[ax]].getDouble(src), out.getDouble(idx));
                });
            }
        }
        try (NDArray x = NDArray.scalar(1, DataType.INT64);
             NDArray y = NDArray.scalar(2, DataType.INT64);
             NDArray out = NDArrays.stack(0, x, y);
             NDArray p = NDArray.zeros(DataType.INT64, 2);
             NDArray q = NDArray.zeros(DataType.INT64, 3)) {
            assertArrayEquals(new long[] {1, 2}, out.toLongArray());
            ShapeException e = assertThrows(ShapeException.class, () -> NDArrays.stack(0, p, q));
            assertTrue(e.getMessage().contains("array 1 has shape (3,)"), e.getMessage());
            assertThrows(ShapeException.class, () -> NDArrays.stack(2, p, p));
        }
    }

    @Test
    void splitReturnsViews() {
        try (NDArray a = TestArrays.range(DataType.FLOAT32, 4, 6)) {
            NDArray[] parts = NDArrays.split(a, 3, -1);
            try {
                assertEquals(3, parts.length);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(new long[] {4, 2}, parts[i].shape());
                    assertTrue(parts[i].sharesMemoryWith(a));
                    assertEquals(2 * i + 6, parts[i].getDouble(1, 0));
                }
            } finally {
                for (NDArray p : parts) {
                    p.close();
                }
            }
            ShapeException e = assertThrows(ShapeException.class, () -> NDArrays.split(a, 4, 1));
            assertTrue(e.getMessage().contains("equal division"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> NDArrays.split(a, 0, 0));
        }
    }

    @Test
    void splitByIndicesFollowsArraySplit() {
        // numpy: np.array_split(np.arange(10), [3, -2, 20]) -> [0:3], [3:8], [8:10], []
        // and np.array_split(np.arange(10), [7, 3]) -> [0:7], [], [3:10]
        try (NDArray a = NDArray.arange(0, 10, 1, DataType.INT64)) {
            long[][] expect = {{0, 1, 2}, {3, 4, 5, 6, 7}, {8, 9}, {}};
            NDArray[] parts = NDArrays.split(a, new long[] {3, -2, 20}, 0);
            for (int i = 0; i < parts.length; i++) {
                try (NDArray p = parts[i]) {
                    assertArrayEquals(expect[i], p.toLongArray());
                }
            }
            long[][] expect2 = {{0, 1, 2, 3, 4, 5, 6}, {}, {3, 4, 5, 6, 7, 8, 9}};
            parts = NDArrays.split(a, new long[] {7, 3}, 0);
            for (int i = 0; i < parts.length; i++) {
                try (NDArray p = parts[i]) {
                    assertArrayEquals(expect2[i], p.toLongArray());
                }
            }
        }
    }

    @Test
    void tileMatchesReference() {
        long[][] repsCases = {{2}, {2, 3}, {1, 2, 2}, {0, 2}, {3, 1, 1, 2}};
        for (long[] reps : repsCases) {
            try (Scope s = Scope.open()) {
                NDArray a = TestArrays.nonContiguous(TestArrays.range(DataType.INT32, 2, 3));
                NDArray out = NDArrays.tile(a, reps);
                int nd = Math.max(2, reps.length);
                long[] shape = out.shape();
                assertEquals(nd, shape.length);
                for (int d = 0; d < nd; d++) {
                    long aDim = d < nd - 2 ? 1 : a.shape(d - (nd - 2));
                    long r = d < nd - reps.length ? 1 : reps[d - (nd - reps.length)];
                    assertEquals(aDim * r, shape[d]);
                }
                TestArrays.forEachIndex(shape, idx -> assertEquals(
                        a.getDouble(idx[nd - 2] % 2, idx[nd - 1] % 3), out.getDouble(idx)));
            }
        }
        try (NDArray z = NDArray.scalar(5, DataType.FLOAT64);
             NDArray t = NDArrays.tile(z, 3);
             NDArray same = NDArrays.tile(z)) {
            assertArrayEquals(new double[] {5, 5, 5}, t.toDoubleArray());
            assertEquals(0, same.ndim());
            assertThrows(IllegalArgumentException.class, () -> NDArrays.tile(z, -1));
        }
    }

    @Test
    void padConstantEdgeReflectMatchNumpy() {
        // np.pad(np.arange(6).reshape(2, 3), ((3, 2), (4, 1)), 'reflect')
        long[][] reflect = {
            {3, 4, 5, 4, 3, 4, 5, 4}, {0, 1, 2, 1, 0, 1, 2, 1}, {3, 4, 5, 4, 3, 4, 5, 4},
            {0, 1, 2, 1, 0, 1, 2, 1}, {3, 4, 5, 4, 3, 4, 5, 4}, {0, 1, 2, 1, 0, 1, 2, 1},
            {3, 4, 5, 4, 3, 4, 5, 4}};
        long[][] widths = {{3, 2}, {4, 1}};
        try (NDArray a = TestArrays.range(DataType.INT64, 2, 3);
             NDArray r = NDArrays.pad(a, widths, "reflect", 0)) {
            assertArrayEquals(new long[] {7, 8}, r.shape());
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 8; j++) {
                    assertEquals(reflect[i][j], r.getLong(i, j), "at " + i + "," + j);
                }
            }
        }
        // np.pad([1, 2, 3], (5, 5), 'reflect') and np.pad([7], (2, 3), 'reflect')
        try (NDArray a = NDArray.create(new long[] {1, 2, 3});
             NDArray r = NDArrays.pad(a, new long[][] {{5, 5}}, "reflect", 0);
             NDArray one = NDArray.create(new long[] {7});
             NDArray r1 = NDArrays.pad(one, new long[][] {{2, 3}}, "reflect", 0)) {
            assertArrayEquals(new long[] {2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2}, r.toLongArray());
            assertArrayEquals(new long[] {7, 7, 7, 7, 7, 7}, r1.toLongArray());
        }
    }

    @Test
    void padMatchesSeparableReference() {
        long[][] widths = {{1, 2}, {0, 3}, {2, 0}};
        for (String mode : new String[] {"constant", "edge", "reflect"}) {
            for (DataType t : new DataType[] {DataType.FLOAT32, DataType.INT8}) {
                try (Scope s = Scope.open()) {
                    NDArray a = TestArrays.nonContiguous(TestArrays.randomInts(t, 3, 100,
                            3, 2, 4));
                    NDArray out = NDArrays.pad(a, widths, mode, -7);
                    assertArrayEquals(new long[] {6, 5, 6}, out.shape());
                    long[] shape = a.shape();
                    TestArrays.forEachIndex(out.shape(), idx -> {
                        long[] src = new long[3];
                        boolean outside = false;
                        for (int d = 0; d < 3; d++) {
                            long i = idx[d] - widths[d][0];
                            long n = shape[d];
                            if (i < 0 || i >= n) {
                                outside = true;
                            }
                            if (mode.equals("edge")) {
                                i = Math.max(0, Math.min(n - 1, i));
                            } else if (mode.equals("reflect")) {
                                while (i < 0 || i >= n) {
                                    i = i < 0 ? -i : 2 * (n - 1) - i;
                                }
                            }
                            src[d] = i;
                        }
                        double expect = mode.equals("constant") && outside ? -7
                                : a.getDouble(src);
                        assertEquals(expect, out.getDouble(idx), mode + " at "
                                + java.util.Arrays.toString(idx));
                    });
                }
            }
        }
    }

    @Test
    void padValidatesItsArguments() {
        try (NDArray a = NDArray.zeros(DataType.FLOAT32, 2, 2);
             NDArray empty = NDArray.zeros(DataType.FLOAT32, 0, 2);
             NDArray ok = NDArrays.pad(empty, new long[][] {{1, 1}, {0, 0}}, "constant", 3)) {
            assertArrayEquals(new long[] {2, 2}, ok.shape());
            assertArrayEquals(new float[] {3, 3, 3, 3}, ok.toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NDArrays.pad(a, new long[][] {{1, 1}}, "constant", 0));
            assertTrue(e.getMessage().contains("one (before, after) pair per axis"));
            assertThrows(IllegalArgumentException.class,
                    () -> NDArrays.pad(a, new long[][] {{1, 1}, {-1, 0}}, "edge", 0));
            e = assertThrows(IllegalArgumentException.class,
                    () -> NDArrays.pad(a, new long[][] {{1, 1}, {1, 1}}, "wrap", 0));
            assertTrue(e.getMessage().contains("'reflect'"), e.getMessage());
            ShapeException se = assertThrows(ShapeException.class,
                    () -> NDArrays.pad(empty, new long[][] {{1, 1}, {0, 0}}, "edge", 0));
            assertTrue(se.getMessage().contains("empty axis 0"), se.getMessage());
        }
    }
}
