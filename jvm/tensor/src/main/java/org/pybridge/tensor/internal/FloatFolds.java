package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;

/**
 * Inner loops of reductions that accumulate in double: every float input, and integer inputs
 * whose result is a float (mean, var, norms). float32 and float64 get hand-specialised loops
 * with several independent accumulators (so the adds do not wait on each other); other dtypes
 * take a generic loop.
 *
 * <p>float64 sums are pairwise like numpy's (blocks of 128 summed with 8 accumulators, blocks
 * combined as a binary tree); float32 sums add 32-element float leaves in double, so they are
 * more accurate than numpy's float32 pairwise sums; other float32 folds accumulate in
 * double.
 */
final class FloatFolds {
    private static final int BLOCK = 128;
    private static final int F32_LEAF = 32;

    private FloatFolds() {
    }

    /**
     * Folds {@code n} elements starting at {@code a}, {@code s} bytes apart.
     *
     * @param c the centre for {@link Fold#SUM_SQ_DEV} (ignored otherwise)
     */
    static double row(Fold f, DataType t, long n, long a, long s, double c) {
        if (t == DataType.FLOAT32) {
            switch (f) {
                case SUM: return sumF32(n, a, s);
                case SUM_SQ: return sqDevF32(n, a, s, 0.0);
                case SUM_SQ_DEV: return sqDevF32(n, a, s, c);
                case MAX: return maxF32(n, a, s);
                case MIN: return minF32(n, a, s);
                default: break;
            }
        } else if (t == DataType.FLOAT64) {
            switch (f) {
                case SUM: return sumF64(n, a, s);
                case SUM_SQ: return sqDevF64(n, a, s, 0.0);
                case SUM_SQ_DEV: return sqDevF64(n, a, s, c);
                case MAX: return maxF64(n, a, s);
                case MIN: return minF64(n, a, s);
                default: break;
            }
        }
        double r = f.identity();
        for (long i = 0, p = a; i < n; i++, p += s) {
            r = step(f, r, Access.getDouble(t, p), c);
        }
        return r;
    }

    /**
     * Folds {@code len} elements (starting at {@code a}, {@code s} bytes apart) into
     * {@code acc[0..len)} one by one: one input row of a column-wise reduction.
     *
     * @param centre per-slot centres for {@link Fold#SUM_SQ_DEV}, else unused
     */
    static void addRow(Fold f, DataType t, double[] acc, double[] centre, int len, long a,
            long s) {
        if (t == DataType.FLOAT32) {
            switch (f) {
                case SUM:
                    for (int j = 0; j < len; j++) {
                        acc[j] += Raw.getFloat(a + j * s);
                    }
                    return;
                case SUM_SQ_DEV:
                    for (int j = 0; j < len; j++) {
                        double d = Raw.getFloat(a + j * s) - centre[j];
                        acc[j] += d * d;
                    }
                    return;
                case MAX:
                    for (int j = 0; j < len; j++) {
                        acc[j] = Math.max(acc[j], Raw.getFloat(a + j * s));
                    }
                    return;
                case MIN:
                    for (int j = 0; j < len; j++) {
                        acc[j] = Math.min(acc[j], Raw.getFloat(a + j * s));
                    }
                    return;
                default:
                    break;
            }
        } else if (t == DataType.FLOAT64) {
            switch (f) {
                case SUM:
                    for (int j = 0; j < len; j++) {
                        acc[j] += Raw.getDouble(a + j * s);
                    }
                    return;
                case SUM_SQ_DEV:
                    for (int j = 0; j < len; j++) {
                        double d = Raw.getDouble(a + j * s) - centre[j];
                        acc[j] += d * d;
                    }
                    return;
                case MAX:
                    for (int j = 0; j < len; j++) {
                        acc[j] = Math.max(acc[j], Raw.getDouble(a + j * s));
                    }
                    return;
                case MIN:
                    for (int j = 0; j < len; j++) {
                        acc[j] = Math.min(acc[j], Raw.getDouble(a + j * s));
                    }
                    return;
                default:
                    break;
            }
        }
        for (int j = 0; j < len; j++) {
            acc[j] = step(f, acc[j], Access.getDouble(t, a + j * s),
                    f == Fold.SUM_SQ_DEV ? centre[j] : 0.0);
        }
    }

