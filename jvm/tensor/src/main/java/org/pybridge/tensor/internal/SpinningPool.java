package org.pybridge.tensor.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A low-latency fork-join for work of tens of microseconds, such as one example's pass through
 * a dense layer: part 0 runs on the caller, part p on helper thread p (always the same one, so
 * that the slice of weights each part reads stays in that core's cache between calls).
 *
 * <p>An executor's hand-off (queue, futures, waking a parked thread) costs 20-100 µs, more than
 * such work itself; here a helper spins for a short while after each task before it parks, so
 * back-to-back calls (inference serving, training steps) hand over in well under a microsecond,
 * and an idle pool costs nothing. One caller at a time owns the helpers: a concurrent caller
 * (several threads serving requests) runs all its parts itself instead of waiting, which is the
 * right split when the cores are busy anyway. A part no helper has started by the time the
 * caller is done with its own is run by the caller, so a helper the OS has not scheduled never
 * stalls the call. Helpers never call back into the pool.
 *
 * <pre>{@code
 * SpinningPool.run(2, part -> gemvOnColumns(part));
 * }</pre>
 */
public final class SpinningPool {
    /** How long a helper (or a waiting caller) spins before it parks, in nanoseconds. */
    private static final long SPIN_NANOS = 100_000;

    private static final int THREADS = Parallel.threads();
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Helper[] helpers;

    /** One part of the work. */
    @FunctionalInterface
    public interface PartBody {
        void run(int part);
    }

    private SpinningPool() {
    }

    /** The most parts that run at once: the caller plus the helpers. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} for parts {@code 0..parts-1}, at once on the caller and the helpers
     * when they are free, else all on the caller. Returns when every part has finished;
     * rethrows the first failure.
     */
    public static void run(int parts, PartBody body) {
        if (parts <= 1 || THREADS == 1 || Thread.currentThread() instanceof Helper
                || !BUSY.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                body.run(p);
            }
            return;
        }
        try {
            Helper[] hs = helpers();
            int forked = Math.min(parts - 1, hs.length);
            Thread caller = Thread.currentThread();
            Task[] tasks = new Task[forked];
            for (int i = 0; i < forked; i++) {
                tasks[i] = new Task(body, i + 1, caller);
                hs[i].post(tasks[i]);
            }
            Throwable failure = null;
            try {
                body.run(0);
                // more parts than threads: the caller takes the rest
                for (int p = forked + 1; p < parts; p++) {
                    body.run(p);
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (Task t : tasks) {
                Throwable f = t.finish();
                if (failure == null) {
                    failure = f;
                }
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        } finally {
            BUSY.set(false);
        }
    }

    private static Helper[] helpers() {
        Helper[] hs = helpers;
        if (hs == null) {
            // only the owner of BUSY gets here, so the helpers start once
            hs = new Helper[THREADS - 1];
            for (int i = 0; i < hs.length; i++) {
                hs[i] = new Helper(i + 1);
                hs[i].start();
            }
            helpers = hs;
        }
        return hs;
    }

    /**
     * One part handed to a helper. Whoever moves it out of POSTED runs it: the helper, or the
     * caller when it has finished its own part first. On a loaded machine a helper may not be
     * scheduled for milliseconds; the caller then does the work instead of waiting for it.
     */
    private static final class Task {
        static final int POSTED = 0;
        static final int TAKEN = 1;
        static final int DONE = 2;

        final PartBody body;
        final int part;
        final Thread caller;
        final AtomicInteger state = new AtomicInteger(POSTED);
        Throwable failure;

        Task(PartBody body, int part, Thread caller) {
            this.body = body;
            this.part = part;
            this.caller = caller;
        }

        /** Runs the part here, recording a failure; returns false if someone else took it. */
        boolean runIfPosted() {
            if (!state.compareAndSet(POSTED, TAKEN)) {
                return false;
            }
            try {
                body.run(part);
            } catch (Throwable t) {
                // handed to the caller, which rethrows it
                failure = t;
            }
            state.set(DONE); // volatile write publishes failure
            return true;
        }

        /** Called by the caller: runs the part if no helper has started it, else waits. */
        Throwable finish() {
            if (runIfPosted()) {
                return failure;
            }
            long until = System.nanoTime() + SPIN_NANOS;
            while (state.get() != DONE) {
                if (System.nanoTime() < until) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 100_000);
                }
            }
            return failure;
        }
    }

    /** A daemon thread that runs the parts posted to it. */
    private static final class Helper extends Thread {
        private final AtomicReference<Task> slot = new AtomicReference<>();

        Helper(int index) {
            super("pybridge-spin-" + index);
            setDaemon(true);
        }

        void post(Task t) {
            slot.set(t);
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Task t;
                long until = System.nanoTime() + SPIN_NANOS;
                while ((t = slot.get()) == null) {
                    if (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (slot.compareAndSet(t, null) && t.runIfPosted()) {
                    LockSupport.unpark(t.caller);
                }
            }
        }
    }
}
