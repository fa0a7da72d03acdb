package org.pybridge.tensor.internal;

import java.util.Arrays;

/**
 * Stable least-significant-digit radix sorts of unsigned 32- and 64-bit keys, optionally
 * carrying an int payload (the original positions, for argsort). One pass per byte; a pass whose
 * byte is the same for every key is skipped, so small-range data (int8, bool, small integers)
 * costs few passes. For lanes of a few hundred elements and more this beats comparison sorts
 * several times over, and stability makes argsort ties come out in index order for free.
 *
 * <p>Callers map their values to keys whose unsigned order is the wanted order.
 */
final class RadixSort {
    private RadixSort() {
    }

    /** Reusable scratch space for one thread. */
    static final class Buffers {
        private int[] ints = new int[0];
        private long[] longs = new long[0];
        private int[] payload = new int[0];
        private final int[] counts = new int[8 * 256];

        int[] ints(int n) {
            if (ints.length < n) {
                ints = new int[n];
            }
            return ints;
        }

        long[] longs(int n) {
            if (longs.length < n) {
                longs = new long[n];
            }
            return longs;
        }

        int[] payload(int n) {
            if (payload.length < n) {
                payload = new int[n];
            }
            return payload;
        }
    }

    /** Sorts {@code keys[0, n)} as unsigned ints; {@code payload} (or null) moves alongside. */
    static void sort(int[] keys, int[] payload, int n, Buffers buf) {
        if (n < 2) {
            return;
        }
        int[] counts = buf.counts;
        Arrays.fill(counts, 0, 4 * 256, 0);
        for (int i = 0; i < n; i++) {
            int k = keys[i];
            counts[k & 0xFF]++;
            counts[256 + ((k >>> 8) & 0xFF)]++;
            counts[512 + ((k >>> 16) & 0xFF)]++;
            counts[768 + (k >>> 24)]++;
        }
        int[] src = keys;
        int[] dst = buf.ints(n);
        int[] ps = payload;
        int[] pd = payload == null ? null : buf.payload(n);
        for (int pass = 0; pass < 4; pass++) {
            int base = pass * 256;
            int shift = pass * 8;
            if (counts[base + ((src[0] >>> shift) & 0xFF)] == n) {
                continue;
            }
            prefixSums(counts, base);
            for (int i = 0; i < n; i++) {
                int k = src[i];
                int at = counts[base + ((k >>> shift) & 0xFF)]++;
                dst[at] = k;
                if (ps != null) {
                    pd[at] = ps[i];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
            t = ps;
            ps = pd;
            pd = t;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, n);
            if (payload != null) {
                System.arraycopy(ps, 0, payload, 0, n);
            }
        }
    }

    /** Sorts {@code keys[0, n)} as unsigned longs; {@code payload} (or null) moves alongside. */
    static void sort(long[] keys, int[] payload, int n, Buffers buf) {
        if (n < 2) {
            return;
        }
        int[] counts = buf.counts;
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
            long k = keys[i];
            for (int pass = 0; pass < 8; pass++) {
                counts[pass * 256 + (int) ((k >>> (pass * 8)) & 0xFF)]++;
            }
        }
        long[] src = keys;
        long[] dst = buf.longs(n);
        int[] ps = payload;
        int[] pd = payload == null ? null : buf.payload(n);
        for (int pass = 0; pass < 8; pass++) {
            int base = pass * 256;
            int shift = pass * 8;
            if (counts[base + (int) ((src[0] >>> shift) & 0xFF)] == n) {
                continue;
            }
            prefixSums(counts, base);
            for (int i = 0; i < n; i++) {
                long k = src[i];
                int at = counts[base + (int) ((k >>> shift) & 0xFF)]++;
                dst[at] = k;
                if (ps != null) {
                    pd[at] = ps[i];
                }
            }
            long[] t = src;
            src = dst;
            dst = t;
            int[] tp = ps;
            ps = pd;
            pd = tp;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, n);
            if (payload != null) {
                System.arraycopy(ps, 0, payload, 0, n);
            }
        }
    }

    private static void prefixSums(int[] counts, int base) {
        int sum = 0;
        for (int b = base; b < base + 256; b++) {
            int c = counts[b];
            counts[b] = sum;
            sum += c;
        }
    }

    /** Unsigned-order key of a float (NaNs become one NaN above +infinity; -0.0 below 0.0). */
    static int floatKey(float f) {
        int bits = f != f ? 0x7FC00000 : Float.floatToRawIntBits(f);
        return bits >= 0 ? bits ^ Integer.MIN_VALUE : ~bits;
    }

    /** The float whose {@link #floatKey} is {@code key}. */
    static float keyFloat(int key) {
        return Float.intBitsToFloat(key < 0 ? key ^ Integer.MIN_VALUE : ~key);
    }

    /** Unsigned-order key of a double (NaNs become one NaN above +infinity). */
    static long doubleKey(double d) {
        long bits = d != d ? 0x7FF8000000000000L : Double.doubleToRawLongBits(d);
        return bits >= 0 ? bits ^ Long.MIN_VALUE : ~bits;
    }

    /** The double whose {@link #doubleKey} is {@code key}. */
    static double keyDouble(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }
}
