package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;

/**
 * Splits a BLAS product over pybridge's threads. float32 products go to {@link NativeGemm}
 * (threads sharing one packed op(B); for a row times a matrix, each thread summing half of the
 * matrix's rows) when its kernels load; the rest run OpenBLAS single-threaded on each thread:
 * {@code C} is cut into blocks of rows (or of columns when it is wide and short), one per
 * thread, each a plain gemm/gemv on sub-matrices addressed in place.
 *
 * <p>Why not OpenBLAS's own threads: the bytedeco build gains about 10% from a second core on
 * n = 256..512 products where numpy's gains about 75%, it serialises products called from
 * several Java threads, and it waits tens of microseconds to wake, which is the whole budget of
 * a one-example inference (a 784 x 1000 gemv). {@link SpinningPool} hands over in under a
 * microsecond and gives part p to the same core every call, so a large weight matrix stays split
 * across the cores' caches.
 *
 * <pre>{@code
 * BlasPartition.gemm(DataType.FLOAT32, false, false, m, n, k, 1, a, lda, b, ldb, 0, c, ldc);
 * }</pre>
 */
final class BlasPartition {
    /** Multiply-adds below which a product stays on the calling thread. */
    static final long MIN_SPLIT_WORK = 1L << 16;
    /** Smallest block (rows or columns) handed to a thread; a multiple of the kernels' width. */
    private static final long MIN_BLOCK = 16;

    private static volatile int threads = SpinningPool.threads();

    private BlasPartition() {
    }

    static void setThreads(int n) {
        threads = n;
    }

    static int threads() {
        return threads;
    }

    /** How many parts a product of {@code work} multiply-adds over {@code units} splits into. */
    static int parts(long work, long units) {
        int t = Math.min(threads, SpinningPool.threads());
        if (t <= 1 || work < MIN_SPLIT_WORK) {
            return 1;
        }
        return (int) Math.max(1, Math.min(t, units / MIN_BLOCK));
    }

    /** The start of part {@code p} of {@code parts} over {@code units}, in multiples of 16. */
    static long start(long units, int parts, int p) {
        if (p >= parts) {
            return units;
        }
        long step = (units + parts - 1) / parts;
        step = (step + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
        return Math.min(units, p * step);
    }

    /**
     * Row-major {@code C = alpha * op(A) @ op(B) + beta * C} (op(A) m x k, op(B) k x n), split
     * into row blocks of C (A's rows with them) when m >= n, else column blocks (B's columns).
     */
    static void gemm(DataType t, boolean ta, boolean tb, int m, int n, int k, double alpha,
            long a, int lda, long b, int ldb, double beta, long c, int ldc) {
        if (t == DataType.FLOAT32 && k > 0 && NativeGemm.available()) {
            int threads = (long) m * n * k < MIN_SPLIT_WORK ? 1
                    : Math.min(BlasPartition.threads, SpinningPool.threads());
            NativeGemm.sgemm(threads, ta, tb, m, n, k, (float) alpha, a, lda, b, ldb,
                    (float) beta, c, ldc);
            return;
        }
        splitOverOpenBlas(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** The OpenBLAS path of {@link #gemm}: one single-threaded call per block of C. */
    static void splitOverOpenBlas(DataType t, boolean ta, boolean tb, int m, int n, int k,
            double alpha, long a, int lda, long b, int ldb, double beta, long c, int ldc) {
        long item = t.byteSize();
        boolean byRows = m >= n;
        long units = byRows ? m : n;
        int parts = parts((long) m * n * k, units);
        if (parts == 1) {
            Blas.gemm(t, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        SpinningPool.run(parts, p -> {
            long from = start(units, parts, p);
            long to = start(units, parts, p + 1);
            if (from >= to) {
                return;
            }
            int len = (int) (to - from);
            if (byRows) {
                // rows [from, to) of op(A): row i starts at i * lda unless A is transposed
                long aOff = (ta ? from : from * lda) * item;
                Blas.gemm(t, ta, tb, len, n, k, alpha, a + aOff, lda, b, ldb, beta,
                        c + from * ldc * item, ldc);
            } else {
                long bOff = (tb ? from * ldb : from) * item;
                Blas.gemm(t, ta, tb, m, len, k, alpha, a, lda, b + bOff, ldb, beta,
                        c + from * item, ldc);
            }
        });
    }

    /**
     * Row-major {@code y = alpha * op(A) @ x + beta * y} (A stored rows x cols), split into
     * blocks of y: blocks of A's rows without the transpose, of its columns with it.
     */
    static void gemv(DataType t, boolean trans, int rows, int cols, double alpha, long a,
            int lda, long x, int incx, double beta, long y, int incy) {
        long item = t.byteSize();
        long units = trans ? cols : rows;
        int parts = parts((long) rows * cols, units);
        if (trans && t == DataType.FLOAT32 && NativeGemm.available()) {
            // x @ A (a row through a dense layer): each thread streams half of A's rows
            NativeGemm.rowTimesMatrix(parts, rows, cols, (float) alpha, a, lda, x, incx,
                    (float) beta, y, incy);
            return;
        }
        if (parts == 1) {
            Blas.gemv(t, trans, rows, cols, alpha, a, lda, x, incx, beta, y, incy);
            return;
        }
        SpinningPool.run(parts, p -> {
            long from = start(units, parts, p);
            long to = start(units, parts, p + 1);
            if (from >= to) {
                return;
            }
            int len = (int) (to - from);
            long yOff = from * incy * item;
            if (trans) {
                Blas.gemv(t, true, rows, len, alpha, a + from * item, lda, x, incx, beta,
                        y + yOff, incy);
            } else {
                Blas.gemv(t, false, len, cols, alpha, a + from * lda * item, lda, x, incx, beta,
                        y + yOff, incy);
            }
        });
    }
}
