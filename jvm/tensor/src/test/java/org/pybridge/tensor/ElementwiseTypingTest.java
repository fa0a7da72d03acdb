package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pybridge.tensor.ElementwiseTest.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Type promotion, Python-scalar typing, in-place casting and overlap, read-only and closed
 * tensors, broadcasting, empty and 0-d arrays. Expected values are numpy 2.4's.
 */
@ExtendWith(LeakCheck.class)
@SuppressWarnings("try") // scopes close what the tests create without naming the scope
class ElementwiseTypingTest {

    private static NDArray f32(double... v) {
        return tensor(DataType.FLOAT32, v);
    }

    @Test
    void arrayPromotionSpotChecks() {
        try (Scope s = Scope.open()) {
            assertEquals(DataType.FLOAT64, f32(1).add(tensor(DataType.FLOAT64, 1)).dtype());
            assertEquals(DataType.INT16,
                    tensor(DataType.INT8, 1).add(tensor(DataType.UINT8, 1)).dtype());
            assertEquals(DataType.FLOAT64, tensor(DataType.INT32, 1).add(f32(1)).dtype());
            assertEquals(DataType.FLOAT32, tensor(DataType.INT16, 1).add(
                    tensor(DataType.FLOAT16, 1)).dtype());
            assertEquals(DataType.BOOL,
                    tensor(DataType.BOOL, 1).add(tensor(DataType.BOOL, 1)).dtype());
            assertEquals(DataType.FLOAT64,
                    tensor(DataType.INT8, 7).div(tensor(DataType.INT8, 2)).dtype());
            NDArray bf = tensor(DataType.BFLOAT16, 1.5, -2);
            NDArray h = tensor(DataType.FLOAT16, 2.25, 0.5);
            NDArray sum = bf.add(h);
            assertEquals(DataType.FLOAT32, sum.dtype());
            assertArrayEquals(new double[] {3.75, -1.5}, sum.toDoubleArray());
            NDArray bsum = bf.add(tensor(DataType.INT8, 3, 4));
            assertEquals(DataType.BFLOAT16, bsum.dtype());
            assertArrayEquals(new double[] {4.5, 2}, bsum.toDoubleArray());
            NDArray e = bf.exp();
            assertEquals(DataType.BFLOAT16, e.dtype());
            assertEquals(Math.exp(1.5), e.getDouble(0), Math.exp(1.5) * 0x1p-8);
            assertEquals(DataType.BFLOAT16, bf.apply(BinaryOp.MOD, bf).dtype());
            assertEquals(DataType.BOOL, bf.apply(BinaryOp.LT, h).dtype());
        }
    }

    @Test
    void pythonScalarsAreWeak() {
        try (Scope s = Scope.open()) {
            assertEquals(DataType.FLOAT32, f32(1).add(2.0).dtype());
            assertEquals(DataType.FLOAT16, tensor(DataType.FLOAT16, 1).mul(2.0).dtype());
            NDArray i32 = tensor(DataType.INT32, 1, 2, 3);
            NDArray r = i32.add(2.5);
            assertEquals(DataType.FLOAT64, r.dtype());
            assertArrayEquals(new double[] {3.5, 4.5, 5.5}, r.toDoubleArray());
            NDArray i8 = tensor(DataType.INT8, 1, 100, -100);
            NDArray w = i8.apply(BinaryOp.ADD, 30L, false);
            assertEquals(DataType.INT8, w.dtype());
            assertArrayEquals(new long[] {31, -126, -70}, w.toLongArray());
            DataTypeException oob = assertThrows(DataTypeException.class,
                    () -> i8.apply(BinaryOp.ADD, 300L, false));
            assertTrue(oob.getMessage().contains("300"), oob.getMessage());
            assertTrue(oob.getMessage().contains("int8"), oob.getMessage());
            // comparisons with out-of-range Python ints are answered exactly (numpy 2)
            NDArray lt = i8.apply(BinaryOp.LT, 300L, false);
            assertEquals(DataType.BOOL, lt.dtype());
            assertArrayEquals(new long[] {1, 1, 1}, lt.toLongArray());
            NDArray u8 = tensor(DataType.UINT8, 0, 255);
            assertArrayEquals(new long[] {0, 0}, u8.apply(BinaryOp.EQ, -1L, false).toLongArray());
            assertArrayEquals(new long[] {1, 1}, u8.apply(BinaryOp.GT, -1L, false).toLongArray());
            assertEquals(DataType.FLOAT64, i8.apply(BinaryOp.DIV, 2L, false).dtype());
            NDArray i64 = tensor(DataType.INT64, -1, 0);
            assertArrayEquals(new long[] {Long.MAX_VALUE - 1, Long.MAX_VALUE},
                    i64.apply(BinaryOp.ADD, Long.MAX_VALUE, false).toLongArray());
            assertArrayEquals(new long[] {Long.MIN_VALUE, 0},
                    i64.apply(BinaryOp.MUL, Long.MIN_VALUE, false).toLongArray());
            assertEquals(DataType.INT64,
                    tensor(DataType.BOOL, 1, 0).apply(BinaryOp.ADD, 1L, false).dtype());
            assertEquals(DataType.FLOAT16, i8.apply(BinaryOp.ATAN2, 2L, false).dtype());
            assertEquals(DataType.FLOAT64, i8.apply(BinaryOp.ATAN2, 2.0, false).dtype());
            assertEquals(DataType.FLOAT64, tensor(DataType.INT16, 1).add(1.5).dtype());
            assertThrows(DataTypeException.class,
                    () -> i32.apply(BinaryOp.BITWISE_AND, 1.0, false));
            assertThrows(DataTypeException.class,
                    () -> f32(1).apply(BinaryOp.BITWISE_OR, 1L, false));
        }
    }