    /** One element of a fold, for the generic loops. */
    static double step(Fold f, double r, double x, double c) {
        switch (f) {
            case SUM: return r + x;
            case PROD: return r * x;
            case MAX: return Math.max(r, x);
            case MIN: return Math.min(r, x);
            case SUM_ABS: return r + Math.abs(x);
            case SUM_SQ: return r + x * x;
            case SUM_SQ_DEV: {
                double d = x - c;
                return r + d * d;
            }
            // NaN is "true" like numpy's bool(nan): it is != 0.
            case ANY: return r != 0 || x != 0 ? 1.0 : 0.0;
            case ALL: return r != 0 && x != 0 ? 1.0 : 0.0;
            default: throw new AssertionError(f);
        }
    }

    // ---------------------------------------------------------------- float32

    /**
     * float32 sum: blocks of 32 summed in float by 8 accumulators (4 adds each, then a pairwise
     * combine, like a small numpy leaf), and the block sums added up in double. The error is
     * that of one 32-element leaf, well below numpy's pairwise tree over 128-element leaves,
     * while the hot loop stays in float (converting every element to double costs a third more
     * time).
     */
    static double sumF32(long n, long a, long s) {
        double total = 0;
        long i = 0;
        long p = a;
        for (; i + F32_LEAF <= n; i += F32_LEAF) {
            float r0 = 0;
            float r1 = 0;
            float r2 = 0;
            float r3 = 0;
            float r4 = 0;
            float r5 = 0;
            float r6 = 0;
            float r7 = 0;
            for (int k = 0; k < F32_LEAF / 8; k++, p += 8 * s) {
                r0 += Raw.getFloat(p);
                r1 += Raw.getFloat(p + s);
                r2 += Raw.getFloat(p + 2 * s);
                r3 += Raw.getFloat(p + 3 * s);
                r4 += Raw.getFloat(p + 4 * s);
                r5 += Raw.getFloat(p + 5 * s);
                r6 += Raw.getFloat(p + 6 * s);
                r7 += Raw.getFloat(p + 7 * s);
            }
            total += ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        }
        for (; i < n; i++, p += s) {
            total += Raw.getFloat(p);
        }
        return total;
    }

    static double sqDevF32(long n, long a, long s, double c) {
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        double r3 = 0;
        long i = 0;
        long p = a;
        for (; i + 4 <= n; i += 4, p += 4 * s) {
            double d0 = Raw.getFloat(p) - c;
            double d1 = Raw.getFloat(p + s) - c;
            double d2 = Raw.getFloat(p + 2 * s) - c;
            double d3 = Raw.getFloat(p + 3 * s) - c;
            r0 += d0 * d0;
            r1 += d1 * d1;
            r2 += d2 * d2;
            r3 += d3 * d3;
        }
        double r = (r0 + r1) + (r2 + r3);
        for (; i < n; i++, p += s) {
            double d = Raw.getFloat(p) - c;
            r += d * d;
        }
        return r;
    }

    static double maxF32(long n, long a, long s) {
        float r0 = Float.NEGATIVE_INFINITY;
        float r1 = r0;
        float r2 = r0;
        float r3 = r0;
        long i = 0;
        long p = a;
        for (; i + 4 <= n; i += 4, p += 4 * s) {
            r0 = Math.max(r0, Raw.getFloat(p));
            r1 = Math.max(r1, Raw.getFloat(p + s));
            r2 = Math.max(r2, Raw.getFloat(p + 2 * s));
            r3 = Math.max(r3, Raw.getFloat(p + 3 * s));
        }
        float r = Math.max(Math.max(r0, r1), Math.max(r2, r3));
        for (; i < n; i++, p += s) {
            r = Math.max(r, Raw.getFloat(p));
        }
        return r;
    }

