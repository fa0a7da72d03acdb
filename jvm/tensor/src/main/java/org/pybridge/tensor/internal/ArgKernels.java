package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * argmax and argmin. Floats compare as doubles (exact for every float type) with numpy's NaN
 * rule: the first NaN is the answer. Integers compare as longs, so int64 stays exact.
 */
final class ArgKernels {
    private ArgKernels() {
    }

    static NDArray argReduce(boolean max, NDArray a, int axis, boolean keepDims) {
        int ax = Shapes.axis(axis, a.ndim());
        ReducePlan p = new ReducePlan(a, new int[] {ax}, keepDims, false);
        if (p.reduced == 0 && p.outputs > 0) {
            throw new IllegalArgumentException("attempt to get " + (max ? "argmax" : "argmin")
                    + " of an empty sequence: axis " + axis + " of shape "
                    + Shapes.str(a.shape()) + " has size 0.");
        }
        NDArray result = NDArray.empty(DataType.INT64, p.outShape);
        if (p.outputs == 0) {
            return result;
        }
        try {
            run(max, a.dtype(), p, result.address());
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
        return result;
    }

    static NDArray argReduceFlat(boolean max, NDArray a) {
        try (NDArray flat = a.reshape(-1)) {
            if (flat.size() == 0) {
                throw new IllegalArgumentException("attempt to get " + (max ? "argmax" : "argmin")
                        + " of an empty sequence: the array of shape " + Shapes.str(a.shape())
                        + " has no elements.");
            }
            return argReduce(max, flat, 0, false);
        }
    }

    private static void run(boolean max, DataType t, ReducePlan p, long out) {
        long n = p.reduced;
        long rs = p.redStrides[0];
        long work = p.outputs * n;
        if (p.columnWise) {
            int last = p.keptShape.length - 1;
            long kn = p.keptShape[last];
            long ks = p.keptStrides[last];
            int block = ReduceDriver.BLOCK;
            long blocks = (kn + block - 1) / block;
            long[] outerShape = p.outerKeptShape();
            long[][] outerStrides = {p.outerKeptStrides()};
            Parallel.forRange(p.outputs / kn * blocks, work, (from, to) -> {
                long[] best = new long[block];
                double[] bestValue = new double[block];
                long[] bestLong = new long[block];
                for (long task = from; task < to; task++) {
                    long o = task / blocks;
                    long j0 = (task % blocks) * block;
                    int len = (int) Math.min(block, kn - j0);
                    long base = p.base + new IndexWalker(outerShape, outerStrides, o).offset(0)
                            + j0 * ks;
                    if (t.isFloatingPoint()) {
                        columnsDouble(max, t, n, base, rs, len, ks, best, bestValue);
                    } else {
                        columnsLong(max, t, n, base, rs, len, ks, best, bestLong);
                    }
                    for (int j = 0; j < len; j++) {
                        Raw.putLong(out + 8 * (o * kn + j0 + j), best[j]);
                    }
                }
            });
            return;
        }
        long[][] kept = {p.keptStrides};
        Parallel.forRange(p.outputs, work, (from, to) -> {
            IndexWalker w = new IndexWalker(p.keptShape, kept, from);
            for (long o = from; o < to; o++, w.next()) {
                long a = p.base + w.offset(0);
                long i = t.isFloatingPoint() ? rowDouble(max, t, n, a, rs) : rowLong(max, t, n, a, rs);
                Raw.putLong(out + 8 * o, i);
            }
        });
    }

    /**
     * Index of the extreme of a float run; the first NaN wins. float32/float64 find the extreme
     * with the branch-free max/min loops first, then its first position (a second, short pass).
     */
    static long rowDouble(boolean max, DataType t, long n, long a, long s) {
        if (t == DataType.FLOAT32) {
            float m = (float) (max ? FloatFolds.maxF32(n, a, s) : FloatFolds.minF32(n, a, s));
            for (long i = 0, p = a; i < n; i++, p += s) {
                float v = Raw.getFloat(p);
                if (v == m || m != m && v != v) {
                    return i;
                }
            }
            return 0;
        }
        if (t == DataType.FLOAT64) {
            double m = max ? FloatFolds.maxF64(n, a, s) : FloatFolds.minF64(n, a, s);
            for (long i = 0, p = a; i < n; i++, p += s) {
                double v = Raw.getDouble(p);
                if (v == m || m != m && v != v) {
                    return i;
                }
            }
            return 0;
        }
        double best = Access.getDouble(t, a);
        if (best != best) {
            return 0;
        }
        long at = 0;
        long p = a + s;
        for (long i = 1; i < n; i++, p += s) {
            double v = Access.getDouble(t, p);
            if (max ? v > best : v < best) {
                best = v;
                at = i;
            } else if (v != v) {
                return i;
            }
        }
        return at;
    }

    static long rowLong(boolean max, DataType t, long n, long a, long s) {
        long best = Access.getLong(t, a);
        long at = 0;
        long p = a + s;
        for (long i = 1; i < n; i++, p += s) {
            long v = Access.getLong(t, p);
            if (max ? v > best : v < best) {
                best = v;
                at = i;
            }
        }
        return at;
    }

    /**
     * Column-wise argmax of {@code len} neighbouring outputs: walks the reduced axis one input
     * row at a time, keeping each column's best so far.
     */
    private static void columnsDouble(boolean max, DataType t, long n, long base, long rs, int len,
            long ks, long[] best, double[] value) {
        for (int j = 0; j < len; j++) {
            value[j] = Access.getDouble(t, base + j * ks);
            best[j] = 0;
        }
        long row = base + rs;
        for (long i = 1; i < n; i++, row += rs) {
            for (int j = 0; j < len; j++) {
                double v = t == DataType.FLOAT32 ? Raw.getFloat(row + j * ks)
                        : Access.getDouble(t, row + j * ks);
                double b = value[j];
                // Once a column holds a NaN it is final; a new NaN replaces a number.
                if (b == b && (v != v || (max ? v > b : v < b))) {
                    value[j] = v;
                    best[j] = i;
                }
            }
        }
    }

    private static void columnsLong(boolean max, DataType t, long n, long base, long rs, int len,
            long ks, long[] best, long[] value) {
        for (int j = 0; j < len; j++) {
            value[j] = Access.getLong(t, base + j * ks);
            best[j] = 0;
        }
        long row = base + rs;
        for (long i = 1; i < n; i++, row += rs) {
            for (int j = 0; j < len; j++) {
                long v = Access.getLong(t, row + j * ks);
                if (max ? v > value[j] : v < value[j]) {
                    value[j] = v;
                    best[j] = i;
                }
            }
        }
    }
}