    @Test
    void reversedScalars() {
        try (Scope s = Scope.open()) {
            NDArray x = f32(0.5, 2, 4);
            assertArrayEquals(new double[] {0.5, -1, -3}, x.apply(BinaryOp.SUB, 1.0, true)
                    .toDoubleArray());
            assertArrayEquals(new double[] {2, 0.5, 0.25}, x.apply(BinaryOp.DIV, 1.0, true)
                    .toDoubleArray());
            NDArray i = tensor(DataType.INT64, 0, 3, 10);
            NDArray p = i.apply(BinaryOp.POW, 2L, true);
            assertEquals(DataType.INT64, p.dtype());
            assertArrayEquals(new long[] {1, 8, 1024}, p.toLongArray());
            assertArrayEquals(new long[] {0, 3, 1},
                    i.apply(BinaryOp.FLOOR_DIV, 10L, true).toLongArray());
            assertArrayEquals(new long[] {1, 0, 0},
                    i.apply(BinaryOp.LT, 1L, false).toLongArray());
            assertArrayEquals(new long[] {0, 1, 1},
                    i.apply(BinaryOp.LT, 1L, true).toLongArray());
        }
    }

    @Test
    void inPlaceFollowsSameKindCasting() {
        try (Scope s = Scope.open()) {
            NDArray i32 = tensor(DataType.INT32, 1, 2, 3);
            DataTypeException e = assertThrows(DataTypeException.class,
                    () -> i32.addi(f32(1, 1, 1)));
            assertTrue(e.getMessage().contains("same_kind"), e.getMessage());
            assertTrue(e.getMessage().contains("int32"), e.getMessage());
            assertThrows(DataTypeException.class, () -> i32.divi(tensor(DataType.INT32, 1)));
            assertThrows(DataTypeException.class, () -> i32.applyInPlace(UnaryOp.EXP));
            assertThrows(DataTypeException.class,
                    () -> tensor(DataType.UINT8, 1).addi(tensor(DataType.INT8, 1)));
            assertThrows(DataTypeException.class,
                    () -> tensor(DataType.BOOL, 1).applyInPlace(BinaryOp.ADD, 1.0));
            assertArrayEquals(new long[] {1, 2, 3}, i32.toLongArray(), "unchanged on error");

            NDArray a = f32(1, 2, 3);
            a.addi(tensor(DataType.FLOAT64, 0.5, 0.25, 1e-10));
            assertEquals(DataType.FLOAT32, a.dtype());
            assertArrayEquals(new double[] {1.5, 2.25, (float) (3 + 1e-10)}, a.toDoubleArray());
            NDArray i8 = tensor(DataType.INT8, 127, -128);
            i8.addi(tensor(DataType.INT64, 1, -1));
            assertArrayEquals(new long[] {-128, 127}, i8.toLongArray());
            i32.applyInPlace(BinaryOp.MUL, 3.0); // integral value: taken as an int scalar
            assertArrayEquals(new long[] {3, 6, 9}, i32.toLongArray());
            assertThrows(DataTypeException.class, () -> i32.applyInPlace(BinaryOp.ADD, 2.5));
            // comparisons (bool) may be stored into any dtype
            NDArray c = f32(1, 5, 3);
            c.applyInPlace(BinaryOp.LT, f32(2, 2, 4));
            assertArrayEquals(new double[] {1, 0, 1}, c.toDoubleArray());
            NDArray n = f32(0, 2, Double.NaN);
            n.applyInPlace(UnaryOp.LOGICAL_NOT);
            assertArrayEquals(new double[] {1, 0, 0}, n.toDoubleArray());
            NDArray m = tensor(DataType.FLOAT16, 1, -2);
            m.applyInPlace(UnaryOp.NEG).applyInPlace(BinaryOp.MUL, 0.5);
            assertArrayEquals(new double[] {-0.5, 1}, m.toDoubleArray());
        }
    }

