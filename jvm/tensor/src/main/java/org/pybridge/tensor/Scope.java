package org.pybridge.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lifetime for tensors: every tensor created on this thread while the scope is open is closed
 * when the scope closes, unless it was {@linkplain #detach detached}. Scopes nest.
 *
 * <pre>{@code
 * NDArray kept;
 * try (Scope scope = Scope.open()) {
 *     NDArray tmp = NDArray.ones(DataType.FLOAT32, 1000);
 *     kept = scope.detach(tmp.mul(2));   // survives the scope; tmp does not
 * }
 * }</pre>
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Scope parent;
    private final Map<NDArray, Boolean> tensors = new IdentityHashMap<>();
    private boolean closed;

    private Scope(Scope parent) {
        this.parent = parent;
    }

    /** Opens a scope nested in the thread's current one (if any) and makes it current. */
    public static Scope open() {
        Scope s = new Scope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The innermost open scope of this thread, or null. */
    public static Scope current() {
        return CURRENT.get();
    }

    static void register(NDArray t) {
        Scope s = CURRENT.get();
        if (s != null) {
            s.tensors.put(t, Boolean.TRUE);
        }
    }

    static void forget(NDArray t) {
        for (Scope s = CURRENT.get(); s != null; s = s.parent) {
            if (s.tensors.remove(t) != null) {
                return;
            }
        }
    }

    /**
     * Runs {@code work} with no scope current on this thread, so the tensors it creates belong
     * to no scope (for long-lived state such as a network's parameters, created lazily while a
     * caller's scope happens to be open). The thread's scopes are restored afterwards.
     *
     * <pre>{@code
     * NDArray weights = Scope.unscoped(() -> NDArray.zeros(DataType.FLOAT32, 10, 10));
     * }</pre>
     */
    public static <T> T unscoped(java.util.function.Supplier<T> work) {
        Scope saved = CURRENT.get();
        if (saved == null) {
            return work.get();
        }
        CURRENT.remove();
        try {
            return work.get();
        } finally {
            CURRENT.set(saved);
        }
    }

    /**
     * Takes {@code t} out of every scope of this thread (it then lives until closed or
     * collected) and returns it.
     */
    public static NDArray escape(NDArray t) {
        forget(t);
        return t;
    }

    /** Moves {@code t} out of this scope into the enclosing one (or none) and returns it. */
    public NDArray detach(NDArray t) {
        if (tensors.remove(t) != null && parent != null && !parent.closed) {
            parent.tensors.put(t, Boolean.TRUE);
        }
        return t;
    }

    /** Number of tensors this scope will close. */
    public int size() {
        return tensors.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes every tensor still attached, and any scopes opened inside this one. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        Scope cur = CURRENT.get();
        while (cur != null && cur != this && isAncestorOf(cur)) {
            cur.close();
            cur = CURRENT.get();
        }
        closed = true;
        List<NDArray> list = new ArrayList<>(tensors.keySet());
        tensors.clear();
        for (NDArray t : list) {
            t.close();
        }
        if (CURRENT.get() == this) {
            if (parent == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(parent);
            }
        }
    }

    private boolean isAncestorOf(Scope s) {
        for (Scope p = s.parent; p != null; p = p.parent) {
            if (p == this) {
                return true;
            }
        }
        return false;
    }
}
