package org.pybridge.tensor.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps recently freed large allocations for reuse by the next allocation of the same size.
 *
 * <p>Why: glibc hands every allocation above its mmap threshold straight back to the kernel on
 * free, so a loop that makes a fresh 40 MB result each step pays ~10,000 first-touch page faults
 * each time — measured at several times the cost of the arithmetic itself. Training loops and
 * element-wise pipelines allocate the same sizes over and over, so an exact-size cache removes
 * that cost. The cache is bounded ({@code pybridge.memory.cache}, default 1 GiB, 0 disables),
 * counts against the off-heap limit, and is emptied first when the limit is reached.
 */
final class BlockCache {
    /**
     * Smaller blocks come from malloc's own free lists, which reuse memory. From 64 KiB up
     * they are cached too: glibc serves blocks this size by mmap, or returns them to the
     * kernel when it trims its heap, and an MLP step's 512 KB activations and gradients paid
     * ~600 page faults a step (8% of the training time) before.
     */
    static final long MIN_BYTES = 1L << 16;

    private static final long CAPACITY = initialCapacity();

    /** raw addresses by exact byte size; insertion order gives least-recently-freed first. */
    private static final LinkedHashMap<Long, ArrayDeque<Long>> FREE = new LinkedHashMap<>();
    private static volatile long cachedBytes;

    private BlockCache() {
    }

    private static long initialCapacity() {
        String s = System.getProperty("pybridge.memory.cache");
        if (s == null || s.isBlank()) {
            return 1L << 30;
        }
        if (s.strip().equals("0")) {
            return 0;
        }
        return MemoryAccounting.parseBytes(s, "system property pybridge.memory.cache");
    }

    static boolean enabled() {
        return CAPACITY > 0;
    }

    /** A cached raw allocation of exactly {@code bytes} (plus alignment slack), or 0. */
    static synchronized long take(long bytes) {
        ArrayDeque<Long> q = FREE.get(bytes);
        if (q == null || q.isEmpty()) {
            return 0L;
        }
        long raw = q.pop();
        if (q.isEmpty()) {
            FREE.remove(bytes);
        }
        cachedBytes -= bytes;
        return raw;
    }

    /** Offers a freed raw allocation; true when the cache kept it (the caller must not free). */
    static boolean offer(long raw, long bytes) {
        if (bytes < MIN_BYTES || bytes > CAPACITY) {
            return false;
        }
        synchronized (BlockCache.class) {
            while (cachedBytes + bytes > CAPACITY && !FREE.isEmpty()) {
                evictOldest();
            }
            ArrayDeque<Long> q = FREE.remove(bytes);
            if (q == null) {
                q = new ArrayDeque<>();
            }
            q.push(raw);
            FREE.put(bytes, q); // re-insert: most recently used sizes live longest
            cachedBytes += bytes;
        }
        return true;
    }

    private static void evictOldest() {
        Iterator<Map.Entry<Long, ArrayDeque<Long>>> it = FREE.entrySet().iterator();
        Map.Entry<Long, ArrayDeque<Long>> e = it.next();
        long raw = e.getValue().removeLast();
        if (e.getValue().isEmpty()) {
            it.remove();
        }
        cachedBytes -= e.getKey();
        Raw.free(raw);
    }

    /** Frees every cached block; returns the bytes given back. */
    static synchronized long clear() {
        long freed = cachedBytes;
        while (!FREE.isEmpty()) {
            evictOldest();
        }
        return freed;
    }

    static long cachedBytes() {
        return cachedBytes;
    }
}