    @Test
    void inPlaceShapeMustNotChange() {
        try (Scope s = Scope.open()) {
            NDArray a = f32(1, 2, 3);
            ShapeException e = assertThrows(ShapeException.class,
                    () -> a.addi(NDArray.ones(DataType.FLOAT32, 2, 3)));
            assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
            NDArray b = NDArray.zeros(DataType.FLOAT32, 2, 3);
            b.addi(a).addi(NDArray.ones(DataType.FLOAT32, 2, 1));
            assertArrayEquals(new float[] {2, 3, 4, 2, 3, 4}, b.toFloatArray());
            NDArray rep = a.reshape(1, 3).broadcastTo(2, 3);
            assertThrows(IllegalArgumentException.class, () -> rep.addi(b));
        }
    }

    @Test
    void inPlaceWithOverlappingOperandGivesNumpysAnswer() {
        try (Scope s = Scope.open()) {
            NDArray a = NDArray.arange(0, 9, 1, DataType.FLOAT64).reshape(3, 3);
            NDArray expected = a.add(a.transpose());
            a.addi(a.transpose());
            assertArrayEquals(expected.toDoubleArray(), a.toDoubleArray());

            NDArray x = NDArray.arange(0, 5, 1, DataType.INT64);
            x.slice(0, 1, Long.MIN_VALUE, 1).addi(x.slice(0, 0, -1, 1));
            assertArrayEquals(new long[] {0, 1, 3, 5, 7}, x.toLongArray());

            NDArray y = NDArray.arange(0, 5, 1, DataType.FLOAT32);
            y.addi(y.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -1));
            assertArrayEquals(new float[] {4, 4, 4, 4, 4}, y.toFloatArray());

            NDArray z = NDArray.arange(1, 4, 1, DataType.FLOAT32);
            z.muli(z.share());
            assertArrayEquals(new float[] {1, 4, 9}, z.toFloatArray());

            // two wraps of the same foreign memory are different blocks but still overlap
            NDArray owner = NDArray.arange(0, 4, 1, DataType.FLOAT64);
            NDArray w1 = NDArray.wrap(owner.address(), DataType.FLOAT64, new long[] {2, 2},
                    new long[] {16, 8}, false, null);
            NDArray w2 = NDArray.wrap(owner.address(), DataType.FLOAT64, new long[] {2, 2},
                    new long[] {8, 16}, false, null);
            assertFalse(w1.sharesMemoryWith(w2));
            w1.addi(w2);
            assertArrayEquals(new double[] {0, 3, 3, 6}, owner.toDoubleArray());
        }
    }

    @Test
    void readOnlyTensorsRejectInPlaceWrites() {
        try (NDArray base = NDArray.create(new float[] {1, 2, 3, 4}, 2, 2);
             NDArray ro = NDArray.wrap(base.address(), DataType.FLOAT32, base.shape(),
                     base.byteStrides(), true, null);
             NDArray other = NDArray.ones(DataType.FLOAT32, 2, 2)) {
            assertTrue(ro.isReadOnly());
            assertThrows(ReadOnlyTensorException.class, () -> ro.addi(other));
            assertThrows(ReadOnlyTensorException.class, () -> ro.applyInPlace(UnaryOp.EXP));
            assertThrows(ReadOnlyTensorException.class,
                    () -> ro.applyInPlace(BinaryOp.MUL, 2.0));
            assertThrows(ReadOnlyTensorException.class,
                    () -> org.pybridge.tensor.internal.ElementwiseKernels.binaryInPlace(
                            BinaryOp.ADD, ro, other));
            assertArrayEquals(new float[] {1, 2, 3, 4}, base.toFloatArray());
            try (NDArray sum = ro.add(other); NDArray rt = ro.transpose();
                 NDArray t = rt.exp()) {
                assertFalse(sum.isReadOnly());
                assertArrayEquals(new float[] {2, 3, 4, 5}, sum.toFloatArray());
                assertEquals((float) Math.exp(3), t.getDouble(0, 1), 1e-5);
            }
        }
    }

    @Test
    void closedTensorsRaiseWithoutLeaking() {
        NDArray a = f32(1, 2);
        NDArray b = f32(3, 4);
        a.close();
        assertThrows(ClosedTensorException.class, () -> a.add(b));
        assertThrows(ClosedTensorException.class, () -> b.add(a));
        assertThrows(ClosedTensorException.class, () -> a.exp());
        assertThrows(ClosedTensorException.class, () -> b.addi(a));
        assertThrows(ClosedTensorException.class, () -> a.clip(0, 1));
        assertThrows(ClosedTensorException.class, () -> NDArray.where(a, b, b));
        assertThrows(ClosedTensorException.class, () -> a.add(1.0));
        b.close();
    }

    @Test
    void broadcasting() {
        try (Scope s = Scope.open()) {
            NDArray col = NDArray.create(new double[] {0, 10, 20}, 3, 1);
            NDArray row = NDArray.create(new double[] {1, 2, 3, 4}, 1, 4);
            NDArray r = col.add(row);
            assertArrayEquals(new long[] {3, 4}, r.shape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24},
                    r.toDoubleArray());
            NDArray m = NDArray.create(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertArrayEquals(new float[] {2, 4, 6, 5, 7, 9},
                    m.add(f32(1, 2, 3)).toFloatArray());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m.sub(f32(1)).toFloatArray());
            NDArray zeroD = NDArray.scalar(2, DataType.FLOAT32);
            NDArray p = zeroD.mul(m);
            assertArrayEquals(new long[] {2, 3}, p.shape());
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, p.toFloatArray());
            NDArray both = zeroD.add(NDArray.scalar(3, DataType.INT32));
            assertEquals(0, both.ndim());
            assertEquals(DataType.FLOAT64, both.dtype());
            assertEquals(5.0, both.item());
            NDArray u = zeroD.apply(UnaryOp.SQRT);
            assertEquals(0, u.ndim());
            assertEquals(Math.sqrt(2), u.item(), 1e-6);
            ShapeException e = assertThrows(ShapeException.class, () -> m.add(f32(1, 2, 3, 4)));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4,)"),
                    e.getMessage());
        }
    }

    @Test
    void emptyArrays() {
        try (Scope s = Scope.open()) {
            NDArray e = NDArray.zeros(DataType.FLOAT32, 0, 3);
            NDArray r = e.add(f32(1, 2, 3));
            assertArrayEquals(new long[] {0, 3}, r.shape());
            assertEquals(0, e.exp().size());
            assertArrayEquals(new long[] {0, 3}, e.apply(BinaryOp.LT, 1.0, false).shape());
            NDArray e1 = NDArray.zeros(DataType.INT16, 0);
            assertEquals(0, e1.add(NDArray.scalar(1, DataType.INT8)).size());
            assertEquals(0, e.clip(0, 1).size());
            assertEquals(0, NDArray.where(e, e, e).size());
            e.addi(f32(1, 2, 3));
            e.applyInPlace(UnaryOp.TANH);
            assertThrows(ShapeException.class, () -> e.add(f32(1, 2)));
        }
    }

    @Test
    void unsupportedCombinationsRaise() {
        try (Scope s = Scope.open()) {
            NDArray b = tensor(DataType.BOOL, 1, 0);
            assertThrows(DataTypeException.class, () -> b.sub(b));
            assertThrows(DataTypeException.class, () -> b.neg());
            assertThrows(DataTypeException.class, () -> b.apply(UnaryOp.SIGN));
            DataTypeException e = assertThrows(DataTypeException.class,
                    () -> f32(1).apply(BinaryOp.BITWISE_XOR, f32(1)));
            assertTrue(e.getMessage().contains("LOGICAL_XOR"), e.getMessage());
            assertArrayEquals(new long[] {1, 1}, b.apply(BinaryOp.LOGICAL_XOR,
                    tensor(DataType.FLOAT32, 0, Double.NaN)).toLongArray());
        }
    }
}
