package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * Fills tensors with random values drawn from {@link Philox} blocks.
 *
 * <p>A block is addressed by (seed, position, attempt): the seed is the 64-bit key, the
 * position (64 bits) fills counter words 0 and 1, the attempt counter word 2, word 3 is 0. A
 * fill starting at position {@code p} gives element {@code i} a fixed share of block
 * {@code p + i / k}: float32 (and half) uniforms take one 32-bit word each ({@code k = 4}),
 * everything else one 64-bit word ({@code k = 2}). A sampler that needs more bits for an element
 * (a rejection, the normal tail) continues in that element's own retry blocks, attempts
 * {@code 1 + 2t + half} of the same position ({@link RandomBits}). So every value depends on
 * the seed and its own position only: chunks run on any thread in any order with identical
 * results.
 *
 * <p>Transcendental functions go through {@link StrictMath} (fdlibm), whose results are
 * specified bit for bit; {@code Math.sqrt} is correctly rounded. Results are therefore identical
 * on every JVM and CPU.
 */
public final class RandomKernels {
    /** Relative cost of one block for the parallel split. */
    private static final long COST = 16;
    private static final long MASK = 0xFFFFFFFFL;

    private RandomKernels() {
    }

    static void block(long seed, long position, int attempt, int[] w) {
        Philox.block((int) position, (int) (position >>> 32), attempt, 0, (int) seed,
                (int) (seed >>> 32), w);
    }

    static long low64(int[] w) {
        return (w[0] & MASK) | ((long) w[1] << 32);
    }

    static long high64(int[] w) {
        return (w[2] & MASK) | ((long) w[3] << 32);
    }

