package org.pybridge.tensor;

import org.pybridge.tensor.internal.MemoryAccounting;

/**
 * Off-heap memory accounting: bytes in use, the peak, the limit and the number of open tensors.
 *
 * <pre>{@code
 * Memory.setLimit(8L << 30);               // or -Dpybridge.memory.limit=8g
 * try (NDArray a = NDArray.zeros(DataType.FLOAT32, 1024, 1024)) {
 *     System.out.println(Memory.info());   // used=4.0 MiB ...
 * }
 * }</pre>
 */
public final class Memory {
    private Memory() {
    }

    /**
     * A snapshot of the accounting. {@code external} counts wrapped foreign memory (numpy);
     * {@code cached} counts freed blocks kept for reuse (they count against the limit).
     */
    public record Info(long used, long peak, long limit, long tensors, long external,
            long cached) {
        @Override
        public String toString() {
            return "used=" + MemoryAccounting.human(used) + " peak=" + MemoryAccounting.human(peak)
                    + " limit=" + MemoryAccounting.human(limit) + " tensors=" + tensors
                    + " external=" + MemoryAccounting.human(external) + " cached="
                    + MemoryAccounting.human(cached);
        }
    }

    public static Info info() {
        return new Info(MemoryAccounting.used(), MemoryAccounting.peak(), MemoryAccounting.limit(),
                MemoryAccounting.liveTensors(), MemoryAccounting.external(),
                MemoryAccounting.cached());
    }

    /** Engine-owned off-heap bytes currently allocated. */
    public static long used() {
        return MemoryAccounting.used();
    }

    /** Tensors created and not yet closed (views included). */
    public static long openTensors() {
        return MemoryAccounting.liveTensors();
    }

    /** Sets the off-heap limit in bytes; allocations past it raise {@link TensorOutOfMemoryException}. */
    public static void setLimit(long bytes) {
        MemoryAccounting.setLimit(bytes);
    }

    /** Sets the limit from text such as {@code "8g"} or {@code "512m"}. */
    public static void setLimit(String size) {
        MemoryAccounting.setLimit(MemoryAccounting.parseBytes(size, "the off-heap limit"));
    }

    public static long limit() {
        return MemoryAccounting.limit();
    }

    /**
     * Gives cached blocks back to the operating system. Freed large blocks are kept (up to
     * {@code -Dpybridge.memory.cache}, default 1g) because reusing touched memory avoids the
     * page faults of a fresh allocation; call this to shrink the process after a big job.
     */
    public static long releaseCache() {
        return MemoryAccounting.releaseCache();
    }

    /** Starts peak tracking afresh from the current use. */
    public static void resetPeak() {
        MemoryAccounting.resetPeak();
    }
}
