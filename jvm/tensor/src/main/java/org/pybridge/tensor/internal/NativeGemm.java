package org.pybridge.tensor.internal;

/**
 * pybridge's own float32 matrix product: a native AVX2/FMA kernel ({@link NativeLibrary})
 * whose threads share one packed copy of op(B).
 *
 * <p>Splitting a product into independent OpenBLAS calls, one per thread, makes every thread
 * pack all of op(B) for itself; on two cores that cost n = 256..1024 products up to half of the
 * second core's gain. Here the threads first pack op(B)'s panels together (each a share), then
 * each computes its own rows of C against the shared panels; {@link SpinningPool} orders the two
 * phases, so the native code never waits on another thread. Used for every float32 gemm when
 * the library loads and the CPU has AVX2 and FMA; otherwise (or with
 * {@code -Dpybridge.nativeGemm=false}) products go to OpenBLAS as before.
 *
 * <pre>{@code
 * if (NativeGemm.available()) {
 *     NativeGemm.sgemm(2, false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);  // 2 threads
 * }
 * }</pre>
 */
final class NativeGemm {
    /** Columns of op(B) packed per block: its panels (KC x NC floats, 4 MiB) stay in L3. */
    private static final int NC = 4096;

    private NativeGemm() {
    }

    /** Whether the kernels are used, once: null when they are, else why not. */
    private static final class Library {
        static final String PROBLEM = Boolean.parseBoolean(
                System.getProperty("pybridge.nativeGemm", "true")) ? NativeLibrary.problem()
                : "turned off by -Dpybridge.nativeGemm=false";
        static final int KC = PROBLEM == null ? blockK() : 0;
        static final int MR = PROBLEM == null ? panelHeight() : 0;
        static final int NR = PROBLEM == null ? panelWidth() : 0;
    }

    /** Whether float32 products run on these kernels. */
    static boolean available() {
        return Library.PROBLEM == null;
    }

    /** "native sgemm (AVX2/FMA)" or why the kernels are not used. */
    static String describe() {
        String problem = Library.PROBLEM;
        return problem == null ? "pybridge native sgemm (AVX2/FMA, " + Library.MR + "x"
                + Library.NR + " kernel)" : "pybridge native sgemm not used: " + problem;
    }

    /**
     * Row-major {@code C = alpha * op(A) @ op(B) + beta * C} in float32, op(A) m x k and op(B)
     * k x n, split over up to {@code threads} threads; lda/ldb/ldc are row strides of the
     * matrices as stored. Needs m, n, k >= 1.
     */
    static void sgemm(int threads, boolean ta, boolean tb, int m, int n, int k, float alpha,
            long a, int lda, long b, int ldb, float beta, long c, int ldc) {
        int kcMax = Math.min(k, Library.KC);
        long bFloats = (long) kcMax * roundUp(Math.min(n, NC), Library.NR);
        long bBuffer = acquireB(bFloats);
        if (bBuffer == 0) {
            throw outOfMemory();
        }
        try {
            blocks(threads, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bBuffer);
        } finally {
            releaseB(bBuffer, bFloats);
        }
    }

    /**
     * Row-major {@code y = alpha * x @ W + beta * y} in float32: x a row of k values (stride
     * incx), W k x n (row stride ldw), y n values (stride incy); the product of one example
     * through a dense layer. W's rows are split into two halves whose sums are taken apart (on
     * two threads when {@code threads > 1}, each streaming its half of W) and then added, so the
     * result does not depend on the thread count. Needs k, n >= 1.
     */
    static void rowTimesMatrix(int threads, int k, int n, float alpha, long w, int ldw, long x,
            int incx, float beta, long y, int incy) {
        rowTimesMatrix(threads, k, n, alpha, w, ldw, x, incx, beta, y, incy, 0, false);
    }

