package org.pybridge.tensor.internal;

/**
 * exp, sigmoid and tanh for float32 elements, several times cheaper than going through
 * {@link Math#exp} in double and exact to within 1 float ulp.
 *
 * <p>A float result needs only ~1e-8 relative accuracy, so exp uses the textbook reduction
 * {@code e^x = 2^k e^r}, {@code |r| <= ln2/2}, a degree-8 Taylor polynomial for e^r (relative
 * error below 3e-10), and builds 2^k from its exponent bits; everything is done in double, then
 * rounded once to float (subnormal, overflow and underflow results come out of that rounding).
 * tanh near 0 uses expm1's own Taylor series, so that small arguments keep full relative
 * accuracy (no cancellation in {@code e^y - 1}).
 *
 * <pre>{@code
 * float y = (float) FloatFunctions.exp(x);
 * }</pre>
 */
public final class FloatFunctions {
    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2 = 0.6931471805599453;
    /** 1.5 * 2^52: adding it rounds to an integer that the low mantissa bits then hold. */
    private static final double SHIFTER = 0x1.8p52;

    private FloatFunctions() {
    }

    /**
     * e^x in double precision to ~3e-10 relative, for x of float range (beyond [-150, 130] the
     * float result is 0 or infinity anyway). NaN gives NaN.
     */
    public static double exp(double x) {
        double c = Math.min(Math.max(x, -150.0), 130.0);
        double t = c * LOG2E + SHIFTER;
        int k = (int) Double.doubleToRawLongBits(t);
        double kd = t - SHIFTER;
        double r = c - kd * LN2;
        double p = 1 + r * (1 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120
                + r * (1.0 / 720 + r * (1.0 / 5040 + r * (1.0 / 40320))))))));
        return p * Double.longBitsToDouble((long) (k + 1023) << 52);
    }

    /** 1 / (1 + e^-x), in the form that does not overflow for either sign. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + exp(-x));
        }
        double e = exp(x);
        return e / (1.0 + e);
    }

    /** tanh(x) = expm1(2|x|) / (expm1(2|x|) + 2), with the sign of x. */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 0.625) {
            // expm1(y) for y < 1.25 by its series: the y^15 term is below 3e-10 of the sum
            double y = 2 * ax;
            double em = y * (1 + y * (1.0 / 2 + y * (1.0 / 6 + y * (1.0 / 24 + y * (1.0 / 120
                    + y * (1.0 / 720 + y * (1.0 / 5040 + y * (1.0 / 40320 + y * (1.0 / 362880
                    + y * (1.0 / 3628800 + y * (1.0 / 39916800 + y * (1.0 / 479001600
                    + y * (1.0 / 6227020800L + y * (1.0 / 87178291200L))))))))))))));
            r = em / (em + 2);
        } else {
            r = 1 - 2 / (exp(2 * ax) + 1);
        }
        return Math.copySign(r, x);
    }
}
