package org.pybridge.tensor.internal;

/**
 * The Philox4x32-10 counter-based random function (Salmon, Moraes, Dror and Shaw, "Parallel
 * random numbers: as easy as 1, 2, 3", SC 2011; the Random123 library). It maps a 128-bit
 * counter and a 64-bit key to 128 random bits with ten rounds of two 32x32->64-bit multiplies,
 * so any block can be computed directly from its counter: streams split across threads without
 * coordination, and the result depends on nothing but (key, counter).
 *
 * <p>Constants are the published ones: multipliers {@code 0xD2511F53}, {@code 0xCD9E8D57}; key
 * increments ("Weyl" constants, from the golden ratio and sqrt(3)) {@code 0x9E3779B9},
 * {@code 0xBB67AE85}. The implementation is checked against Random123's known-answer vectors.
 */
public final class Philox {
    static final int M0 = 0xD2511F53;
    static final int M1 = 0xCD9E8D57;
    static final int W0 = 0x9E3779B9;
    static final int W1 = 0xBB67AE85;
    private static final long MASK = 0xFFFFFFFFL;

    private Philox() {
    }

    /**
     * Computes one block into {@code out[0..3]}.
     *
     * @param c0 counter word 0 (least significant), and so on
     * @param k0 key word 0
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        int x0 = c0;
        int x1 = c1;
        int x2 = c2;
        int x3 = c3;
        int key0 = k0;
        int key1 = k1;
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & MASK) * (x0 & MASK);
            long p1 = (M1 & MASK) * (x2 & MASK);
            int y0 = (int) (p1 >>> 32) ^ x1 ^ key0;
            int y2 = (int) (p0 >>> 32) ^ x3 ^ key1;
            x1 = (int) p1;
            x3 = (int) p0;
            x0 = y0;
            x2 = y2;
            key0 += W0;
            key1 += W1;
        }
        out[0] = x0;
        out[1] = x1;
        out[2] = x2;
        out[3] = x3;
    }
}
