package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pybridge.tensor.ElementwiseTest.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.ElementFunctions;
import org.pybridge.tensor.internal.Erf;

/**
 * Edge values with numpy 2.4's answers (Python division rules, integer wrap-around, NaN
 * propagation, rounding), the accuracy of erf and tanh, where and clip.
 */
@ExtendWith(LeakCheck.class)
@SuppressWarnings("try") // scopes close what the tests create without naming the scope
class ElementwiseValuesTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static double[] apply(BinaryOp op, DataType t, double[] x, double[] y) {
        try (NDArray a = tensor(t, x); NDArray b = tensor(t, y); NDArray r = a.apply(op, b)) {
            return r.toDoubleArray();
        }
    }

    private static long[] applyLong(BinaryOp op, DataType t, double[] x, double[] y) {
        try (NDArray a = tensor(t, x); NDArray b = tensor(t, y); NDArray r = a.apply(op, b)) {
            return r.toLongArray();
        }
    }

    private static double[] apply(UnaryOp op, DataType t, double... x) {
        try (NDArray a = tensor(t, x); NDArray r = a.apply(op)) {
            return r.toDoubleArray();
        }
    }

    @Test
    void floatFloorDivisionAndRemainderFollowPython() {
        double[] x = {1.0, -7.5, 7.5, INF, 5, -5, 5, -0.0, 0.0, 5, -5};
        double[] y = {0.1, 2.0, -2.0, 2.0, INF, INF, -INF, 3.0, -3.0, 0, 0};
        double[] fd = {9.0, -4.0, -4.0, NAN, 0.0, -1.0, -1.0, -0.0, -0.0, INF, -INF};
        double[] md = {0.09999999999999995, 0.5, -0.5, NAN, 5, INF, -INF, 0.0, -0.0, NAN, NAN};
        assertArrayEquals(fd, apply(BinaryOp.FLOOR_DIV, DataType.FLOAT64, x, y));
        double[] mod = apply(BinaryOp.MOD, DataType.FLOAT64, x, y);
        assertArrayEquals(md, mod);
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(mod[7]),
                "-0.0 % 3 is +0.0");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(mod[8]),
                "0.0 % -3 is -0.0");
        // float32 computes in float32, as numpy's loop does
        assertArrayEquals(new double[] {9.0}, apply(BinaryOp.FLOOR_DIV, DataType.FLOAT32,
                new double[] {1}, new double[] {0.1}));
        assertArrayEquals(new double[] {0.09999998658895493}, apply(BinaryOp.MOD,
                DataType.FLOAT32, new double[] {1}, new double[] {0.1}));
    }

    @Test
    void integerDivisionFollowsPythonAndNeverThrows() {
        double[] x = {-7, 7, -7, 7, 5, -5, Long.MIN_VALUE};
        double[] y = {2, 2, -2, -2, 0, 0, -1};
        for (DataType t : new DataType[] {DataType.INT8, DataType.INT16, DataType.INT32,
            DataType.INT64}) {
            long min = t == DataType.INT64 ? Long.MIN_VALUE : t == DataType.INT32
                    ? Integer.MIN_VALUE : t == DataType.INT16 ? Short.MIN_VALUE : Byte.MIN_VALUE;
            double[] xs = x.clone();
            xs[6] = min;
            // MIN // -1 overflows and wraps to MIN, as in numpy
            assertArrayEquals(new long[] {-4, 3, 3, -4, 0, 0, min},
                    applyLong(BinaryOp.FLOOR_DIV, t, xs, y), t.toString());
            assertArrayEquals(new long[] {1, 1, -1, -1, 0, 0, 0},
                    applyLong(BinaryOp.MOD, t, xs, y), t.toString());
        }
        assertArrayEquals(new long[] {3, 0, 85},
                applyLong(BinaryOp.FLOOR_DIV, DataType.UINT8, new double[] {7, 7, 255},
                        new double[] {2, 0, 3}));
    }

    @Test
    void integerPowerWrapsAndRejectsNegativeExponents() {
        assertArrayEquals(new long[] {1, 0, -29}, applyLong(BinaryOp.POW, DataType.INT8,
                new double[] {1, 2, 3}, new double[] {7, 8, 9}));
        assertArrayEquals(new long[] {-6289078614652622815L, 1, 0}, applyLong(BinaryOp.POW,
                DataType.INT64, new double[] {3, 0, 0}, new double[] {40, 0, 5}));
        assertArrayEquals(new long[] {64}, applyLong(BinaryOp.POW, DataType.UINT8,
                new double[] {200}, new double[] {2}));
        DataTypeException e = assertThrows(DataTypeException.class, () -> applyLong(
                BinaryOp.POW, DataType.INT32, new double[] {3, 2}, new double[] {2, -1}));
        assertTrue(e.getMessage().contains("negative integer powers"), e.getMessage());
        try (NDArray a = tensor(DataType.INT64, 2, 3)) {
            assertThrows(DataTypeException.class, () -> a.apply(BinaryOp.POW, -1L, false));
            assertThrows(DataTypeException.class, () -> a.applyInPlace(BinaryOp.POW, -2.0));
            try (NDArray f = a.apply(BinaryOp.POW, -1.0, false)) {
                assertArrayEquals(new double[] {0.5, 1.0 / 3}, f.toDoubleArray());
            }
        }
    }

    @Test
    void integerWrapAround() {
        assertArrayEquals(new long[] {127, -128}, applyLong(BinaryOp.ADD, DataType.INT8,
                new double[] {-128, 127}, new double[] {-1, 1}));
        assertArrayEquals(new long[] {0, 254}, applyLong(BinaryOp.MUL, DataType.UINT8,
                new double[] {128, 127}, new double[] {2, 2}));
        try (NDArray a = tensor(DataType.INT8, -128, 5); NDArray u = tensor(DataType.UINT8, 5);
             NDArray abs = a.apply(UnaryOp.ABS); NDArray neg = u.neg()) {
            assertArrayEquals(new long[] {-128, 5}, abs.toLongArray());
            assertArrayEquals(new long[] {251}, neg.toLongArray());
        }
        assertArrayEquals(new double[] {0, -1, 0, 1, 0, 0},
                apply(UnaryOp.RECIPROCAL, DataType.INT64, -2, -1, 0, 1, 2, 5));
    }

    @Test
    void maximumAndMinimumPropagateNan() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64,
            DataType.FLOAT16}) {
            double[] x = {NAN, 1, 2, NAN, -INF};
            double[] y = {1, NAN, 1, NAN, 3};
            assertArrayEquals(new double[] {NAN, NAN, 2, NAN, 3},
                    apply(BinaryOp.MAXIMUM, t, x, y), t.toString());
            assertArrayEquals(new double[] {NAN, NAN, 1, NAN, -INF},
                    apply(BinaryOp.MINIMUM, t, x, y), t.toString());
        }
    }

    @Test
    void roundIsHalfToEven() {
        double[] x = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999999, 3.5000001};
        double[] want = {0, 2, 2, -0.0, -2, -2, 2, 4};
        assertArrayEquals(want, apply(UnaryOp.ROUND, DataType.FLOAT64, x));
        assertArrayEquals(want, apply(UnaryOp.ROUND, DataType.FLOAT32, x));
        assertArrayEquals(new double[] {0, 2, 2, -0.0, -2, -2},
                apply(UnaryOp.ROUND, DataType.FLOAT16, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5));
    }

    @Test
    void floatSpecialValues() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            assertArrayEquals(new double[] {0, 1, 0.5, NAN},
                    apply(UnaryOp.SIGMOID, t, -1000, 1000, 0, NAN), t.toString());
            assertArrayEquals(new double[] {-1, 1, 0, NAN},
                    apply(UnaryOp.TANH, t, -INF, INF, 0, NAN), t.toString());
            double[] sign = apply(UnaryOp.SIGN, t, -0.0, NAN, -3, 2);
            assertArrayEquals(new double[] {0, NAN, -1, 1}, sign, t.toString());
            assertEquals(0, Double.doubleToRawLongBits(sign[0]), "sign(-0.0) is +0.0");
            assertArrayEquals(new double[] {NAN, 0, 0, 2},
                    apply(UnaryOp.RELU, t, NAN, -0.0, -1, 2), t.toString());
            assertArrayEquals(new double[] {1, 1, 1}, apply(BinaryOp.POW, t,
                    new double[] {1, -1, 1}, new double[] {NAN, INF, INF}), t.toString());
            assertArrayEquals(new double[] {INF, 0.5},
                    apply(UnaryOp.RSQRT, t, 0, 4), t.toString());
        }
        assertEquals(Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(ElementFunctions.tanh(-0.0)));
    }

    @Test
    void tanhIsAccurate() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? r.nextGaussian() * 4 : Math.exp(-40 * r.nextDouble());
            double want = Math.tanh(x);
            double got = ElementFunctions.tanh(x);
            // Math.tanh is within 2.5 ulp, ours within 2 ulp
            assertEquals(want, got, 5 * Math.ulp(want), "tanh(" + x + ")");
        }
    }

    /** erf(x) to 20 digits, computed with mpmath at 40 digits for the double nearest x. */
    private static final double[][] ERF = {
        {1e-300, 1.1283791670955126022e-300},
        {1e-10, 1.128379167095512615e-10},
        {0.001, 0.0011283787909692364034},
        {0.1, 0.1124629160182848984},
        {0.3, 0.32862675945912741619},
        {0.5, 0.52049987781304653768},
        {0.7, 0.67780119383741844228},
        {0.7499999999999999, 0.71115563365351506022},
        {0.75, 0.7111556336535151316},
        {0.8, 0.74210096470766051259},
        {1.0, 0.84270079294971486934},
        {1.25, 0.92290012825645823014},
        {1.5, 0.96610514647531072707},
        {2.0, 0.99532226501895273416},
        {2.5, 0.99959304798255504106},
        {3.0, 0.99997790950300141456},
        {3.5, 0.99999925690162765859},
        {4.0, 0.99999998458274209972},
        {4.5, 0.99999999980338395585},
        {5.0, 0.99999999999846254021},
        {5.5, 0.99999999999999264215},
        {5.9, 0.9999999999999999281},
        {5.999999, 0.99999999999999997848},
        {-0.2, -0.22270258921047846618},
        {-1.7, -0.98379045859077456084},
        {-4.2, -0.99999999714450582041},
    };

    @Test
    void erfIsAccurateToTheLastBits() {
        for (double[] p : ERF) {
            double got = Erf.erf(p[0]);
            assertEquals(p[1], got, 1e-15 * Math.abs(p[1]), "erf(" + p[0] + ")");
        }
        assertEquals(1.0, Erf.erf(6.0));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(NAN)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Erf.erf(-0.0)));
        // odd and monotone across the switch between the series and the Chebyshev part
        double prev = Erf.erf(0.74);
        for (double x = 0.74; x < 0.76; x += 1e-5) {
            double v = Erf.erf(x);
            assertTrue(v >= prev, "monotone at " + x);
            assertEquals(-v, Erf.erf(-x));
            prev = v;
        }
        assertArrayEquals(new double[] {(float) 0.8427007929497149},
                apply(UnaryOp.ERF, DataType.FLOAT32, 1.0));
    }

    @Test
    void whereTreatsAnyDtypeAsTruthAndPromotes() {
        try (Scope s = Scope.open()) {
            NDArray c = tensor(DataType.FLOAT64, NAN, -0.0, 0.0, 2.0);
            NDArray one = NDArray.scalar(1, DataType.INT64);
            NDArray zero = NDArray.scalar(0, DataType.INT64);
            NDArray r = NDArray.where(c, one, zero);
            assertEquals(DataType.INT64, r.dtype());
            assertArrayEquals(new long[] {1, 0, 0, 1}, r.toLongArray());

            NDArray cond = tensor(DataType.INT8, 1, 0, -3).reshape(3, 1);
            NDArray x = tensor(DataType.INT32, 10, 20, 30, 40).reshape(1, 4);
            NDArray y = NDArray.scalar(0.5, DataType.FLOAT32);
            NDArray w = NDArray.where(cond, x, y);
            assertEquals(DataType.FLOAT64, w.dtype());
            assertArrayEquals(new long[] {3, 4}, w.shape());
            assertArrayEquals(new double[] {10, 20, 30, 40, 0.5, 0.5, 0.5, 0.5, 10, 20, 30, 40},
                    w.toDoubleArray());

            NDArray h = NDArray.where(tensor(DataType.BOOL, 1, 0),
                    tensor(DataType.FLOAT16, 1.5, 2.5), tensor(DataType.FLOAT16, -1, -2));
            assertEquals(DataType.FLOAT16, h.dtype());
            assertArrayEquals(new double[] {1.5, -2}, h.toDoubleArray());
            NDArray mixed = NDArray.where(tensor(DataType.BFLOAT16, 0, 1),
                    tensor(DataType.INT8, -1, -2), tensor(DataType.UINT8, 200, 201));
            assertEquals(DataType.INT16, mixed.dtype());
            assertArrayEquals(new long[] {200, -2}, mixed.toLongArray());
            NDArray big = NDArray.arange(0, 12, 1, DataType.FLOAT64).reshape(3, 4);
            NDArray t = NDArray.where(big.transpose().apply(BinaryOp.GT, 5.0, false),
                    big.transpose(), big.transpose().neg());
            assertArrayEquals(new double[] {-0.0, -4, 8, -1, -5, 9, -2, 6, 10, -3, 7, 11},
                    t.toDoubleArray());
        }
    }

    @Test
    void clipKeepsDtypeAndTreatsNanAsNoBound() {
        try (Scope s = Scope.open()) {
            NDArray d = tensor(DataType.FLOAT64, 1, NAN, -5, 5);
            assertArrayEquals(new double[] {1, NAN, 0, 2}, d.clip(0, 2).toDoubleArray());
            assertArrayEquals(new double[] {1, NAN, -5, 2}, d.clip(NAN, 2).toDoubleArray());
            assertArrayEquals(new double[] {1, NAN, 0, 5}, d.clip(0, NAN).toDoubleArray());
            assertArrayEquals(new double[] {3, NAN, 3, 3}, d.clip(4, 3).toDoubleArray());
            NDArray f = tensor(DataType.FLOAT32, 0.05, 0.5, 0.95);
            NDArray fc = f.clip(0.1, 0.9);
            assertEquals(DataType.FLOAT32, fc.dtype());
            assertArrayEquals(new float[] {0.1f, 0.5f, 0.9f}, fc.toFloatArray());
            NDArray i = tensor(DataType.INT32, -3, 1, 2, 9);
            NDArray ic = i.clip(0.5, 2.5);
            assertEquals(DataType.INT32, ic.dtype());
            assertArrayEquals(new long[] {1, 1, 2, 2}, ic.toLongArray());
            NDArray u = tensor(DataType.UINT8, 0, 100, 255);
            assertArrayEquals(new long[] {0, 100, 200}, u.clip(-10, 200).toLongArray());
            NDArray h = tensor(DataType.FLOAT16, -70000, 3, 70000);
            assertArrayEquals(new double[] {-1, 1, 1}, h.clip(-1, 1).toDoubleArray());
            NDArray strided = NDArray.arange(0, 10, 1, DataType.FLOAT32)
                    .slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -3);
            assertArrayEquals(new float[] {7, 6, 3, 2}, strided.clip(2, 7).toFloatArray());
        }
    }
}
