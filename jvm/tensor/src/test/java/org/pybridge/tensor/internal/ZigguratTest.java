package org.pybridge.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.LeakCheck;

@ExtendWith(LeakCheck.class)
class ZigguratTest {

    @Test
    void layersEncloseEqualAreas() {
        // Top layer: width x1, height 1 - f(x1); every layer, base and tail included, has area V.
        double x1 = Ziggurat.W[1] * 0x1.0p53;
        assertEquals(Ziggurat.V, x1 * (1 - Ziggurat.F[1]), 1e-11);
        for (int i = 2; i < 256; i++) {
            double xi = Ziggurat.W[i] * 0x1.0p53;
            assertEquals(Ziggurat.V, xi * (Ziggurat.F[i - 1] - Ziggurat.F[i]), 1e-11, "layer " + i);
            assertTrue(Ziggurat.K[i] > 0 && Ziggurat.K[i] < (1L << 53));
        }
    }

    @Test
    void samplesFollowTheStandardNormalIncludingTails() {
        int n = 2_000_000;
        double[] z = new double[n];
        RandomKernels.RandomBits bits = new RandomKernels.RandomBits(42);
        int[] w = new int[4];
        for (int j = 0; j < n / 2; j++) {
            RandomKernels.block(42, j, 0, w);
            bits.reset(j, 0, RandomKernels.low64(w));
            z[2 * j] = Ziggurat.sample(bits);
            bits.reset(j, 1, RandomKernels.high64(w));
            z[2 * j + 1] = Ziggurat.sample(bits);
        }
        Arrays.sort(z);
        // Kolmogorov-Smirnov distance to the normal CDF; the 0.1% critical value is 1.95/sqrt(n).
        double d = 0;
        for (int i = 0; i < n; i += 7) {
            double cdf = normalCdf(z[i]);
            d = Math.max(d, Math.max(Math.abs(cdf - (double) i / n),
                    Math.abs(cdf - (double) (i + 1) / n)));
        }
        assertTrue(d < 1.95 / Math.sqrt(n), "KS distance " + d);
        // Tails: P(|z| > 3) = 0.0026998, P(|z| > 4) = 6.334e-5 (the ziggurat's tail starts at 3.65).
        long beyond3 = Arrays.stream(z).filter(x -> Math.abs(x) > 3).count();
        long beyond4 = Arrays.stream(z).filter(x -> Math.abs(x) > 4).count();
        assertEquals(0.0026998 * n, beyond3, 4 * Math.sqrt(0.0027 * n));
        assertEquals(6.334e-5 * n, beyond4, 5 * Math.sqrt(6.334e-5 * n));
    }

    /** Standard normal CDF via the complementary error function. */
    private static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** erfc by the Numerical Recipes Chebyshev fit (relative error below 1.2e-7). */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
                + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
                + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
