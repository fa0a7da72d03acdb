package org.pybridge.tensor.internal;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.DataTypeException;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Matrix products with numpy's semantics, through native BLAS for float32 and float64.
 *
 * <p>A matrix operand goes to BLAS as it is whenever one of its two strides is 1: row-major
 * (last stride 1, leading dimension = row stride) or column-major (passed as transposed, leading
 * dimension = column stride), so {@code a.matmul(b.transpose())} copies nothing. Only other
 * layouts (negative or broadcast strides, every-other-column slices) are copied first. Batched
 * products call gemm per matrix, or once for a whole stack when the second operand has no batch
 * axes and the first is a contiguous stack. float16/bfloat16 compute in float32 and round back;
 * integers and bool use a long-accumulating Java loop and wrap like numpy.
 *
 * <pre>{@code
 * NDArray c = LinalgKernels.matmul(a, b.transpose());   // no copy of b
 * }</pre>
 */
public final class LinalgKernels {
    private static final String SIGNATURE = "(n?,k),(k,m?)->(n?,m?)";

    private LinalgKernels() {
    }

    /** How BLAS reads a stored matrix: as is or transposed, with this leading dimension. */
    private record Layout(boolean trans, long ld) {
    }

    /**
     * numpy's matmul: 1-d operands gain (then lose) an axis, batch axes broadcast.
     *
     * @throws ShapeException for 0-d operands, mismatched inner sizes or batch axes that do not
     *     broadcast
     */
    public static NDArray matmul(NDArray a, NDArray b) {
        for (int i = 0; i < 2; i++) {
            if ((i == 0 ? a : b).ndim() == 0) {
                throw new ShapeException("matmul: Input operand " + i + " does not have enough"
                        + " dimensions (has 0, gufunc core with signature " + SIGNATURE
                        + " requires 1); to scale by a scalar, multiply instead.");
            }
        }
        long[] as = a.shape();
        long[] bs = b.shape();
        boolean aVec = as.length == 1;
        boolean bVec = bs.length == 1;
        long k = as[as.length - 1];
        long kb = bVec ? bs[0] : bs[bs.length - 2];
        if (k != kb) {
            throw new ShapeException("matmul: Input operand 1 has a mismatch in its core dimension"
                    + " 0, with gufunc signature " + SIGNATURE + " (size " + kb + " is different"
                    + " from " + k + "): shapes " + Shapes.str(as) + " and " + Shapes.str(bs)
                    + "; the last axis of the first must match the "
                    + (bVec ? "length of the second." : "second-to-last axis of the second."));
        }
        long[] aBatch = Arrays.copyOf(as, Math.max(0, as.length - 2));
        long[] bBatch = Arrays.copyOf(bs, Math.max(0, bs.length - 2));
        long[] batch;
        try {
            batch = Shapes.broadcast(aBatch, bBatch);
        } catch (ShapeException e) {
            throw new ShapeException("matmul: the batch axes " + Shapes.str(aBatch) + " and "
                    + Shapes.str(bBatch) + " of shapes " + Shapes.str(as) + " and "
                    + Shapes.str(bs) + " cannot be broadcast together (each must match or be"
                    + " 1): " + e.getMessage());
        }
        long m = aVec ? 1 : as[as.length - 2];
        long n = bVec ? 1 : bs[bs.length - 1];
        long[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        DataType t = DataType.promote(a.dtype(), b.dtype());
        try (NDArray a2 = aVec ? a.expandDims(0) : a.share();
             NDArray b2 = bVec ? b.expandDims(1) : b.share()) {
            NDArray out = product(a2, b2, t, full, null);
            if (!aVec && !bVec) {
                return out;
            }
            long[] shape = Arrays.copyOf(batch, batch.length + (aVec ? 0 : 1) + (bVec ? 0 : 1));
            if (!aVec) {
                shape[batch.length] = m;
            } else if (!bVec) {
                shape[batch.length] = n;
            }
            try (out) {
                return out.reshape(shape);
            }
        }
    }

    /**
     * numpy's dot: scalars multiply, 1-d·1-d is the inner product, N-d·1-d sums over the last
     * axes, and N-d·M-d sums over the last axis of {@code a} and the second-to-last of
     * {@code b} (result shape {@code a[:-1] + b[:-2] + b[-1:]}).
     */
    public static NDArray dot(NDArray a, NDArray b) {
        if (a.ndim() == 0 || b.ndim() == 0) {
            long[] shape = a.ndim() == 0 ? b.shape() : a.shape();
            try (NDArray o = outer(a, b)) {
                return o.reshape(shape);
            }
        }
        long[] as = a.shape();
        long[] bs = b.shape();
        int bAxis = Math.max(0, bs.length - 2);
        if (as[as.length - 1] != bs[bAxis]) {
            throw new ShapeException("shapes " + Shapes.str(as) + " and " + Shapes.str(bs)
                    + " not aligned: " + as[as.length - 1] + " (dim " + (as.length - 1) + ") != "
                    + bs[bAxis] + " (dim " + bAxis + "); dot sums over the last axis of the first"
                    + " and the " + (bs.length == 1 ? "only" : "second-to-last") + " axis of the"
                    + " second.");
        }
        if (b.ndim() <= 2 || a.ndim() == 1) {
            // Here dot and matmul agree (matmul broadcasts a 1-d or 2-d operand the same way).
            return matmul(a, b);
        }
        long k = as[as.length - 1];
        long p = Shapes.size(Arrays.copyOf(as, as.length - 1));
        long q = Shapes.size(Arrays.copyOf(bs, bs.length - 2));
        long n = bs[bs.length - 1];
        long[] shape = new long[as.length - 1 + bs.length - 1];
        System.arraycopy(as, 0, shape, 0, as.length - 1);
        System.arraycopy(bs, 0, shape, as.length - 1, bs.length - 2);
        shape[shape.length - 1] = n;
        DataType t = DataType.promote(a.dtype(), b.dtype());
        // out[P..., Q..., n] viewed as a stack of Q (P, n) matrices, one per matrix of b.
        try (NDArray a2 = a.reshape(p, k); NDArray b2 = b.reshape(q, k, n)) {
            return product(a2, b2, t, shape, out -> {
                try (NDArray flat = out.reshape(p, q, n)) {
                    return flat.permute(1, 0, 2);
                }
            });
        }
    }

    /** numpy's outer: {@code out[i, j] = a.flat[i] * b.flat[j]}. */
    public static NDArray outer(NDArray a, NDArray b) {
        DataType t = DataType.promote(a.dtype(), b.dtype());
        NDArray out = NDArray.empty(t, a.size(), b.size());
        try {
            MatmulLoops.outer(a, b, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * BLAS-style {@code c = alpha * op(a) @ op(b) + beta * c} on 2-d float32 or float64
     * tensors, updating {@code c} in place; {@code op} transposes when the flag is set. Any
     * layout works; transposed views cost nothing. With {@code beta == 0}, c's old contents are
     * ignored (even NaN).
     *
     * <pre>{@code
     * LinalgKernels.gemm(false, true, 1.0, x, w, 1.0, y);   // y += x @ w.T
     * }</pre>
     */
    public static void gemm(boolean transA, boolean transB, double alpha, NDArray a, NDArray b,
            double beta, NDArray c) {
        DataType t = c.dtype();
        if (t != DataType.FLOAT32 && t != DataType.FLOAT64 || a.dtype() != t
                || b.dtype() != t) {
            throw new DataTypeException("gemm needs a, b and c of one type, float32 or float64;"
                    + " got " + a.dtype().numpyName() + ", " + b.dtype().numpyName() + " and "
                    + t.numpyName() + ". Cast the operands first.");
        }
        if (a.ndim() != 2 || b.ndim() != 2 || c.ndim() != 2) {
            throw new ShapeException("gemm needs 2-d a, b and c; got shapes "
                    + Shapes.str(a.shape()) + ", " + Shapes.str(b.shape()) + " and "
                    + Shapes.str(c.shape()) + ".");
        }
        c.ensureWritable();
        long m = c.shape(0);
        long n = c.shape(1);
        long am = a.shape(transA ? 1 : 0);
        long k = a.shape(transA ? 0 : 1);
        long bk = b.shape(transB ? 1 : 0);
        long bn = b.shape(transB ? 0 : 1);
        if (am != m || bn != n || bk != k) {
            throw new ShapeException("gemm: op(a) is " + am + " x " + k + ", op(b) is " + bk
                    + " x " + bn + " and c is " + m + " x " + n + "; they must be (m, k), (k, n)"
                    + " and (m, n). Check the transpose flags.");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (c.sharesMemoryWith(a) || c.sharesMemoryWith(b)) {
            // BLAS must not write what it still reads: work on a copy of c.
            try (NDArray tmp = c.dup()) {
                gemm(transA, transB, alpha, a, b, beta, tmp);
                c.assign(tmp);
            }
            return;
        }
        if (k == 0 || alpha == 0) {
            if (beta == 0) {
                c.fill(0.0);
            } else if (beta != 1) {
                MatmulLoops.scale(c, beta);
            }
            return;
        }
        long[] cst = c.strides();
        Layout lc = layout(m, n, cst[0], cst[1]);
        if (lc == null) {
            try (NDArray tmp = c.dup()) {
                gemm(transA, transB, alpha, a, b, beta, tmp);
                c.assign(tmp);
            }
            return;
        }
        NDArray ac = null;
        NDArray bc = null;
        try {
            long[] ast = a.strides();
            Layout la = layout(a.shape(0), a.shape(1), ast[0], ast[1]);
            if (la == null) {
                ac = a.dup();
                la = new Layout(false, Math.max(1, a.shape(1)));
            }
            long[] bst = b.strides();
            Layout lb = layout(b.shape(0), b.shape(1), bst[0], bst[1]);
            if (lb == null) {
                bc = b.dup();
                lb = new Layout(false, Math.max(1, b.shape(1)));
            }
            long aAddr = (ac != null ? ac : a).address();
            long bAddr = (bc != null ? bc : b).address();
            boolean ta = la.trans() != transA;
            boolean tb = lb.trans() != transB;
            if (!lc.trans()) {
                call(t, ta, tb, m, n, k, alpha, aAddr, la.ld(), bAddr, lb.ld(), beta, c.address(),
                        lc.ld());
            } else {
                // c is column-major: compute c^T = op(b)^T @ op(a)^T, which is row-major.
                call(t, !tb, !ta, n, m, k, alpha, bAddr, lb.ld(), aAddr, la.ld(), beta,
                        c.address(), lc.ld());
            }
        } finally {
            if (ac != null) {
                ac.close();
            }
            if (bc != null) {
                bc.close();
            }
        }
    }

    /**
     * One example through a dense layer in float32, in one pass where the native kernels run:
     * {@code y = x @ w + b}, then ReLU when {@code relu}. x is (1, k), w (k, n) with unit column
     * stride, b (n) contiguous or null, y (1, n) contiguous and apart from the others. The
     * values are those of {@link #gemm} followed by the bias add and ReLU as separate ops (the
     * same float operations in the same order); only the two extra passes over y and their
     * dispatch are saved. Returns false, having done nothing, when the kernels are off or a
     * layout does not fit; the caller then runs the separate ops.
     *
     * <pre>{@code
     * if (!LinalgKernels.denseRow(x, w, b, true, y)) { gemm(...); add; relu; }
     * }</pre>
     */
    public static boolean denseRow(NDArray x, NDArray w, NDArray b, boolean relu, NDArray y) {
        if (!NativeGemm.available() || x.dtype() != DataType.FLOAT32
                || w.dtype() != DataType.FLOAT32 || y.dtype() != DataType.FLOAT32
                || b != null && b.dtype() != DataType.FLOAT32
                || x.ndim() != 2 || w.ndim() != 2 || y.ndim() != 2 || x.shape(0) != 1
                || y.shape(0) != 1) {
            return false;
        }
        long k = w.shape(0);
        long n = w.shape(1);
        long[] ws = w.strides();
        if (x.shape(1) != k || y.shape(1) != n || k < 1 || n < 1 || k > Integer.MAX_VALUE
                || n > Integer.MAX_VALUE || n > 1 && ws[1] != 1 || k > 1 && ws[0] < n
                || ws[0] > Integer.MAX_VALUE || x.strides()[1] > Integer.MAX_VALUE
                || x.strides()[1] < 1 || !y.isContiguous() || y.isReadOnly()
                || y.sharesMemoryWith(x) || y.sharesMemoryWith(w)
                || b != null && (b.ndim() != 1 || b.shape(0) != n || !b.isContiguous()
                        || y.sharesMemoryWith(b))) {
            return false;
        }
        int ki = (int) k;
        int ni = (int) n;
        NativeGemm.rowTimesMatrix(BlasPartition.parts(k * n, n), ki, ni, 1f, w.address(),
                (int) Math.max(ws[0], 1), x.address(), (int) x.strides()[1], 0f, y.address(), 1,
                b == null ? 0 : b.address(), relu);
        return true;
    }

    /**
     * Sets the number of threads a matrix product is split over (default and cap: pybridge's
     * thread count); OpenBLAS itself runs single-threaded on each.
     */
    public static void setBlasThreads(int threads) {
        Blas.setThreads(threads);
    }

    /** The number of threads a matrix product is split over. */
    public static int blasThreads() {
        return Blas.threads();
    }

    // ------------------------------------------------------------------ internals

    /**
     * Allocates the result (of {@code shape}, in the compute type), runs the product into the
     * batched view {@code asBatched(out)} of shape (batch..., m, n) (null: out itself), and
     * converts to {@code t}.
     */
    private static NDArray product(NDArray a, NDArray b, DataType t, long[] shape,
            UnaryOperator<NDArray> asBatched) {
        boolean integral = t.isIntegral();
        DataType compute = integral ? DataType.INT64
                : t == DataType.FLOAT32 || t == DataType.FLOAT64 ? t : DataType.FLOAT32;
        DataType outType = integral ? t : compute;
        NDArray out = NDArray.empty(outType, shape);
        try (NDArray ac = convert(a, compute);
             NDArray bc = convert(b, compute);
             NDArray c = asBatched == null ? out.share() : asBatched.apply(out)) {
            if (integral) {
                MatmulLoops.integer(ac, bc, c);
            } else {
                multiply(ac, bc, c);
            }
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        if (outType == t) {
            return out;
        }
        try (out) {
            return out.cast(t);
        }
    }

    private static NDArray convert(NDArray x, DataType type) {
        return x.dtype() == type ? x.share() : x.cast(type);
    }

    /** Byte strides of x's batch axes (all but the last two) broadcast to {@code batch}. */
    static long[] batchByteStrides(NDArray x, long[] batch) {
        long[] s = x.shape();
        long[] st = x.byteStrides();
        int nb = s.length - 2;
        return Shapes.broadcastStrides(Arrays.copyOf(s, nb), Arrays.copyOf(st, nb), batch);
    }

    /** How BLAS can read a rows x cols matrix with these element strides, or null. */
    private static Layout layout(long rows, long cols, long rs, long cs) {
        if ((cols <= 1 || cs == 1) && (rows <= 1 || rs >= Math.max(1, cols))) {
            long ld = rows <= 1 ? Math.max(1, cols) : rs;
            return ld <= Integer.MAX_VALUE ? new Layout(false, ld) : null;
        }
        if ((rows <= 1 || rs == 1) && (cols <= 1 || cs >= Math.max(1, rows))) {
            long ld = cols <= 1 ? Math.max(1, rows) : cs;
            return ld <= Integer.MAX_VALUE ? new Layout(true, ld) : null;
        }
        return null;
    }

    /**
     * {@code c = a @ b} for float32/float64 stacks: a (..., m, k), b (..., k, n), c a row-major
     * (batch..., m, n) view whose batch axes a's and b's broadcast to.
     */
    private static void multiply(NDArray a, NDArray b, NDArray c) {
        long[] cs = c.shape();
        int nd = cs.length;
        long m = cs[nd - 2];
        long n = cs[nd - 1];
        long k = a.shape(-1);
        if (c.size() == 0) {
            return;
        }
        if (k == 0) {
            c.fill(0.0);
            return;
        }
        NDArray ac = blasReadable(a) ? a.share() : a.contiguous();
        try (ac; NDArray bc = blasReadable(b) ? b.share() : b.contiguous()) {
            long[] ast = ac.strides();
            long[] bst = bc.strides();
            long[] cst = c.strides();
            Layout la = layout(m, k, ast[ast.length - 2], ast[ast.length - 1]);
            Layout lb = layout(k, n, bst[bst.length - 2], bst[bst.length - 1]);
            Layout lc = layout(m, n, cst[nd - 2], cst[nd - 1]);
            if (lc == null || lc.trans()) {
                throw new IllegalStateException("matmul output must be row-major, got strides "
                        + Arrays.toString(cst));
            }
            DataType t = c.dtype();
            long[] batch = Arrays.copyOf(cs, nd - 2);
            long[][] strides = {batchByteStrides(ac, batch), batchByteStrides(bc, batch),
                batchByteStrides(c, batch)};
            long item = t.byteSize();
            // A stack of row-major a's against one b: a single gemm with m' = batch * m rows.
            long aRows = stackStride(batch, strides[0], m, ast[ast.length - 2] * item);
            long cRows = stackStride(batch, strides[2], m, cst[nd - 2] * item);
            long count = Shapes.size(batch);
            if (count > 1 && !la.trans() && isZero(strides[1]) && aRows > 0 && cRows > 0
                    && aRows / item >= Math.max(1, k) && cRows / item >= n) {
                call(t, false, lb.trans(), count * m, n, k, 1.0, ac.address(), aRows / item,
                        bc.address(), lb.ld(), 0.0, c.address(), cRows / item);
                return;
            }
            long aBase = ac.address();
            long bBase = bc.address();
            long cBase = c.address();
            Parallel.RangeBody body = (from, to) -> {
                IndexWalker w = new IndexWalker(batch, strides, from);
                for (long i = from; i < to; i++, w.next()) {
                    call(t, la.trans(), lb.trans(), m, n, k, 1.0, aBase + w.offset(0), la.ld(),
                            bBase + w.offset(1), lb.ld(), 0.0, cBase + w.offset(2), lc.ld());
                }
            };
            long flops = m * n * k;
            if (flops < BlasPartition.MIN_SPLIT_WORK) {
                // Products this small run on one thread each, so the batch is spread over our
                // threads instead (measured: (256, 32, 32) @ itself 0.92 -> 0.70 ms).
                Parallel.forRange(count, count * flops / 8, body);
            } else {
                body.run(0, count);
            }
        }
    }

    private static boolean blasReadable(NDArray x) {
        long[] s = x.shape();
        long[] st = x.strides();
        int nd = s.length;
        return layout(s[nd - 2], s[nd - 1], st[nd - 2], st[nd - 1]) != null;
    }

    private static boolean isZero(long[] strides) {
        for (long s : strides) {
            if (s != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The byte stride between consecutive rows when the batch axes and the m rows (row stride
     * {@code rowBytes}) form one evenly spaced run, else -1.
     */
    private static long stackStride(long[] batch, long[] batchBytes, long m, long rowBytes) {
        long expect = m == 1 ? -1 : rowBytes;
        long next = m == 1 ? -1 : rowBytes * m;
        for (int d = batch.length - 1; d >= 0; d--) {
            if (batch[d] == 1) {
                continue;
            }
            if (expect == -1) {
                // m == 1: the innermost batch axis sets the row stride
                expect = batchBytes[d];
                next = batchBytes[d] * batch[d];
                continue;
            }
            if (batchBytes[d] != next) {
                return -1;
            }
            next *= batch[d];
        }
        return expect;
    }

    /**
     * {@code C = alpha * op(A) @ op(B) + beta * C} for row-major C (row stride ldc), through gemv
     * when a side is a single row or column (OpenBLAS's gemm is several times slower there),
     * split over pybridge's threads ({@link BlasPartition}).
     */
    private static void call(DataType t, boolean ta, boolean tb, long m, long n, long k,
            double alpha, long a, long lda, long b, long ldb, double beta, long c, long ldc) {
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul of " + m + " x " + k + " by " + k + " x "
                    + n + " exceeds BLAS's 32-bit dimension limit (" + Integer.MAX_VALUE
                    + "); split the product into smaller blocks.");
        }
        int mi = (int) m;
        int ni = (int) n;
        int ki = (int) k;
        if (n == 1) {
            // y (m) = op(A) @ x, x = B's only column, y = C's only column
            BlasPartition.gemv(t, ta, ta ? ki : mi, ta ? mi : ki, alpha, a, (int) lda, b,
                    tb ? 1 : (int) ldb, beta, c, (int) ldc);
        } else if (m == 1) {
            // y (n) = op(B)^T @ x, x = A's only row, y = C's only row
            BlasPartition.gemv(t, !tb, tb ? ni : ki, tb ? ki : ni, alpha, b, (int) ldb, a,
                    ta ? (int) lda : 1, beta, c, 1);
        } else {
            BlasPartition.gemm(t, ta, tb, mi, ni, ki, alpha, a, (int) lda, b, (int) ldb, beta, c,
                    (int) ldc);
        }
    }
}
