package org.pybridge.tensor.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.pybridge.tensor.ClosedTensorException;

/**
 * One span of off-heap memory shared by a tensor and all of its views, reference counted.
 *
 * <p>Engine-allocated blocks are 64-byte aligned and freed when the last reference is released.
 * External blocks wrap memory somebody else owns (a numpy array); releasing the last reference
 * runs the owner's release action so that the foreign object can be let go.
 */
public final class MemoryBlock {
    /** Alignment of every engine allocation, in bytes (a cache line; AVX-512 friendly). */
    public static final int ALIGNMENT = 64;

    private final long address;
    private final long byteSize;
    private final long rawAddress;
    private final Runnable externalRelease;
    private final AtomicInteger references = new AtomicInteger(1);

    private MemoryBlock(long address, long byteSize, long rawAddress, Runnable externalRelease) {
        this.address = address;
        this.byteSize = byteSize;
        this.rawAddress = rawAddress;
        this.externalRelease = externalRelease;
    }

    /**
     * Allocates {@code bytes} aligned bytes (uninitialised), charged against the limit;
     * {@code what} names them in an error and is only called then.
     */
    public static MemoryBlock allocate(long bytes, Supplier<String> what) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        MemoryAccounting.reserve(bytes, what);
        long raw = BlockCache.enabled() && bytes >= BlockCache.MIN_BYTES ? BlockCache.take(bytes)
                : 0L;
        if (raw == 0L) {
            raw = Raw.allocate(bytes + ALIGNMENT);
        }
        if (raw == 0L && BlockCache.clear() > 0) {
            raw = Raw.allocate(bytes + ALIGNMENT);
        }
        if (raw == 0L) {
            MemoryAccounting.unreserve(bytes);
            throw new org.pybridge.tensor.TensorOutOfMemoryException("The native allocator could not"
                    + " provide " + MemoryAccounting.human(bytes) + " for " + what.get()
                    + ": the machine is out of memory. Close tensors you no longer need.");
        }
        long aligned = (raw + ALIGNMENT - 1) & -ALIGNMENT;
        return new MemoryBlock(aligned, bytes, raw, null);
    }

    /** Wraps foreign memory; {@code release} runs once when the last reference goes. */
    public static MemoryBlock external(long address, long byteSize, Runnable release) {
        MemoryAccounting.externalAdded(byteSize);
        return new MemoryBlock(address, byteSize, 0L, release);
    }

    public long address() {
        return address;
    }

    public long byteSize() {
        return byteSize;
    }

    public boolean isExternal() {
        return rawAddress == 0L;
    }

    /** Adds a reference; fails if the memory has already been freed. */
    public void retain() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                throw new ClosedTensorException("This tensor's memory has already been freed.");
            }
            if (references.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    /** Drops a reference, freeing the memory when it was the last. */
    public void release() {
        int n = references.decrementAndGet();
        if (n == 0) {
            if (rawAddress != 0L) {
                MemoryAccounting.unreserve(byteSize);
                if (!BlockCache.offer(rawAddress, byteSize)) {
                    Raw.free(rawAddress);
                }
            } else {
                MemoryAccounting.externalRemoved(byteSize);
                if (externalRelease != null) {
                    externalRelease.run();
                }
            }
        } else if (n < 0) {
            throw new IllegalStateException("memory block released more often than retained");
        }
    }

    public int referenceCount() {
        return references.get();
    }
}
