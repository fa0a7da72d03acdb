package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * The matrix products BLAS does not cover: integer and bool matmul (accumulated in long,
 * wrapping like numpy's integer arithmetic), outer products, and scaling by beta.
 */
final class MatmulLoops {
    private MatmulLoops() {
    }

    /**
     * {@code c[..., i, j] = sum_k a[..., i, k] * b[..., k, j]} for int64 operands of any layout
     * (batch axes broadcast to c's), written into c of any integer or bool type (truncating
     * like numpy's wrapping arithmetic; bool gives "any a & b").
     */
    static void integer(NDArray a, NDArray b, NDArray c) {
        long[] cs = c.shape();
        int nd = cs.length;
        long m = cs[nd - 2];
        long n = cs[nd - 1];
        long k = a.shape(-1);
        long[] batch = java.util.Arrays.copyOf(cs, nd - 2);
        long[][] batchStrides = {
            LinalgKernels.batchByteStrides(a, batch),
            LinalgKernels.batchByteStrides(b, batch),
            LinalgKernels.batchByteStrides(c, batch)};
        long[] as = a.byteStrides();
        long[] bs = b.byteStrides();
        long[] ccs = c.byteStrides();
        long ars = as[as.length - 2];
        long acs = as[as.length - 1];
        long brs = bs[bs.length - 2];
        long bcs = bs[bs.length - 1];
        long crs = ccs[nd - 2];
        long ccol = ccs[nd - 1];
        long aBase = a.address();
        long bBase = b.address();
        long cBase = c.address();
        DataType out = c.dtype();
        long rows = Shapes.size(batch) * m;
        if (rows == 0 || n == 0) {
            return;
        }
        int width = Math.toIntExact(n);
        Parallel.forRange(rows, rows * Math.max(1, n * k), (from, to) -> {
            long[] acc = new long[width];
            long p = from / m;
            IndexWalker w = new IndexWalker(batch, batchStrides, p);
            for (long r = from; r < to; r++) {
                long i = r % m;
                if (i == 0 && r != from) {
                    w.next();
                }
                java.util.Arrays.fill(acc, 0L);
                long aRow = aBase + w.offset(0) + i * ars;
                long bMat = bBase + w.offset(1);
                for (long kk = 0; kk < k; kk++) {
                    long x = Raw.getLong(aRow + kk * acs);
                    if (x == 0) {
                        continue;
                    }
                    long bRow = bMat + kk * brs;
                    for (int j = 0; j < width; j++) {
                        acc[j] += x * Raw.getLong(bRow + j * bcs);
                    }
                }
                long cRow = cBase + w.offset(2) + i * crs;
                for (int j = 0; j < width; j++) {
                    Access.putLong(out, cRow + j * ccol, acc[j]);
                }
            }
        });
    }

    /**
     * {@code out[i, j] = a[i] * b[j]} for flat a and b, computed like numpy's multiply in the
     * result type (exact double products rounded once to float32; integers wrap).
     */
    static void outer(NDArray a, NDArray b, NDArray out) {
        DataType t = out.dtype();
        int m = Math.toIntExact(a.size());
        int n = Math.toIntExact(b.size());
        long base = out.address();
        long item = t.byteSize();
        if (t.isIntegral()) {
            long[] x = a.toLongArray();
            long[] y = b.toLongArray();
            Parallel.forRange(m, (long) m * n, (from, to) -> {
                for (long i = from; i < to; i++) {
                    long row = base + i * n * item;
                    for (int j = 0; j < n; j++) {
                        Access.putLong(t, row + j * item, x[(int) i] * y[j]);
                    }
                }
            });
            return;
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        Parallel.forRange(m, (long) m * n, (from, to) -> {
            for (long i = from; i < to; i++) {
                long row = base + i * n * item;
                double xi = x[(int) i];
                if (t == DataType.FLOAT32) {
                    for (int j = 0; j < n; j++) {
                        Raw.putFloat(row + 4L * j, (float) (xi * y[j]));
                    }
                } else if (t == DataType.FLOAT64) {
                    for (int j = 0; j < n; j++) {
                        Raw.putDouble(row + 8L * j, xi * y[j]);
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        Access.putDouble(t, row + j * item, (float) xi * (float) y[j]);
                    }
                }
            }
        });
    }

    /** {@code c *= beta} for a 2-d float32/float64 matrix of any layout. */
    static void scale(NDArray c, double beta) {
        long[] s = c.shape();
        long[] st = c.byteStrides();
        long base = c.address();
        boolean single = c.dtype() == DataType.FLOAT32;
        for (long i = 0; i < s[0]; i++) {
            for (long j = 0; j < s[1]; j++) {
                long p = base + i * st[0] + j * st[1];
                if (single) {
                    Raw.putFloat(p, (float) (Raw.getFloat(p) * beta));
                } else {
                    Raw.putDouble(p, Raw.getDouble(p) * beta);
                }
            }
        }
    }
}
