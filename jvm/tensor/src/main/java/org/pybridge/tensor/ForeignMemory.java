package org.pybridge.tensor;

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
 * <pre>{@code
 * NDArray t = ForeignMemory.wrap(address, DataType.FLOAT32, new long[] {2, 3},
 *         new long[] {12, 4}, false, owners::remove, 42L);
 * }</pre>
 */
public final class ForeignMemory {
    private ForeignMemory() {
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
