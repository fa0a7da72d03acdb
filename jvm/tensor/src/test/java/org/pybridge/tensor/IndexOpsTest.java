package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
// Scopes below are opened for the tensors they close, never referenced by name.
@SuppressWarnings("try")
class IndexOpsTest {

    @Test
    void takeMatchesReferenceOnEveryAxis() {
        DataType[] types = {DataType.FLOAT32, DataType.FLOAT64, DataType.INT8, DataType.INT64,
            DataType.BFLOAT16};
        DataType[] indexTypes = {DataType.INT64, DataType.INT32, DataType.INT16, DataType.UINT8,
            DataType.INT8};
        for (int typeIndex = 0; typeIndex < types.length; typeIndex++) {
            int ti = typeIndex;
            for (int axis = -3; axis < 3; axis++) {
                try (Scope s = Scope.open()) {
                    int ax = axis < 0 ? axis + 3 : axis;
                    NDArray a = TestArrays.nonContiguous(TestArrays.randomInts(types[ti], ti, 100,
                            3, 4, 5));
                    long n = a.shape(ax);
                    NDArray ind = NDArray.empty(indexTypes[ti], 2, 3);
                    Random r = new Random(axis + 10);
                    TestArrays.forEachIndex(ind.shape(), idx -> {
                        long v = r.nextInt((int) n);
                        ind.setDouble(indexTypes[ti] == DataType.UINT8 || r.nextBoolean() ? v
                                : v - n, idx);
                    });
                    NDArray out = NDArrays.take(a, ind, axis);
                    long[] expectShape = new long[4];
                    for (int d = 0; d < 4; d++) {
                        expectShape[d] = d < ax ? a.shape(d) : d < ax + 2 ? ind.shape(d - ax)
                                : a.shape(d - 1);
                    }
                    assertArrayEquals(expectShape, out.shape());
                    assertEquals(types[ti], out.dtype());
                    TestArrays.forEachIndex(out.shape(), idx -> {
                        long k = ind.getLong(idx[ax], idx[ax + 1]);
                        long[] src = new long[3];
                        for (int d = 0; d < 3; d++) {
                            src[d] = d < ax ? idx[d] : d == ax ? (k < 0 ? k + n : k) : idx[d + 1];
                        }
                        assertEquals(a.getDouble(src), out.getDouble(idx));
                    });
                }
            }
        }
    }

