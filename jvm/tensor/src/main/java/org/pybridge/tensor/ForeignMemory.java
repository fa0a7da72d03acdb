package org.pybridge.tensor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Tensors over memory that another runtime owns (a numpy array, an Arrow buffer), released
 * through one shared listener that receives the token the owner was registered under.
 *
 * <p>This is {@link NDArray#wrap} for bridges: instead of one release callback object per
 * tensor (from Python, a JPype proxy costs about 9 µs to create), the bridge registers one
 * {@link LongConsumer} once and keeps its owners in a table by token. The listener runs exactly
 * once per wrap, when the last handle over the memory is closed or collected (then on the
 * Cleaner's thread), so it must be thread-safe and must not throw.
 *
 * <p>The other direction, {@link #export} and {@link #release}, lends a tensor's memory out
 * (numpy views over JVM tensors) in one call each way instead of four.
 *
 * <pre>{@code
 * NDArray t = ForeignMemory.wrap(address, DataType.FLOAT32, new long[] {2, 3},
 *         new long[] {12, 4}, false, owners::remove, 42L);
 * }</pre>
 */
public final class ForeignMemory {
    /** Handles lent to another runtime by {@link #export}, by token, until {@link #release}. */
    private static final ConcurrentHashMap<Long, NDArray> EXPORTED = new ConcurrentHashMap<>();
    private static final AtomicLong TOKENS = new AtomicLong();

    private ForeignMemory() {
    }

    /**
     * Lends {@code t}'s memory to another runtime (a numpy view) in one call: a new handle that
     * no scope closes is kept here until {@link #release} is called with the returned token.
     * Returns {@code {token, address, readOnly ? 1 : 0}}; the address is that of element
     * (0, ..., 0), as {@link NDArray#address()}.
     *
     * @throws ClosedTensorException if {@code t} is closed
     */
    public static long[] export(NDArray t) {
        NDArray h = Scope.escape(t.share());
        long token = TOKENS.incrementAndGet();
        EXPORTED.put(token, h);
        try {
            return new long[] {token, h.address(), h.isReadOnly() ? 1 : 0};
        } catch (RuntimeException e) {
            release(token);
            throw e;
        }
    }

    /** Closes the handle {@link #export} lent under {@code token}; unknown tokens are ignored. */
    public static void release(long token) {
        NDArray h = EXPORTED.remove(token);
        if (h != null) {
            h.close();
        }
    }

    /**
     * A tensor over {@code address} (see {@link NDArray#wrap} for the layout rules) whose
     * release calls {@code release.accept(token)}.
     */
    public static NDArray wrap(long address, DataType dtype, long[] shape, long[] byteStrides,
            boolean readOnly, LongConsumer release, long token) {
        if (release == null) {
            throw new IllegalArgumentException("ForeignMemory.wrap needs a release listener,"
                    + " got null; pass the bridge's shared listener.");
        }
        return NDArray.wrap(address, dtype, shape, byteStrides, readOnly,
                () -> release.accept(token));
    }
}
