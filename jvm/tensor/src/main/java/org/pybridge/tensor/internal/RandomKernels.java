package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * Fills tensors with random values drawn from {@link Philox} blocks.
 *
 * <p>A draw is addressed by (seed, position, attempt): the seed is the 64-bit key, the position
 * (64 bits) fills counter words 0 and 1, the attempt counter word 2 (non-zero only when a
 * rejection sampler must try again), word 3 is 0. Element {@code i} of a fill that starts at
 * position {@code p} reads block {@code p + i} only (normals read block {@code p + i/2}, one
 * Box-Muller pair per block), so chunks can be generated on any thread in any order and give the
 * same values.
 *
 * <p>Transcendental functions go through {@link StrictMath} (fdlibm), whose results are
 * specified bit for bit, so normals are identical on every JVM and CPU; {@code Math.sqrt} is
 * correctly rounded and therefore also portable.
 */
public final class RandomKernels {
    /** Relative cost of one element (a Philox block) for the parallel split. */
    private static final long COST = 8;
    private static final long MASK = 0xFFFFFFFFL;
    private static final double TWO_PI = 2 * Math.PI;

    private RandomKernels() {
    }

    private static void block(long seed, long position, int attempt, int[] w) {
        Philox.block((int) position, (int) (position >>> 32), attempt, 0, (int) seed,
                (int) (seed >>> 32), w);
    }

    private static long low64(int[] w) {
        return (w[0] & MASK) | ((long) w[1] << 32);
    }

    private static long high64(int[] w) {
        return (w[2] & MASK) | ((long) w[3] << 32);
    }

