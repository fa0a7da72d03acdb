package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * Softmax and log-softmax along one axis, stable by subtracting each slice's maximum, computed
 * in double and rounded once. A C-contiguous input of the result type is read directly; any
 * other input is first copied into the result (converted, C-contiguous) and transformed in
 * place, so one code path serves every layout.
 */
final class SoftmaxKernels {
    private SoftmaxKernels() {
    }

    static NDArray softmax(NDArray a, int axis, boolean log) {
        int ax = Shapes.axis(axis, a.ndim());
        DataType t = a.dtype().isFloatingPoint() ? a.dtype() : DataType.FLOAT64;
        boolean direct = a.dtype() == t && a.isContiguous();
        NDArray out = direct ? NDArray.empty(t, a.shape())
                : a.dtype() == t ? a.dup() : a.cast(t);
        try {
            long[] s = out.shape();
            long outer = Shapes.size(java.util.Arrays.copyOfRange(s, 0, ax));
            long inner = Shapes.size(java.util.Arrays.copyOfRange(s, ax + 1, s.length));
            long len = s[ax];
            if (out.size() == 0) {
                return out;
            }
            long item = t.byteSize();
            long dst = out.address();
            long src = direct ? a.address() : dst;
            long work = out.size() * 8;
            if (inner == 1) {
                Parallel.forRange(outer, work, (from, to) -> {
                    for (long o = from; o < to; o++) {
                        long off = o * len * item;
                        row(t, log, src + off, dst + off, len, item);
                    }
                });
                return out;
            }
            int block = ReduceDriver.BLOCK;
            long blocks = (inner + block - 1) / block;
            Parallel.forRange(outer * blocks, work, (from, to) -> {
                double[] max = new double[block];
                double[] sum = new double[block];
                for (long task = from; task < to; task++) {
                    long o = task / blocks;
                    long j0 = (task % blocks) * block;
                    int n = (int) Math.min(block, inner - j0);
                    long off = (o * len * inner + j0) * item;
                    columns(t, log, src + off, dst + off, len, inner * item, n, item, max, sum);
                }
            });
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /**
     * Softmax along the last axis of a C-contiguous, writable float32/float64 matrix, in place:
     * the values {@link #softmax} gives for axis 1, without a second tensor.
     */
    static void rowsInPlace(NDArray a) {
        DataType t = a.dtype();
        if (a.ndim() != 2 || !a.isContiguous() || a.isReadOnly()
                || t != DataType.FLOAT32 && t != DataType.FLOAT64) {
            throw new IllegalArgumentException("softmax in place needs a writable C-contiguous"
                    + " float32/float64 matrix, got " + t + " " + Shapes.str(a.shape())
                    + "; use softmax(1), which returns a new tensor.");
        }
        long rows = a.shape(0);
        long len = a.shape(1);
        long item = t.byteSize();
        long base = a.address();
        Parallel.forRange(rows, a.size() * 8, (from, to) -> {
            for (long o = from; o < to; o++) {
                long off = base + o * len * item;
                row(t, false, off, off, len, item);
            }
        });
    }

    private static double load(DataType t, long p) {
        if (t == DataType.FLOAT32) {
            return Raw.getFloat(p);
        }
        return t == DataType.FLOAT64 ? Raw.getDouble(p) : Access.getDouble(t, p);
    }

    private static void store(DataType t, long p, double v) {
        if (t == DataType.FLOAT32) {
            Raw.putFloat(p, (float) v);
        } else if (t == DataType.FLOAT64) {
            Raw.putDouble(p, v);
        } else {
            Access.putDouble(t, p, v);
        }
    }

    /** One contiguous slice of {@code n} elements (src and dst may be the same memory). */
    private static void row(DataType t, boolean log, long src, long dst, long n, long item) {
        double max = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < n; i++) {
            max = Math.max(max, load(t, src + i * item));
        }
        double sum = 0;
        if (log) {
            for (long i = 0; i < n; i++) {
                sum += Math.exp(load(t, src + i * item) - max);
            }
            double shift = max + Math.log(sum);
            for (long i = 0; i < n; i++) {
                store(t, dst + i * item, load(t, src + i * item) - shift);
            }
            return;
        }
        if (t == DataType.FLOAT32 || t == DataType.FLOAT64) {
            // keep exp(x - max) in the output between passes (float32 rounds it once more, far
            // below float32's own precision of the result)
            for (long i = 0; i < n; i++) {
                double e = Math.exp(load(t, src + i * item) - max);
                sum += e;
                store(t, dst + i * item, e);
            }
            double inv = 1 / sum;
            for (long i = 0; i < n; i++) {
                store(t, dst + i * item, load(t, dst + i * item) * inv);
            }
            return;
        }
        // 16-bit floats would round exp(x) before the division; recompute it instead.
        for (long i = 0; i < n; i++) {
            sum += Math.exp(load(t, src + i * item) - max);
        }
        for (long i = 0; i < n; i++) {
            store(t, dst + i * item, Math.exp(load(t, src + i * item) - max) / sum);
        }
    }

    /**
     * {@code n} neighbouring slices that run down the rows of a (len, ...) block: each input row
     * updates the running max and sum of every column, so memory is read in order.
     */
    private static void columns(DataType t, boolean log, long src, long dst, long len,
            long rowBytes, int n, long item, double[] max, double[] sum) {
        java.util.Arrays.fill(max, 0, n, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(sum, 0, n, 0.0);
        for (long i = 0; i < len; i++) {
            long r = src + i * rowBytes;
            for (int j = 0; j < n; j++) {
                max[j] = Math.max(max[j], load(t, r + j * item));
            }
        }
        for (long i = 0; i < len; i++) {
            long r = src + i * rowBytes;
            for (int j = 0; j < n; j++) {
                sum[j] += Math.exp(load(t, r + j * item) - max[j]);
            }
        }
        for (int j = 0; j < n; j++) {
            if (log) {
                max[j] += Math.log(sum[j]);
            } else {
                sum[j] = 1 / sum[j];
            }
        }
        for (long i = 0; i < len; i++) {
            long r = src + i * rowBytes;
            long w = dst + i * rowBytes;
            for (int j = 0; j < n; j++) {
                double x = load(t, r + j * item) - max[j];
                store(t, w + j * item, log ? x : Math.exp(x) * sum[j]);
            }
        }
    }
}
