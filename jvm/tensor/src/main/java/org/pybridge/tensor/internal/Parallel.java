package org.pybridge.tensor.internal;

/**
 * A small fork-join helper for large element-wise and reduction kernels: the range is cut into
 * one chunk per thread, the caller runs the first chunk itself. Below the threshold everything
 * runs on the caller's thread.
 *
 * <p>The chunks run on {@link SpinningPool}'s helpers, the same threads that split matrix
 * products: one set of threads for all kernels, so a helper spinning after a product never
 * competes with a second pool's worker for a core (with two pools on two cores, training ran
 * at 0.71x PyTorch's speed on the lent host).
 */
public final class Parallel {
    /** Elements below which a kernel stays on the calling thread. */
    public static final long THRESHOLD = 1L << 17;

    private static final int THREADS = Math.max(1, Integer.getInteger("pybridge.threads",
            Runtime.getRuntime().availableProcessors()));

    /** Work on the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(long from, long to);
    }

    private Parallel() {
    }

    public static int threads() {
        return THREADS;
    }

    /** Runs {@code body} over {@code [0, n)}, in parallel when {@code work} is large. */
    public static void forRange(long n, long work, RangeBody body) {
        int parts = (int) Math.min(THREADS, Math.max(1, work / THRESHOLD));
        parts = (int) Math.min(parts, n);
        if (parts <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        long step = (n + parts - 1) / parts;
        SpinningPool.run(parts, p -> {
            long from = p * step;
            long to = Math.min(n, from + step);
            if (from < to) {
                body.run(from, to);
            }
        });
    }
}
