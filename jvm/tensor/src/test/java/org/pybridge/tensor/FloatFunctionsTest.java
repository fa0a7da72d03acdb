package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.FloatFunctions;

/**
 * The float32 exp/sigmoid/tanh against double-precision references rounded to float: at most
 * 1 ulp apart over a dense sweep of the float range, random bit patterns and the special values;
 * and through NDArray (contiguous and strided) against the float64 computation.
 */
@ExtendWith(LeakCheck.class)
class FloatFunctionsTest {

    private static long ulps(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        if (a == b) {
            return 0;
        }
        // map the float line onto integers monotonically (negatives mirrored)
        long ia = Float.floatToIntBits(a);
        long ib = Float.floatToIntBits(b);
        ia = ia < 0 ? Integer.MIN_VALUE - ia : ia;
        ib = ib < 0 ? Integer.MIN_VALUE - ib : ib;
        return Math.abs(ia - ib);
    }

    private static void check(String name, DoubleUnaryOperator fast, DoubleUnaryOperator ref,
            float lo, float hi) {
        Random r = new Random(7);
        long worst = 0;
        float worstAt = 0;
        int steps = 400_000;
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            88.72283f, 88.72284f, -87.33654f, -103.97208f, -103.97209f, 1e-30f, -1e-30f, 0.625f,
            -0.625f, 0.62499994f, 9f, -9f, 20f};
        for (int i = 0; i < steps + specials.length + 200_000; i++) {
            float x;
            if (i < steps) {
                x = lo + (hi - lo) * i / steps;
            } else if (i < steps + specials.length) {
                x = specials[i - steps];
            } else {
                x = Float.intBitsToFloat(r.nextInt());
            }
            float got = (float) fast.applyAsDouble(x);
            float want = (float) ref.applyAsDouble(x);
            long u = ulps(got, want);
            if (u > worst) {
                worst = u;
                worstAt = x;
            }
            if (want == 0 && got == 0) {
                assertEquals(Math.copySign(1f, want), Math.copySign(1f, got), name + " sign at " + x);
            }
        }
        assertTrue(worst <= 1, name + ": " + worst + " ulps at x=" + worstAt);
    }

    @Test
    void expIsWithinOneUlp() {
        check("exp", FloatFunctions::exp, Math::exp, -110f, 95f);
    }

    @Test
    void sigmoidIsWithinOneUlp() {
        check("sigmoid", FloatFunctions::sigmoid, x -> 1 / (1 + StrictMath.exp(-x)), -110f, 110f);
    }

    @Test
    void tanhIsWithinOneUlp() {
        check("tanh", FloatFunctions::tanh, StrictMath::tanh, -12f, 12f);
        check("tanh near 0", FloatFunctions::tanh, StrictMath::tanh, -1e-3f, 1e-3f);
    }

    @Test
    void float32TensorsMatchTheFloat64ComputationRounded() {
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.SIGMOID, UnaryOp.TANH}) {
            Scope s = Scope.open();
            try {
                NDArray x64 = TestArrays.randomReals(DataType.FLOAT64, 3, 300, 500).mul(8.0);
                NDArray x32 = x64.cast(DataType.FLOAT32);
                NDArray strided = x32.slice(1, 0, Long.MIN_VALUE, 3);
                for (NDArray in : new NDArray[] {x32, strided}) {
                    float[] got = in.apply(op).toFloatArray();
                    double[] want = in.cast(DataType.FLOAT64).apply(op).toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        assertTrue(ulps(got[i], (float) want[i]) <= 1, op + " at " + i + ": "
                                + got[i] + " vs " + want[i]);
                    }
                }
                NDArray inPlace = x32.dup().applyInPlace(op);
                assertArrayEquals(x32.apply(op).toFloatArray(), inPlace.toFloatArray(),
                        op.name());
            } finally {
                s.close();
            }
        }
    }
}