    @Test
    void takeHandlesScalarsEmptiesAndErrors() {
        try (NDArray a = TestArrays.range(DataType.FLOAT32, 3, 4);
             NDArray i0 = NDArray.scalar(-1, DataType.INT64);
             NDArray row = NDArrays.take(a, i0, 0);
             NDArray none = NDArray.empty(DataType.INT32, 0);
             NDArray empty = NDArrays.take(a, none, 1);
             NDArray flatIdx = NDArray.create(new long[] {0, 11, -2}, 3);
             NDArray flat = NDArrays.takeFlat(a, flatIdx);
             NDArray bad = NDArray.create(new long[] {1, 4});
             NDArray flatOk = NDArrays.takeFlat(a, bad);
             NDArray zeroD = NDArray.scalar(7, DataType.FLOAT64);
             NDArray fromScalar = NDArrays.takeFlat(zeroD, none)) {
            assertArrayEquals(new long[] {4}, row.shape());
            assertArrayEquals(new float[] {8, 9, 10, 11}, row.toFloatArray());
            assertArrayEquals(new long[] {3, 0}, empty.shape());
            assertArrayEquals(new float[] {0, 11, 10}, flat.toFloatArray());
            assertArrayEquals(new float[] {1, 4}, flatOk.toFloatArray());
            assertArrayEquals(new long[] {0}, fromScalar.shape());
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> NDArrays.take(a, bad, 0));
            assertTrue(e.getMessage().contains("index 4 is out of bounds for axis 0 with size 3"),
                    e.getMessage());
            assertThrows(ShapeException.class, () -> NDArrays.take(zeroD, bad, 0));
        }
    }

    @Test
    void takeRejectsBadIndexTypes() {
        try (NDArray a = TestArrays.range(DataType.FLOAT32, 3);
             NDArray f = NDArray.create(new float[] {1});
             NDArray b = NDArray.zeros(DataType.BOOL, 2);
             NDArray big = NDArray.create(new long[] {-4})) {
            DataTypeException e = assertThrows(DataTypeException.class,
                    () -> NDArrays.take(a, f, 0));
            assertTrue(e.getMessage().contains("float32"), e.getMessage());
            assertThrows(DataTypeException.class, () -> NDArrays.take(a, b, 0));
            IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                    () -> NDArrays.takeFlat(a, big));
            assertTrue(oob.getMessage().contains("index -4"), oob.getMessage());
        }
    }

    @Test
    void takeAlongAxisBroadcastsOtherDimensions() {
        // np.take_along_axis(np.arange(6).reshape(2, 3), [[0], [2]], 1) == [[0], [5]]
        try (NDArray a = TestArrays.range(DataType.INT64, 2, 3);
             NDArray i = NDArray.create(new long[] {0, 2}, 2, 1);
             NDArray out = NDArrays.takeAlongAxis(a, i, 1);
             NDArray j = NDArray.create(new long[] {1, 0, -1, 0}, 4, 1);
             NDArray m = NDArray.create(new long[] {10, 20, 30, 40}, 2, 2);
             NDArray out2 = NDArrays.takeAlongAxis(m, j, 0);
             NDArray col = NDArray.create(new long[] {5, 6}, 2, 1);
             NDArray k = NDArray.create(new long[] {1, 0, 1}, 1, 3);
             NDArray out3 = NDArrays.takeAlongAxis(col, k, 0);
             NDArray wrong = NDArray.create(new long[] {0, 1}, 1, 2);
             NDArray flat = NDArray.create(new long[] {0})) {
            assertArrayEquals(new long[] {0, 5}, out.toLongArray());
            assertArrayEquals(new long[] {4, 2}, out2.shape());
            assertArrayEquals(new long[] {30, 40, 10, 20, 30, 40, 10, 20}, out2.toLongArray());
            assertArrayEquals(new long[] {1, 3}, out3.shape());
            assertArrayEquals(new long[] {6, 5, 6}, out3.toLongArray());
            ShapeException e = assertThrows(ShapeException.class,
                    () -> NDArrays.takeAlongAxis(a, wrong, 0));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(1, 2)"));
            assertThrows(ShapeException.class, () -> NDArrays.takeAlongAxis(a, flat, 0));
        }
    }

    @Test
    void takeAlongAxisWithArgsortSortsEachRow() {
        for (int axis : new int[] {0, 1, -1}) {
            try (Scope s = Scope.open()) {
                NDArray a = TestArrays.nonContiguous(TestArrays.randomReals(DataType.FLOAT64,
                        axis + 5, 5, 7));
                NDArray order = NDArrays.argsort(a, axis, false);
                NDArray sorted = NDArrays.takeAlongAxis(a, order, axis);
                NDArray expect = NDArrays.sort(a, axis, false);
                assertArrayEquals(expect.toDoubleArray(), sorted.toDoubleArray(), 0.0);
            }
        }
    }

    @Test
    void putWritesFlatPositionsCyclically() {
        try (NDArray a = NDArray.zeros(DataType.INT32, 2, 3);
             NDArray idx = NDArray.create(new long[] {0, -1, 2, 4, 2});
             NDArray vals = NDArray.create(new double[] {1.9, 2.5, 3.1})) {
            NDArrays.put(a, idx, vals);
            // values cycle 1, 2, 3, 1, 2 (cast to int32); the later write to position 2 wins
            assertArrayEquals(new long[] {1, 0, 2, 0, 1, 2}, a.toLongArray());
        }
        try (NDArray base = TestArrays.range(DataType.FLOAT32, 3, 4);
             NDArray t = base.transpose();
             NDArray idx = NDArray.create(new long[] {1, 5});
             NDArray vals = NDArray.create(new float[] {-1, -2});
             NDArray none = NDArray.empty(DataType.FLOAT32, 0);
             NDArray bad = NDArray.create(new long[] {12})) {
            NDArrays.put(t, idx, vals);
            // t is (4, 3); its flat position 1 is t[0, 1] = base[1, 0], 5 is t[1, 2] = base[2, 1]
            assertEquals(-1, base.getDouble(1, 0));
            assertEquals(-2, base.getDouble(2, 1));
            NDArrays.put(t, idx, none);
            assertEquals(-1, base.getDouble(1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> NDArrays.put(t, bad, vals));
        }
    }

    @Test
    void putRefusesReadOnlyTargets() {
        try (NDArray owner = NDArray.zeros(DataType.FLOAT32, 3);
             NDArray ro = NDArray.wrap(owner.address(), DataType.FLOAT32, new long[] {3},
                     new long[] {4}, true, null);
             NDArray idx = NDArray.create(new long[] {0});
             NDArray v = NDArray.create(new float[] {1})) {
            assertThrows(ReadOnlyTensorException.class, () -> NDArrays.put(ro, idx, v));
            assertThrows(ReadOnlyTensorException.class,
                    () -> NDArrays.scatterAdd(ro, idx, v, 0));
            assertEquals(0, owner.getDouble(0));
        }
    }

    @Test
    void scatterAddAccumulatesDuplicatesLikeAddAt() {
        DataType[] types = {DataType.FLOAT32, DataType.FLOAT64, DataType.INT32, DataType.INT64,
            DataType.INT16, DataType.FLOAT16};
        for (DataType t : types) {
            for (int axis = -2; axis < 2; axis++) {
                try (Scope s = Scope.open()) {
                    int ax = axis < 0 ? axis + 2 : axis;
                    NDArray target = TestArrays.nonContiguous(TestArrays.randomInts(t, 4, 10,
                            4, 5));
                    NDArray before = target.dup();
                    long n = target.shape(ax);
                    NDArray idx = NDArray.create(new long[] {0, 2, 0, -1, 2, 2});
                    long[] uShape = ax == 0 ? new long[] {6, 5} : new long[] {4, 6};
                    NDArray upd = TestArrays.randomInts(DataType.FLOAT64, 5, 8, uShape);
                    NDArrays.scatterAdd(target, idx, upd, axis);
                    double[][] expect = before.toDoubleMatrix();
                    TestArrays.forEachIndex(uShape, u -> {
                        long k = idx.getLong(u[ax]);
                        k = k < 0 ? k + n : k;
                        int r = (int) (ax == 0 ? k : u[0]);
                        int c = (int) (ax == 0 ? u[1] : k);
                        expect[r][c] += (long) upd.getDouble(u);
                    });
                    assertArrayEquals(flatten(expect), target.toDoubleArray(), 0.0, t.toString());
                }
            }
        }
    }

    @Test
    void scatterAddBroadcastsUpdatesAndChecksShapes() {
        try (NDArray target = NDArray.zeros(DataType.FLOAT32, 3, 2);
             NDArray idx = NDArray.create(new long[] {1, 1, 2});
             NDArray one = NDArray.scalar(1, DataType.FLOAT32);
             NDArray wrong = NDArray.ones(DataType.FLOAT32, 2, 2);
             NDArray bad = NDArray.create(new long[] {3})) {
            NDArrays.scatterAdd(target, idx, one, 0);
            assertArrayEquals(new float[] {0, 0, 2, 2, 1, 1}, target.toFloatArray());
            ShapeException e = assertThrows(ShapeException.class,
                    () -> NDArrays.scatterAdd(target, idx, wrong, 0));
            assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class,
                    () -> NDArrays.scatterAdd(target, bad, one, 0));
            assertArrayEquals(new float[] {0, 0, 2, 2, 1, 1}, target.toFloatArray());
        }
        try (NDArray flags = NDArray.zeros(DataType.BOOL, 3);
             NDArray idx = NDArray.create(new long[] {0, 0});
             NDArray t = NDArray.ones(DataType.BOOL, 2)) {
            NDArrays.scatterAdd(flags, idx, t, 0);
            assertArrayEquals(new long[] {1, 0, 0}, flags.toLongArray());
        }
    }

    @Test
    void largeTakeAndScatterAddUseParallelPathsCorrectly() {
        try (Scope s = Scope.open()) {
            NDArray table = TestArrays.range(DataType.FLOAT32, 1000, 64);
            long[] ids = new long[20000];
            Random r = new Random(3);
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(1000);
            }
            NDArray idx = NDArray.create(ids, 200, 100);
            NDArray rows = NDArrays.take(table, idx, 0);
            assertArrayEquals(new long[] {200, 100, 64}, rows.shape());
            float[] got = rows.toFloatArray();
            for (int i = 0; i < ids.length; i += 997) {
                for (int c = 0; c < 64; c++) {
                    assertEquals(ids[i] * 64 + c, got[i * 64 + c]);
                }
            }
            NDArray grad = NDArray.zeros(DataType.FLOAT64, 1000, 64);
            NDArray ones = NDArray.ones(DataType.FLOAT64, 200, 100, 64);
            NDArrays.scatterAdd(grad, idx, ones, 0);
            long[] counts = new long[1000];
            for (long id : ids) {
                counts[(int) id]++;
            }
            double[][] g = grad.toDoubleMatrix();
            for (int k = 0; k < 1000; k++) {
                assertEquals(counts[k], g[k][0]);
                assertEquals(counts[k], g[k][63]);
            }
        }
    }

    @Test
    void oneHotEncodesAndRejectsOutOfRange() {
        try (NDArray labels = NDArray.create(new int[] {2, 0, 1, 2}, 2, 2);
             NDArray y = NDArrays.oneHot(labels, 3, DataType.FLOAT32);
             NDArray yb = NDArrays.oneHot(labels, 4, DataType.BOOL);
             NDArray scalar = NDArray.scalar(1, DataType.INT64);
             NDArray ys = NDArrays.oneHot(scalar, 2, DataType.INT64);
             NDArray bad = NDArray.create(new long[] {0, 3});
             NDArray neg = NDArray.create(new long[] {-1})) {
            assertArrayEquals(new long[] {2, 2, 3}, y.shape());
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, y.toFloatArray());
            assertEquals(DataType.BOOL, yb.dtype());
            assertEquals(1, yb.getLong(1, 1, 2));
            assertEquals(0, yb.getLong(1, 1, 3));
            assertArrayEquals(new long[] {0, 1}, ys.toLongArray());
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> NDArrays.oneHot(bad, 3, DataType.FLOAT32));
            assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("depth 3"),
                    e.getMessage());
            e = assertThrows(IndexOutOfBoundsException.class,
                    () -> NDArrays.oneHot(neg, 3, DataType.FLOAT32));
            assertTrue(e.getMessage().contains("index -1"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> NDArrays.oneHot(labels, -1, DataType.FLOAT32));
        }
    }

    @Test
    void closedInputsRaiseAndLeakNothing() {
        NDArray closed = TestArrays.range(DataType.FLOAT32, 3, 4);
        closed.close();
        try (NDArray ok = TestArrays.range(DataType.FLOAT32, 3, 4);
             NDArray idx = NDArray.create(new long[] {0, 1}, 1, 2);
             NDArray closedIdx = NDArray.create(new long[] {0})) {
            closedIdx.close();
            assertThrows(ClosedTensorException.class, () -> NDArrays.concat(0, ok, closed));
            assertThrows(ClosedTensorException.class, () -> NDArrays.stack(0, ok, closed));
            assertThrows(ClosedTensorException.class, () -> NDArrays.take(closed, idx, 1));
            assertThrows(ClosedTensorException.class, () -> NDArrays.take(ok, closedIdx, 1));
            assertThrows(ClosedTensorException.class,
                    () -> NDArrays.takeAlongAxis(closed, idx, 1));
            assertThrows(ClosedTensorException.class, () -> NDArrays.sort(closed, 1, false));
            assertThrows(ClosedTensorException.class, () -> NDArrays.argsort(closed, 1, false));
            assertThrows(ClosedTensorException.class, () -> NDArrays.topk(closed, 1, 1, true));
            assertThrows(ClosedTensorException.class, () -> NDArrays.tile(closed, 2));
            assertThrows(ClosedTensorException.class, () -> NDArrays.split(closed, 2, 1));
            assertThrows(ClosedTensorException.class,
                    () -> NDArrays.pad(closed, new long[][] {{1, 1}, {1, 1}}, "edge", 0));
            assertThrows(ClosedTensorException.class,
                    () -> NDArrays.oneHot(closedIdx, 3, DataType.FLOAT32));
            assertThrows(ClosedTensorException.class, () -> NDArrays.put(closed, idx, ok));
            assertThrows(ClosedTensorException.class,
                    () -> NDArrays.scatterAdd(closed, idx, ok, 0));
            assertThrows(ClosedTensorException.class, () -> new Generator(1).shuffle(closed));
        }
    }

    private static double[] flatten(double[][] m) {
        double[] out = new double[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[i].length, m[i].length);
        }
        return out;
    }
}