    /** A double in [0, 1) from the top 53 bits of {@code bits}. */
    private static double unit53(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /**
     * The 64-bit words one element may read: first its share of the main block, then words of
     * its private retry blocks. One instance per thread, reset per element.
     */
    static final class RandomBits {
        private final long seed;
        private final int[] w = new int[4];
        private long position;
        private int half;
        private long first;
        private boolean firstUsed;
        private int attempt;
        private int used;

        RandomBits(long seed) {
            this.seed = seed;
        }

        /** Starts the stream of half {@code half} of block {@code position}. */
        void reset(long position, int half, long firstWord) {
            this.position = position;
            this.half = half;
            this.first = firstWord;
            this.firstUsed = false;
            this.attempt = 0;
            this.used = 2;
        }

        long next() {
            if (!firstUsed) {
                firstUsed = true;
                return first;
            }
            if (used == 2) {
                block(seed, position, 1 + 2 * attempt + half, w);
                attempt++;
                used = 0;
            }
            return used++ == 0 ? low64(w) : high64(w);
        }
    }

    /** The 64 random bits of block {@code position} (words 0 and 1). */
    public static long nextLong(long seed, long position) {
        int[] w = new int[4];
        block(seed, position, 0, w);
        return low64(w);
    }

    /** Blocks a fill of {@code n} elements uses when each block serves {@code perBlock}. */
    public static long blocks(long n, int perBlock) {
        return (n + perBlock - 1) / perBlock;
    }

    /**
     * Turns one element's random words into a value and stores it. {@code first} is the
     * element's share of the main block; {@code bits} (reset lazily, only when the first word
     * does not suffice) continues with the element's retry blocks.
     */
    @FunctionalInterface
    private interface Sampler {
        void sample(long first, Retry bits, long address);
    }

    /** Lazily positioned retry stream of one element (most elements never need it). */
    private static final class Retry {
        private final RandomBits bits;
        private long position;
        private int half;
        private long first;

        Retry(long seed) {
            bits = new RandomBits(seed);
        }

        void at(long position, int half, long first) {
            this.position = position;
            this.half = half;
            this.first = first;
        }

        /** The element's whole stream, from its first word on. */
        RandomBits stream() {
            bits.reset(position, half, first);
            return bits;
        }
    }

    /** Runs {@code sampler} for every element, two elements (64-bit words) per block. */
    private static void twoPerBlock(NDArray out, long seed, long start, Sampler sampler) {
        long base = out.address();
        int item = out.dtype().byteSize();
        long n = out.size();
        long blocks = blocks(n, 2);
        Parallel.forRange(blocks, blocks * COST, (from, to) -> {
            int[] w = new int[4];
            Retry retry = new Retry(seed);
            for (long j = from; j < to; j++) {
                block(seed, start + j, 0, w);
                long e = 2 * j;
                long w0 = low64(w);
                retry.at(start + j, 0, w0);
                sampler.sample(w0, retry, base + e * item);
                if (e + 1 < n) {
                    long w1 = high64(w);
                    retry.at(start + j, 1, w1);
                    sampler.sample(w1, retry, base + (e + 1) * item);
                }
            }
        });
    }

    /** Stores {@code v} converted to {@code type}: fast paths for float32/float64. */
    private static void store(DataType type, long addr, double v) {
        if (type == DataType.FLOAT32) {
            Raw.putFloat(addr, (float) v);
        } else if (type == DataType.FLOAT64) {
            Raw.putDouble(addr, v);
        } else {
            Access.putDouble(type, addr, v);
        }
    }

    /**
     * Uniform values in {@code [low, high)} into the contiguous {@code out}: 24 random bits per
     * float32 or half value (four per block), 53 per float64 (two per block). A value that
     * rounds up to {@code high} in the output type is moved one step down so the interval stays
     * half-open.
     */
    public static void uniform(NDArray out, double low, double high, long seed, long start) {
        DataType type = out.dtype();
        if (type == DataType.FLOAT64) {
            double span = high - low;
            boolean open = high > low;
            twoPerBlock(out, seed, start, (first, retry, addr) -> {
                double v = low + span * unit53(first);
                Raw.putDouble(addr, open && v >= high ? Math.nextDown(high) : v);
            });
            return;
        }
        long base = out.address();
        int item = type.byteSize();
        long n = out.size();
        long blocks = blocks(n, 4);
        Parallel.forRange(blocks, blocks * COST, (from, to) -> {
            int[] w = new int[4];
            for (long j = from; j < to; j++) {
                block(seed, start + j, 0, w);
                long e = 4 * j;
                for (int k = 0; k < 4 && e + k < n; k++) {
                    storeUnit24(type, base + (e + k) * item, low, high, (w[k] >>> 8) * 0x1.0p-24f);
                }
            }
        });
    }

    /** Stores {@code low + (high - low) * u} as float32, float16 or bfloat16, kept below high. */
    private static void storeUnit24(DataType type, long addr, double low, double high, float u) {
        boolean open = high > low;
        float f = (float) (low + (high - low) * u);
        if (type == DataType.FLOAT32) {
            Raw.putFloat(addr, open && f >= high ? Math.nextDown((float) high) : f);
            return;
        }
        short h = type == DataType.FLOAT16 ? HalfFloats.floatToHalf(f)
                : HalfFloats.floatToBfloat16(f);
        double back = type == DataType.FLOAT16 ? HalfFloats.halfToFloat(h)
                : HalfFloats.bfloat16ToFloat(h);
        Raw.putShort(addr, open && back >= high ? halfNextDown(h) : h);
    }

    /** The next smaller value of a sign-magnitude 16-bit float (float16 or bfloat16). */
    static short halfNextDown(short h) {
        if ((h & 0x7FFF) == 0) {
            return (short) 0x8001;
        }
        return (short) (h >= 0 ? h - 1 : h + 1);
    }

    /** Normal values {@code mean + std * z}, z from the {@link Ziggurat}; two per block. */
    public static void normal(NDArray out, double mean, double std, long seed, long start) {
        DataType type = out.dtype();
        twoPerBlock(out, seed, start, (first, retry, addr) -> {
            double z = Ziggurat.quick(first);
            store(type, addr, mean + std * (z == z ? z : Ziggurat.sample(retry.stream())));
        });
    }

    /**
     * Normal values with |z| < 2, as TensorFlow's truncated_normal: samples further out are
     * re-drawn from the element's own retry stream. Two per block.
     */
    public static void truncatedNormal(NDArray out, double mean, double std, long seed,
            long start) {
        DataType type = out.dtype();
        twoPerBlock(out, seed, start, (first, retry, addr) -> {
            double z = Ziggurat.quick(first);
            if (!(Math.abs(z) < 2.0)) {
                RandomBits bits = retry.stream();
                do {
                    z = Ziggurat.sample(bits);
                } while (Math.abs(z) >= 2.0);
            }
            store(type, addr, mean + std * z);
        });
    }

    /**
     * 1 with probability {@code p}, else 0: a 32-bit word compared with {@code p * 2^32} (so p
     * is resolved to 2^-32), four elements per block.
     */
    public static void bernoulli(NDArray out, double p, long seed, long start) {
        DataType type = out.dtype();
        long base = out.address();
        int item = type.byteSize();
        long n = out.size();
        long blocks = blocks(n, 4);
        long threshold = (long) Math.ceil(p * 0x1.0p32);
        Parallel.forRange(blocks, blocks * COST, (from, to) -> {
            int[] w = new int[4];
            for (long j = from; j < to; j++) {
                block(seed, start + j, 0, w);
                long e = 4 * j;
                for (int k = 0; k < 4 && e + k < n; k++) {
                    store(type, base + (e + k) * item, (w[k] & MASK) < threshold ? 1.0 : 0.0);
                }
            }
        });
    }

    /**
     * Integers {@code low + [0, range)} ({@code range} unsigned, non-zero), unbiased; two per
     * block.
     */
    public static void integers(NDArray out, long low, long range, long seed, long start) {
        DataType type = out.dtype();
        long threshold = Long.remainderUnsigned(-range, range);
        twoPerBlock(out, seed, start, (first, retry, addr) -> {
            // Lemire's test inline for the first word; only a rejection needs the stream.
            long lo = first * range;
            long v = Long.compareUnsigned(lo, threshold) >= 0 ? unsignedMultiplyHigh(first, range)
                    : bounded(range, retry.stream());
            Access.putLong(type, addr, low + v);
        });
    }

    /**
     * An unbiased integer in {@code [0, range)} ({@code range} read as unsigned, non-zero) by
     * Lemire's multiply-and-reject method: a 64-bit word x gives the high half of
     * {@code x * range}, rejected (and the next word tried) when the low half falls in the
     * short biased zone.
     */
    static long bounded(long range, RandomBits bits) {
        while (true) {
            long x = bits.next();
            long lo = x * range;
            if (Long.compareUnsigned(lo, range) < 0) {
                long threshold = Long.remainderUnsigned(-range, range);
                if (Long.compareUnsigned(lo, threshold) < 0) {
                    continue;
                }
            }
            return unsignedMultiplyHigh(x, range);
        }
    }

    /** High 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18+). */
    static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    /** Positions a Fisher-Yates shuffle of {@code n} rows uses: one word per swap. */
    public static long shuffleBlocks(long n) {
        return blocks(Math.max(0, n - 1), 2);
    }

    /**
     * Fisher-Yates shuffle of {@code n} rows of {@code rowBytes} bytes at {@code base}: for
     * {@code i = n-1 .. 1} (step {@code s = n-1-i}) swap row i with row {@code bounded(i + 1)},
     * drawn from half {@code s % 2} of block {@code start + s / 2}. {@code tmp} is scratch memory
     * of {@code rowBytes} bytes (unused for rows of 1, 2, 4 or 8 bytes).
     */
    public static void shuffleRows(long base, long n, long rowBytes, long tmp, long seed,
            long start) {
        int[] w = new int[4];
        RandomBits bits = new RandomBits(seed);
        for (long i = n - 1; i > 0; i--) {
            long s = n - 1 - i;
            if ((s & 1) == 0) {
                block(seed, start + s / 2, 0, w);
            }
            bits.reset(start + s / 2, (int) (s & 1), (s & 1) == 0 ? low64(w) : high64(w));
            long j = bounded(i + 1, bits);
            if (j != i) {
                swapRows(base + i * rowBytes, base + j * rowBytes, rowBytes, tmp);
            }
        }
    }

    private static void swapRows(long a, long b, long rowBytes, long tmp) {
        if (rowBytes == 8) {
            long t = Raw.getLong(a);
            Raw.putLong(a, Raw.getLong(b));
            Raw.putLong(b, t);
        } else if (rowBytes == 4) {
            int t = Raw.getInt(a);
            Raw.putInt(a, Raw.getInt(b));
            Raw.putInt(b, t);
        } else if (rowBytes == 2) {
            short t = Raw.getShort(a);
            Raw.putShort(a, Raw.getShort(b));
            Raw.putShort(b, t);
        } else if (rowBytes == 1) {
            byte t = Raw.getByte(a);
            Raw.putByte(a, Raw.getByte(b));
            Raw.putByte(b, t);
        } else {
            Raw.copy(a, tmp, rowBytes);
            Raw.copy(b, a, rowBytes);
            Raw.copy(tmp, b, rowBytes);
        }
    }

    /** {@code out[k] = k}, then shuffled exactly as {@link #shuffleRows} shuffles n rows. */
    public static void permutation(NDArray out, long seed, long start) {
        long n = out.size();
        long base = out.address();
        for (long k = 0; k < n; k++) {
            Raw.putLong(base + 8 * k, k);
        }
        shuffleRows(base, n, 8, 0, seed, start);
    }
}