    /** A double in [0, 1) from the top 53 bits of {@code bits}. */
    private static double unit53(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** The 64 random bits of block {@code position} (words 0 and 1). */
    public static long nextLong(long seed, long position) {
        int[] w = new int[4];
        block(seed, position, 0, w);
        return low64(w);
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
     * float32 (and half types), 53 per float64. A value that rounds up to {@code high} in the
     * output type is moved one step down so the interval stays half-open.
     */
    public static void uniform(NDArray out, double low, double high, long seed, long start) {
        DataType type = out.dtype();
        long base = out.address();
        int item = type.byteSize();
        double span = high - low;
        boolean open = high > low;
        Parallel.forRange(out.size(), out.size() * COST, (from, to) -> {
            int[] w = new int[4];
            for (long i = from; i < to; i++) {
                block(seed, start + i, 0, w);
                long addr = base + i * item;
                if (type == DataType.FLOAT64) {
                    double v = low + span * unit53(low64(w));
                    Raw.putDouble(addr, open && v >= high ? Math.nextDown(high) : v);
                    continue;
                }
                float u = (w[0] >>> 8) * 0x1.0p-24f;
                float f = (float) (low + span * u);
                if (type == DataType.FLOAT32) {
                    Raw.putFloat(addr, open && f >= high ? Math.nextDown((float) high) : f);
                } else {
                    short h = type == DataType.FLOAT16 ? HalfFloats.floatToHalf(f)
                            : HalfFloats.floatToBfloat16(f);
                    double back = type == DataType.FLOAT16 ? HalfFloats.halfToFloat(h)
                            : HalfFloats.bfloat16ToFloat(h);
                    Raw.putShort(addr, open && back >= high ? halfNextDown(h) : h);
                }
            }
        });
    }

    /** The next smaller value of a sign-magnitude 16-bit float (float16 or bfloat16). */
    static short halfNextDown(short h) {
        if ((h & 0x7FFF) == 0) {
            return (short) 0x8001;
        }
        return (short) (h >= 0 ? h - 1 : h + 1);
    }

    /**
     * Normal values {@code mean + std * z} by the Box-Muller transform: block {@code start + j}
     * gives the pair of elements {@code 2j} and {@code 2j + 1} (cosine and sine branch). Uses
     * {@code ceil(n / 2)} blocks.
     */
    public static void normal(NDArray out, double mean, double std, long seed, long start) {
        DataType type = out.dtype();
        long base = out.address();
        int item = type.byteSize();
        long n = out.size();
        long pairs = (n + 1) / 2;
        Parallel.forRange(pairs, pairs * COST * 4, (from, to) -> {
            int[] w = new int[4];
            for (long j = from; j < to; j++) {
                block(seed, start + j, 0, w);
                double u1 = 1.0 - unit53(low64(w));
                double theta = TWO_PI * unit53(high64(w));
                double r = Math.sqrt(-2.0 * StrictMath.log(u1));
                long i = 2 * j;
                store(type, base + i * item, mean + std * (r * StrictMath.cos(theta)));
                if (i + 1 < n) {
                    store(type, base + (i + 1) * item, mean + std * (r * StrictMath.sin(theta)));
                }
            }
        });
    }

    /**
     * Normal values with |z| < 2 (as TensorFlow's truncated_normal): element {@code i} tries the
     * two Box-Muller values of block {@code (start + i, attempt)} for attempt 0, 1, ... until one
     * is within two standard deviations. Uses {@code n} blocks of position.
     */
    public static void truncatedNormal(NDArray out, double mean, double std, long seed,
            long start) {
        DataType type = out.dtype();
        long base = out.address();
        int item = type.byteSize();
        Parallel.forRange(out.size(), out.size() * COST * 4, (from, to) -> {
            int[] w = new int[4];
            for (long i = from; i < to; i++) {
                double z = Double.NaN;
                for (int attempt = 0; z != z; attempt++) {
                    block(seed, start + i, attempt, w);
                    double u1 = 1.0 - unit53(low64(w));
                    double theta = TWO_PI * unit53(high64(w));
                    double r = Math.sqrt(-2.0 * StrictMath.log(u1));
                    double z0 = r * StrictMath.cos(theta);
                    if (Math.abs(z0) < 2.0) {
                        z = z0;
                    } else {
                        double z1 = r * StrictMath.sin(theta);
                        if (Math.abs(z1) < 2.0) {
                            z = z1;
                        }
                    }
                }
                store(type, base + i * item, mean + std * z);
            }
        });
    }

    /** 1 with probability {@code p}, else 0 (a 53-bit uniform compared with p). */
    public static void bernoulli(NDArray out, double p, long seed, long start) {
        DataType type = out.dtype();
        long base = out.address();
        int item = type.byteSize();
        Parallel.forRange(out.size(), out.size() * COST, (from, to) -> {
            int[] w = new int[4];
            for (long i = from; i < to; i++) {
                block(seed, start + i, 0, w);
                store(type, base + i * item, unit53(low64(w)) < p ? 1.0 : 0.0);
            }
        });
    }

    /** Integers {@code low + [0, range)} ({@code range} unsigned, non-zero), unbiased. */
    public static void integers(NDArray out, long low, long range, long seed, long start) {
        DataType type = out.dtype();
        long base = out.address();
        int item = type.byteSize();
        Parallel.forRange(out.size(), out.size() * COST, (from, to) -> {
            int[] w = new int[4];
            for (long i = from; i < to; i++) {
                Access.putLong(type, base + i * item, low + bounded(range, seed, start + i, w));
            }
        });
    }

    /**
     * An unbiased integer in {@code [0, range)} ({@code range} read as unsigned, non-zero) by
     * Lemire's multiply-and-reject method: each 64-bit word x gives the high half of
     * {@code x * range}, rejected when the low half falls in the short biased zone. A block
     * offers two words; rare rejections move on to the next attempt of the same position.
     */
    public static long bounded(long range, long seed, long position, int[] w) {
        for (int attempt = 0; ; attempt++) {
            block(seed, position, attempt, w);
            for (int half = 0; half < 2; half++) {
                long x = half == 0 ? low64(w) : high64(w);
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
    }

    /** High 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18+). */
    static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    /**
     * Fisher-Yates shuffle of {@code n} rows of {@code rowBytes} bytes at {@code base}: for
     * {@code i = n-1 .. 1} swap row i with row {@code bounded(i + 1)} drawn at position
     * {@code start + (n - 1 - i)}. Uses {@code n - 1} positions. {@code tmp} is scratch memory of
     * {@code rowBytes} bytes (unused for rows of 1, 2, 4 or 8 bytes).
     */
    public static void shuffleRows(long base, long n, long rowBytes, long tmp, long seed,
            long start) {
        int[] w = new int[4];
        for (long i = n - 1; i > 0; i--) {
            long j = bounded(i + 1, seed, start + (n - 1 - i), w);
            if (j == i) {
                continue;
            }
            long a = base + i * rowBytes;
            long b = base + j * rowBytes;
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
    }

    /** {@code out[k] = k}, then shuffled as {@link #shuffleRows} would shuffle n rows. */
    public static void permutation(NDArray out, long seed, long start) {
        long n = out.size();
        long base = out.address();
        for (long k = 0; k < n; k++) {
            Raw.putLong(base + 8 * k, k);
        }
        shuffleRows(base, n, 8, 0, seed, start);
    }
}
