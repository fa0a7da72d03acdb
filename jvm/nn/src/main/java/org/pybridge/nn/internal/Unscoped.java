package org.pybridge.nn.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.pybridge.tensor.Scope;

/**
 * Creates long-lived arrays (a network's parameters and updater state) outside the caller's
 * {@link Scope}. A network may be initialised lazily inside a caller's scope (for example by
 * {@code params()}), and arrays registered there would be closed when that scope ends although
 * the network still owns them. Scopes are per thread and the tensor API has no way to leave
 * one, so the work runs on a short-lived thread that has no scope open.
 */
public final class Unscoped {
    private Unscoped() {
    }

    /** Runs {@code work} so that the arrays it creates belong to no scope. */
    public static <T> T call(Supplier<T> work) {
        if (Scope.current() == null) {
            return work.get();
        }
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread t = new Thread(task, "pybridge-unscoped");
        t.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating arrays.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