    /**
     * {@link #rowTimesMatrix(int, int, int, float, long, int, long, int, float, long, int)}
     * followed by a dense layer's epilogue while y is written: {@code y[j] += bias[j]} when
     * {@code bias != 0} (n contiguous values), then ReLU ({@code max(y, 0)}, NaN kept) when
     * asked. The same float operations in the same order as the product, the bias add and the
     * ReLU run one after another, so the values are identical.
     */
    static void rowTimesMatrix(int threads, int k, int n, float alpha, long w, int ldw, long x,
            int incx, float beta, long y, int incy, long bias, boolean relu) {
        // The two partial sums lie whole pages plus 2 KiB apart, never in neighbouring cache
        // lines: packed end to end (4032 bytes apart for n = 1000), the one-example 784 x 1000
        // product took 30-49 µs instead of 26-29 µs on two cores.
        long apart = ((long) n + 1023) / 1024 * 1024 + 512;
        long floats = apart + n;
        long first = acquireB(floats);
        if (first == 0) {
            throw outOfMemory();
        }
        try {
            long second = first + 4L * apart;
            int half = k / 2;
            SpinningPool.PartBody body = p -> weightedRowSum(w, ldw, x, incx, p == 0 ? 0 : half,
                    p == 0 ? half : k, n, p == 0 ? first : second);
            if (threads > 1) {
                SpinningPool.run(2, body);
            } else {
                body.run(0);
                body.run(1);
            }
            addHalves(first, second, n, alpha, beta, y, incy, bias, relu);
        } finally {
            releaseB(first, floats);
        }
    }

    private static void blocks(int threads, boolean ta, boolean tb, int m, int n, int k,
            float alpha, long a, int lda, long b, int ldb, float beta, long c, int ldc,
            long bBuffer) {
        int rowPanels = (m + Library.MR - 1) / Library.MR;
        int parts = Math.max(1, Math.min(threads, rowPanels));
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int colPanels = (nc + Library.NR - 1) / Library.NR;
            long cBlock = c + 4L * jc;
            for (int pc = 0; pc < k; pc += Library.KC) {
                int kc = Math.min(Library.KC, k - pc);
                float betaHere = pc == 0 ? beta : 1f;
                int j0 = jc;
                int k0 = pc;
                if (parts == 1) {
                    packB(tb, b, ldb, k0, kc, j0, nc, 0, colPanels, bBuffer);
                    computeRows(ta, a, lda, 0, m, k0, kc, nc, bBuffer, alpha, betaHere, cBlock,
                            ldc);
                    continue;
                }
                int pparts = Math.min(parts, colPanels);
                SpinningPool.run(pparts, p -> packB(tb, b, ldb, k0, kc, j0, nc,
                        share(colPanels, pparts, p), share(colPanels, pparts, p + 1), bBuffer));
                SpinningPool.run(parts, p -> computeRows(ta, a, lda,
                        Math.min(m, Library.MR * share(rowPanels, parts, p)),
                        Math.min(m, Library.MR * share(rowPanels, parts, p + 1)), k0, kc, nc,
                        bBuffer, alpha, betaHere, cBlock, ldc));
            }
        }
    }

    /** The start of share {@code p} of {@code parts} over {@code units}. */
    private static int share(int units, int parts, int p) {
        return (int) ((long) units * p / parts);
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    private static void computeRows(boolean ta, long a, int lda, int i0, int i1, int k0, int kc,
            int nc, long packedB, float alpha, float beta, long c, int ldc) {
        if (i0 < i1
                && compute(ta, a, lda, i0, i1, k0, kc, nc, packedB, alpha, beta, c, ldc) != 0) {
            throw outOfMemory();
        }
    }

    private static IllegalStateException outOfMemory() {
        return new IllegalStateException("native sgemm could not allocate its packing buffers"
                + " (at most 4 MiB per product running, plus 120 KiB per thread); free memory"
                + " or run with -Dpybridge.nativeGemm=false to use OpenBLAS.");
    }

    private static native int blockK();

    private static native int panelWidth();

    private static native int panelHeight();

    private static native long acquireB(long floats);

    private static native void releaseB(long address, long floats);

    private static native void packB(boolean tb, long b, int ldb, int k0, int kc, int j0, int nc,
            int p0, int p1, long dst);

    /** out[0, n) = the sum over rows k in [k0, k1) of x[k * incx] * W[k, 0, n). */
    private static native void weightedRowSum(long w, int ldw, long x, int incx, int k0,
            int k1, int n, long out);

    private static native void addHalves(long first, long second, int n, float alpha,
            float beta, long y, int incy, long bias, boolean relu);

    private static native int compute(boolean ta, long a, int lda, int i0, int i1, int k0, int kc,
            int nc, long packedB, float alpha, float beta, long c, int ldc);
}
