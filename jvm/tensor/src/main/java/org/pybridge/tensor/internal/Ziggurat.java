package org.pybridge.tensor.internal;

/**
 * Standard normal samples by the ziggurat method of Marsaglia and Tsang ("The ziggurat method
 * for generating random variables", J. Stat. Software 5(8), 2000) with 256 layers, the layout
 * numpy also uses. About 99% of samples cost one table lookup, one multiply and one compare;
 * the rest fall in a wedge (one exp) or the tail beyond {@link #R} (logs).
 *
 * <p>Each sample reads one 64-bit word: the low 8 bits pick the layer, bit 8 the sign, the top
 * 53 bits the magnitude, so no bit serves two purposes. The tables are computed once with
 * {@link StrictMath}, whose results are specified bit for bit, so every JVM builds the same
 * tables and draws the same numbers.
 */
final class Ziggurat {
    /** Start of the tail: the right edge of the bottom layer. */
    static final double R = 3.6541528853610088;
    /** Area of each layer (and of the base strip with the tail). */
    static final double V = 4.92867323399e-3;
    private static final double SCALE = 0x1.0p53;

    /** Magnitudes below K[i] fall inside layer i's rectangle under the curve: accept at once. */
    static final long[] K = new long[256];
    /** W[i] = (right edge of layer i) / 2^53: turns a 53-bit magnitude into x. */
    static final double[] W = new double[256];
    /** F[i] = density exp(-x^2/2) at the right edge of layer i (F[0] = 1, the top). */
    static final double[] F = new double[256];

    static {
        double x = R;
        double previous = x;
        double q = V / StrictMath.exp(-0.5 * x * x);
        K[0] = (long) ((x / q) * SCALE);
        K[1] = 0;
        W[0] = q / SCALE;
        W[255] = x / SCALE;
        F[0] = 1.0;
        F[255] = StrictMath.exp(-0.5 * x * x);
        for (int i = 254; i >= 1; i--) {
            // The next edge up encloses the same area V between the two layers' heights.
            x = Math.sqrt(-2.0 * StrictMath.log(V / x + StrictMath.exp(-0.5 * x * x)));
            K[i + 1] = (long) ((x / previous) * SCALE);
            previous = x;
            F[i] = StrictMath.exp(-0.5 * x * x);
            W[i] = x / SCALE;
        }
    }

    private Ziggurat() {
    }

    /**
     * The sample {@link #sample} gives for a stream starting with {@code w} when that word alone
     * decides it (about 99% of words), else NaN.
     */
    static double quick(long w) {
        int layer = (int) (w & 0xFF);
        long u = w >>> 11;
        if (u < K[layer]) {
            double x = u * W[layer];
            return (w & 0x100) != 0 ? -x : x;
        }
        return Double.NaN;
    }

    /** One standard normal value, reading as many words from {@code bits} as it needs. */
    static double sample(RandomKernels.RandomBits bits) {
        while (true) {
            long w = bits.next();
            int layer = (int) (w & 0xFF);
            boolean negative = (w & 0x100) != 0;
            long u = w >>> 11;
            double x = u * W[layer];
            if (u < K[layer]) {
                return negative ? -x : x;
            }
            if (layer == 0) {
                // Tail beyond R (Marsaglia 1964): exponential proposals, accepted under the
                // normal tail's shape.
                double t;
                double y;
                do {
                    t = -StrictMath.log(open01(bits.next())) / R;
                    y = -StrictMath.log(open01(bits.next()));
                } while (y + y < t * t);
                return negative ? -(R + t) : R + t;
            }
            double height = F[layer] + ((bits.next() >>> 11) * 0x1.0p-53) * (F[layer - 1]
                    - F[layer]);
            if (height < StrictMath.exp(-0.5 * x * x)) {
                return negative ? -x : x;
            }
        }
    }

    /** A double in the open interval (0, 1) from the top 53 bits. */
    private static double open01(long w) {
        return ((w >>> 11) + 0.5) * 0x1.0p-53;
    }
}