    static double minF32(long n, long a, long s) {
        float r0 = Float.POSITIVE_INFINITY;
        float r1 = r0;
        float r2 = r0;
        float r3 = r0;
        long i = 0;
        long p = a;
        for (; i + 4 <= n; i += 4, p += 4 * s) {
            r0 = Math.min(r0, Raw.getFloat(p));
            r1 = Math.min(r1, Raw.getFloat(p + s));
            r2 = Math.min(r2, Raw.getFloat(p + 2 * s));
            r3 = Math.min(r3, Raw.getFloat(p + 3 * s));
        }
        float r = Math.min(Math.min(r0, r1), Math.min(r2, r3));
        for (; i < n; i++, p += s) {
            r = Math.min(r, Raw.getFloat(p));
        }
        return r;
    }

    // ---------------------------------------------------------------- float64

    static double sumF64(long n, long a, long s) {
        if (n > BLOCK) {
            long h = n / 2;
            h -= h % 8;
            return sumF64(h, a, s) + sumF64(n - h, a + h * s, s);
        }
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        double r3 = 0;
        double r4 = 0;
        double r5 = 0;
        double r6 = 0;
        double r7 = 0;
        long i = 0;
        long p = a;
        for (; i + 8 <= n; i += 8, p += 8 * s) {
            r0 += Raw.getDouble(p);
            r1 += Raw.getDouble(p + s);
            r2 += Raw.getDouble(p + 2 * s);
            r3 += Raw.getDouble(p + 3 * s);
            r4 += Raw.getDouble(p + 4 * s);
            r5 += Raw.getDouble(p + 5 * s);
            r6 += Raw.getDouble(p + 6 * s);
            r7 += Raw.getDouble(p + 7 * s);
        }
        double r = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        for (; i < n; i++, p += s) {
            r += Raw.getDouble(p);
        }
        return r;
    }

    static double sqDevF64(long n, long a, long s, double c) {
        if (n > BLOCK) {
            long h = n / 2;
            h -= h % 4;
            return sqDevF64(h, a, s, c) + sqDevF64(n - h, a + h * s, s, c);
        }
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        double r3 = 0;
        long i = 0;
        long p = a;
        for (; i + 4 <= n; i += 4, p += 4 * s) {
            double d0 = Raw.getDouble(p) - c;
            double d1 = Raw.getDouble(p + s) - c;
            double d2 = Raw.getDouble(p + 2 * s) - c;
            double d3 = Raw.getDouble(p + 3 * s) - c;
            r0 += d0 * d0;
            r1 += d1 * d1;
            r2 += d2 * d2;
            r3 += d3 * d3;
        }
        double r = (r0 + r1) + (r2 + r3);
        for (; i < n; i++, p += s) {
            double d = Raw.getDouble(p) - c;
            r += d * d;
        }
        return r;
    }

    static double maxF64(long n, long a, long s) {
        double r0 = Double.NEGATIVE_INFINITY;
        double r1 = r0;
        double r2 = r0;
        double r3 = r0;
        long i = 0;
        long p = a;
        for (; i + 4 <= n; i += 4, p += 4 * s) {
            r0 = Math.max(r0, Raw.getDouble(p));
            r1 = Math.max(r1, Raw.getDouble(p + s));
            r2 = Math.max(r2, Raw.getDouble(p + 2 * s));
            r3 = Math.max(r3, Raw.getDouble(p + 3 * s));
        }
        double r = Math.max(Math.max(r0, r1), Math.max(r2, r3));
        for (; i < n; i++, p += s) {
            r = Math.max(r, Raw.getDouble(p));
        }
        return r;
    }

    static double minF64(long n, long a, long s) {
        double r0 = Double.POSITIVE_INFINITY;
        double r1 = r0;
        double r2 = r0;
        double r3 = r0;
        long i = 0;
        long p = a;
        for (; i + 4 <= n; i += 4, p += 4 * s) {
            r0 = Math.min(r0, Raw.getDouble(p));
            r1 = Math.min(r1, Raw.getDouble(p + s));
            r2 = Math.min(r2, Raw.getDouble(p + 2 * s));
            r3 = Math.min(r3, Raw.getDouble(p + 3 * s));
        }
        double r = Math.min(Math.min(r0, r1), Math.min(r2, r3));
        for (; i < n; i++, p += s) {
            r = Math.min(r, Raw.getDouble(p));
        }
        return r;
    }
}
