package org.pybridge.tensor.internal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Native BLAS (OpenBLAS through the bytedeco JavaCPP presets), loaded on first use.
 *
 * <p>Tensors already live off-heap, so their addresses go straight to BLAS: a tiny pointer
 * subclass carries the raw address, with no copy and no JavaCPP allocation. Loading is lazy
 * (about 0.2 s, JavaCPP extracts the library into its cache once) and prints nothing; if it fails,
 * every call reports the same clear error with the original cause.
 *
 * <pre>{@code
 * Blas.gemm(DataType.FLOAT32, false, true, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc);
 * }</pre>
 */
public final class Blas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private Blas() {
    }

    /** Holds the outcome of loading the native library, done once on first use. */
    private static final class Library {
        static final Throwable FAILURE = load();

        private static Throwable load() {
            try {
                org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
                // OpenBLAS computes on the calling thread; BlasPartition splits products over
                // pybridge's own threads (OpenBLAS's own pool gains little below n ~ 1000 and
                // serialises concurrent callers).
                openblas_nolapack.blas_set_num_threads(1);
                return null;
            } catch (Throwable t) {
                // LinkageError (jar or native library missing, wrong platform) or a JavaCPP
                // RuntimeException: keep it to explain every later call.
                return t;
            }
        }
    }

    /** Throws a clear error if the native library could not be loaded. */
    public static void ensureLoaded() {
        Throwable failure = Library.FAILURE;
        if (failure != null) {
            throw new IllegalStateException("Native BLAS (OpenBLAS from org.bytedeco:openblas)"
                    + " could not be loaded, so float matmul/dot/gemm cannot run: " + failure
                    + ". It needs a linux-x86_64 machine and the jars openblas-<version>.jar,"
                    + " javacpp-<version>.jar and their -linux-x86_64 natives on the classpath"
                    + " (pybridge bundles them; see pybridge.jvm.classpath()).", failure);
        }
    }

    /**
     * Row-major {@code C = alpha * op(A) @ op(B) + beta * C} on raw addresses: {@code op(A)} is
     * m x k, {@code op(B)} k x n; lda/ldb/ldc are row strides in elements of the matrices as
     * stored (before the transpose flags apply).
     */
    public static void gemm(org.pybridge.tensor.DataType type, boolean transA, boolean transB,
            int m, int n, int k, double alpha, long a, int lda, long b, int ldb, double beta,
            long c, int ldc) {
        ensureLoaded();
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        if (type == org.pybridge.tensor.DataType.FLOAT32) {
            Calls.sgemm(ta, tb, m, n, k, (float) alpha, a, lda, b, ldb, (float) beta, c, ldc);
        } else if (type == org.pybridge.tensor.DataType.FLOAT64) {
            Calls.dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } else {
            throw new IllegalArgumentException("BLAS gemm needs float32 or float64, got "
                    + type.numpyName() + ".");
        }
    }

    /**
     * Row-major {@code y = alpha * op(A) @ x + beta * y}: A is stored rows x cols with row stride
     * lda; x and y step by incx/incy elements (positive).
     */
    public static void gemv(org.pybridge.tensor.DataType type, boolean trans, int rows, int cols,
            double alpha, long a, int lda, long x, int incx, double beta, long y, int incy) {
        ensureLoaded();
        int t = trans ? TRANS : NO_TRANS;
        if (type == org.pybridge.tensor.DataType.FLOAT32) {
            Calls.sgemv(t, rows, cols, (float) alpha, a, lda, x, incx, (float) beta, y, incy);
        } else if (type == org.pybridge.tensor.DataType.FLOAT64) {
            Calls.dgemv(t, rows, cols, alpha, a, lda, x, incx, beta, y, incy);
        } else {
            throw new IllegalArgumentException("BLAS gemv needs float32 or float64, got "
                    + type.numpyName() + ".");
        }
    }

    /**
     * Sets the number of threads a matrix product is split over (default: pybridge's thread
     * count, {@code -Dpybridge.threads}, which also caps it). OpenBLAS itself always runs
     * single-threaded on each of them.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS thread count must be at least 1, got "
                    + threads + ".");
        }
        // only pybridge's split is configured: no need to load OpenBLAS (~0.2 s) for that
        BlasPartition.setThreads(threads);
    }

    /** The number of threads a matrix product is split over. */
    public static int threads() {
        return BlasPartition.threads();
    }

    /**
     * OpenBLAS's build description and which kernel runs float32 products, e.g. "OpenBLAS 0.3.31
     * DYNAMIC_ARCH NO_AFFINITY Zen ...; float32 gemm: pybridge native sgemm (AVX2/FMA, ...)".
     */
    public static String config() {
        ensureLoaded();
        return org.bytedeco.openblas.global.openblas_full.openblas_get_config().getString()
                + "; float32 gemm: " + NativeGemm.describe();
    }

    /**
     * The JavaCPP calls, in their own class so that nothing touches JavaCPP types before
     * {@link #ensureLoaded()} has checked that they are there.
     */
    private static final class Calls {
        private Calls() {
        }

        static void sgemm(int ta, int tb, int m, int n, int k, float alpha, long a, int lda,
                long b, int ldb, float beta, long c, int ldc) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, new RawFloats(a),
                    lda, new RawFloats(b), ldb, beta, new RawFloats(c), ldc);
        }

        static void sgemv(int t, int rows, int cols, float alpha, long a, int lda, long x,
                int incx, float beta, long y, int incy) {
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, t, rows, cols, alpha, new RawFloats(a), lda,
                    new RawFloats(x), incx, beta, new RawFloats(y), incy);
        }

        static void dgemv(int t, int rows, int cols, double alpha, long a, int lda, long x,
                int incx, double beta, long y, int incy) {
            openblas_nolapack.cblas_dgemv(ROW_MAJOR, t, rows, cols, alpha, new RawDoubles(a), lda,
                    new RawDoubles(x), incx, beta, new RawDoubles(y), incy);
        }

        static void dgemm(int ta, int tb, int m, int n, int k, double alpha, long a, int lda,
                long b, int ldb, double beta, long c, int ldc) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, new RawDoubles(a),
                    lda, new RawDoubles(b), ldb, beta, new RawDoubles(c), ldc);
        }
    }

    /**
     * A FloatPointer over tensor memory: only the address is set (no deallocator), so JavaCPP
     * neither copies nor frees it.
     */
    private static final class RawFloats extends FloatPointer {
        RawFloats(long address) {
            this.address = address;
        }
    }

    private static final class RawDoubles extends DoublePointer {
        RawDoubles(long address) {
            this.address = address;
        }
    }
}
