package org.pybridge.tensor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fork-join helper for large element-wise and reduction kernels: the range is cut into
 * one chunk per thread, the caller runs the first chunk itself. Below the threshold everything
 * runs on the caller's thread (waking workers costs tens of microseconds).
 */
public final class Parallel {
    /** Elements below which a kernel stays on the calling thread. */
    public static final long THRESHOLD = 1L << 17;

    private static final int THREADS = Math.max(1, Integer.getInteger("pybridge.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = THREADS == 1 ? null
            : Executors.newFixedThreadPool(THREADS - 1, new WorkerFactory());

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
        if (parts <= 1 || POOL == null || Thread.currentThread() instanceof Worker) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        long step = (n + parts - 1) / parts;
        for (int p = 1; p < parts; p++) {
            long from = p * step;
            long to = Math.min(n, from + step);
            if (from < to) {
                futures.add(POOL.submit(() -> body.run(from, to)));
            }
        }
        Throwable failure = null;
        try {
            body.run(0, Math.min(n, step));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    private static final class WorkerFactory implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            return new Worker(r, "pybridge-kernel-" + count.incrementAndGet());
        }
    }
}
