package org.pybridge.tensor.internal;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.pybridge.tensor.TensorOutOfMemoryException;

/** Process-wide accounting of engine-owned off-heap bytes, the peak, and the limit. */
public final class MemoryAccounting {
    private static final AtomicLong USED = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();
    private static final AtomicLong EXTERNAL = new AtomicLong();
    private static final AtomicLong LIVE_TENSORS = new AtomicLong();
    private static volatile long limit = initialLimit();

    private MemoryAccounting() {
    }

    private static long initialLimit() {
        String s = System.getProperty("pybridge.memory.limit");
        if (s == null || s.isBlank()) {
            return Long.MAX_VALUE;
        }
        return parseBytes(s, "system property pybridge.memory.limit");
    }

    /** Parses "512m", "8g", "1024" (bytes) and the like. */
    public static long parseBytes(String text, String what) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        switch (last) {
            case 'k': mult = 1L << 10; break;
            case 'm': mult = 1L << 20; break;
            case 'g': mult = 1L << 30; break;
            case 't': mult = 1L << 40; break;
            default: break;
        }
        if (mult != 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long v = Long.parseLong(s.strip());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("Invalid size '" + text + "' for " + what
                    + ": expected a positive number of bytes with an optional k/m/g/t suffix,"
                    + " e.g. '8g'.");
        }
    }

    static void reserve(long bytes, Supplier<String> what) {
        long lim = limit;
        long now = USED.addAndGet(bytes);
        if (now > lim) {
            USED.addAndGet(-bytes);
            // Tensors nobody closed may be waiting for the Cleaner: give it one chance.
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now = USED.addAndGet(bytes);
            if (now > lim) {
                USED.addAndGet(-bytes);
                throw new TensorOutOfMemoryException("Allocating " + human(bytes) + " for "
                        + what.get()
                        + " would pass the off-heap limit of " + human(lim) + " ("
                        + human(now - bytes) + " in use). Close tensors you no longer need"
                        + " (try-with-resources, pb.scope()), or raise the limit with"
                        + " pb.jvm.start(max_offheap=...) / -Dpybridge.memory.limit.");
            }
        }
        if (now + BlockCache.cachedBytes() > lim) {
            BlockCache.clear(); // the limit covers cached blocks too: give them back first
        }
        PEAK.accumulateAndGet(now, Math::max);
    }

    static void unreserve(long bytes) {
        USED.addAndGet(-bytes);
    }

    static void externalAdded(long bytes) {
        EXTERNAL.addAndGet(bytes);
    }

    static void externalRemoved(long bytes) {
        EXTERNAL.addAndGet(-bytes);
    }

    public static void tensorOpened() {
        LIVE_TENSORS.incrementAndGet();
    }

    public static void tensorClosed() {
        LIVE_TENSORS.decrementAndGet();
    }

    public static long used() {
        return USED.get();
    }

    public static long peak() {
        return PEAK.get();
    }

    public static long external() {
        return EXTERNAL.get();
    }

    public static long cached() {
        return BlockCache.cachedBytes();
    }

    /** Frees the cache of recently released blocks; returns the bytes given back. */
    public static long releaseCache() {
        return BlockCache.clear();
    }

    public static long liveTensors() {
        return LIVE_TENSORS.get();
    }

    public static long limit() {
        return limit;
    }

    public static void setLimit(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("The off-heap limit must be positive, got " + bytes
                    + ".");
        }
        limit = bytes;
    }

    public static void resetPeak() {
        PEAK.set(USED.get());
    }

    public static String human(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "unlimited";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
