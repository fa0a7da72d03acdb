package org.pybridge.nn;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls that read a network's parameters without holding its lock ({@code output},
 * {@code score}), so that closing the network waits for them before freeing the memory their
 * kernels read. Entering and leaving cost one atomic update each.
 *
 * <pre>{@code
 * if (!guard.enter()) throw closed();
 * try { ... read the parameters ... } finally { guard.exit(); }
 * }</pre>
 */
final class ReadGuard {
    private final AtomicInteger readers = new AtomicInteger();
    private volatile boolean closed;

    /** Starts a read; false, holding nothing, once {@link #closeAndWait} has begun. */
    boolean enter() {
        readers.incrementAndGet();
        if (closed) {
            exit();
            return false;
        }
        return true;
    }

    /** Ends a read started by a successful {@link #enter}. */
    void exit() {
        if (readers.decrementAndGet() == 0 && closed) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Refuses new reads and waits until the running ones have ended. An interrupt does not cut
     * the wait short (freeing memory still being read is what this prevents); the thread's
     * interrupt flag is set again afterwards.
     */
    void closeAndWait() {
        closed = true;
        boolean interrupted = false;
        synchronized (this) {
            while (readers.get() > 0) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
