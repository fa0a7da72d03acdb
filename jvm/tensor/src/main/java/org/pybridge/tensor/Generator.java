package org.pybridge.tensor;

import java.util.concurrent.ThreadLocalRandom;
import org.pybridge.tensor.internal.RandomKernels;

/**
 * A seeded, reproducible source of random tensors: the same seed gives the same values on every
 * run, machine, JVM and thread count.
 *
 * <pre>{@code
 * Generator g = new Generator(123);
 * try (NDArray w = g.normal(0, 0.05, DataType.FLOAT32, 784, 100);
 *      NDArray mask = g.bernoulli(0.9, DataType.FLOAT32, 128, 100)) {
 *     ...
 * }
 * Generator.seed(42);                                  // numpy.random.seed for the global one
 * NDArray x = Generator.global().uniform(-1, 1, DataType.FLOAT64, 10);
 * }</pre>
 *
 * <h2>Algorithm</h2>
 * The generator is counter-based: its state is a 64-bit seed (the key) and a 64-bit position
 * (how many 128-bit blocks have been handed out). Each block is the Philox4x32-10 function of
 * (key = seed, counter = position, attempt, 0) as published by Salmon et al. (SC 2011, the
 * Random123 library), checked against its known-answer vectors. A call reserves a range of
 * positions under a lock and then computes the values outside it, in parallel for large
 * tensors. Element {@code i} of a call reads only its share of block {@code first + i / k}
 * (k = 4 for bernoulli and for float32/float16/bfloat16 uniforms, which take 32 bits each;
 * k = 2 otherwise, 64 bits each) plus, when a sampler must retry, blocks of its own reserved for that (same
 * position, attempt word 1 + 2t + half). Values therefore depend only on (seed, position), not
 * on threads or chunking: a call of n elements equals consecutive calls whose sizes are
 * multiples of k.
 * <ul>
 *   <li>uniform: 24 random bits per float32/float16/bfloat16 value, 53 per float64, scaled to
 *       {@code [low, high)}.
 *   <li>normal: the 256-layer ziggurat of Marsaglia and Tsang (as numpy); its tables and rare
 *       slow paths use {@link StrictMath} (fdlibm), so results are bit-identical everywhere.
 *   <li>truncatedNormal: like TensorFlow/Keras, values two or more standard deviations from the
 *       mean are re-drawn (from the element's own retry blocks).
 *   <li>bernoulli: a 32-bit word compared with p * 2^32 (p resolved to 2^-32).
 *   <li>integers and permutations: unbiased bounded integers by Lemire's multiply-and-reject
 *       method; permutation and shuffle are Fisher-Yates, one 64-bit word per swap.
 * </ul>
 * Thread-safe: concurrent calls get disjoint positions (which call gets which range depends on
 * timing, so for reproducible results give each thread its own generator, e.g. via
 * {@link #fork()}).
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(ThreadLocalRandom.current()
            .nextLong() ^ System.nanoTime());

    /** Guarded by this (the global generator is re-seeded in place). */
    private long seed;
    private long position;

    /** A range of positions handed to one call, with the seed it belongs to. */
    private record Draw(long seed, long start) {
    }

    /** A generator at the start of the stream of {@code seed}. */
    public Generator(long seed) {
        this(seed, 0);
    }

    /**
     * A generator at {@code position} of the stream of {@code seed}: with the values of
     * {@link #seed()} and {@link #position()} saved earlier, this resumes a stream exactly.
     */
    public Generator(long seed, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("Generator position must be >= 0, got "
                    + position + ".");
        }
        this.seed = seed;
        this.position = position;
    }

    /** The process-wide generator that {@code pb.random.*} uses. */
    public static Generator global() {
        return GLOBAL;
    }

    /**
     * Re-seeds the global generator in place (numpy.random.seed / torch.manual_seed): it
     * restarts at position 0 of the new seed's stream, also for code that holds it.
     */
    public static void seed(long seed) {
        synchronized (GLOBAL) {
            GLOBAL.seed = seed;
            GLOBAL.position = 0;
        }
    }

    /** This generator's seed. */
    public synchronized long seed() {
        return seed;
    }

    /** How many 128-bit blocks this generator has used so far. */
    public synchronized long position() {
        return position;
    }

    /** Hands out {@code blocks} consecutive positions of the current seed's stream. */
    private synchronized Draw reserve(long blocks) {
        long start = position;
        position = Math.addExact(position, blocks);
        return new Draw(seed, start);
    }

    /**
     * An independent generator whose seed is drawn from this one (one position), for a thread or
     * a layer that needs its own reproducible stream.
     */
    public Generator fork() {
        Draw d = reserve(1);
        return new Generator(RandomKernels.nextLong(d.seed(), d.start()));
    }

    /**
     * Uniform values in {@code [low, high)}.
     *
     * <pre>{@code
     * NDArray u = g.uniform(0, 1, DataType.FLOAT32, 2, 3);
     * }</pre>
     *
     * @param dtype a floating-point type
     */
    public NDArray uniform(double low, double high, DataType dtype, long... shape) {
        requireFloat(dtype, "uniform");
        if (!Double.isFinite(low) || !Double.isFinite(high) || high < low
                || !Double.isFinite(high - low)) {
            throw new IllegalArgumentException("uniform needs finite bounds with low <= high,"
                    + " got low=" + low + ", high=" + high + ".");
        }
        NDArray out = NDArray.empty(dtype, shape);
        try {
            Draw d = reserve(RandomKernels.blocks(out.size(), dtype == DataType.FLOAT64 ? 2 : 4));
            RandomKernels.uniform(out, low, high, d.seed(), d.start());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Normally distributed values with the given mean and standard deviation.
     *
     * <pre>{@code
     * NDArray w = g.normal(0, Math.sqrt(2.0 / fanIn), DataType.FLOAT32, fanIn, fanOut);
     * }</pre>
     */
    public NDArray normal(double mean, double std, DataType dtype, long... shape) {
        requireFloat(dtype, "normal");
        checkNormal(mean, std, "normal");
        NDArray out = NDArray.empty(dtype, shape);
        try {
            Draw d = reserve(RandomKernels.blocks(out.size(), 2));
            RandomKernels.normal(out, mean, std, d.seed(), d.start());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Normal values restricted to within two standard deviations of the mean: values outside
     * are re-drawn (TensorFlow's {@code truncated_normal}, Keras' {@code TruncatedNormal}). The
     * result's standard deviation is about {@code 0.88 * std}.
     *
     * <pre>{@code
     * NDArray w = g.truncatedNormal(0, 0.05, DataType.FLOAT32, 100, 10);
     * }</pre>
     */
    public NDArray truncatedNormal(double mean, double std, DataType dtype, long... shape) {
        requireFloat(dtype, "truncatedNormal");
        checkNormal(mean, std, "truncatedNormal");
        NDArray out = NDArray.empty(dtype, shape);
        try {
            Draw d = reserve(RandomKernels.blocks(out.size(), 2));
            RandomKernels.truncatedNormal(out, mean, std, d.seed(), d.start());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * 1 with probability {@code p}, else 0, in any dtype (bool gives true/false).
     *
     * <pre>{@code
     * NDArray keep = g.bernoulli(0.8, DataType.FLOAT32, 32, 128);   // a dropout mask
     * }</pre>
     */
    public NDArray bernoulli(double p, DataType dtype, long... shape) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli probability p must lie in [0, 1], got "
                    + p + ".");
        }
        NDArray out = NDArray.empty(dtype, shape);
        try {
            Draw d = reserve(RandomKernels.blocks(out.size(), 4));
            RandomKernels.bernoulli(out, p, d.seed(), d.start());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Uniform integers in {@code [low, high)}, without modulo bias.
     *
     * <pre>{@code
     * NDArray labels = g.integers(0, 10, DataType.INT64, 128);
     * }</pre>
     *
     * @param dtype an integer type (or bool) that can hold every value of the range
     */
    public NDArray integers(long low, long high, DataType dtype, long... shape) {
        if (!dtype.isIntegral()) {
            throw new DataTypeException("integers needs an integer dtype, got "
                    + dtype.numpyName() + "; use uniform for floating-point values.");
        }
        if (high <= low) {
            throw new IllegalArgumentException("integers needs low < high, got low=" + low
                    + ", high=" + high + " (high is exclusive).");
        }
        long[] range = range(dtype);
        if (low < range[0] || high - 1 > range[1]) {
            throw new IllegalArgumentException("integers range [" + low + ", " + high + ") does"
                    + " not fit " + dtype.numpyName() + " (values " + range[0] + " to " + range[1]
                    + "); use a wider dtype.");
        }
        NDArray out = NDArray.empty(dtype, shape);
        try {
            Draw d = reserve(RandomKernels.blocks(out.size(), 2));
            RandomKernels.integers(out, low, high - low, d.seed(), d.start());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static long[] range(DataType t) {
        switch (t) {
            case BOOL: return new long[] {0, 1};
            case INT8: return new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case UINT8: return new long[] {0, 255};
            case INT16: return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case INT32: return new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            default: return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        }
    }

    /**
     * A random ordering of {@code 0 .. n-1} (int64).
     *
     * <pre>{@code
     * NDArray order = g.permutation(60000);   // shuffled sample indices for an epoch
     * }</pre>
     */
    public NDArray permutation(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation needs n >= 0, got " + n + ".");
        }
        NDArray out = NDArray.empty(DataType.INT64, n);
        try {
            Draw d = reserve(RandomKernels.shuffleBlocks(n));
            RandomKernels.permutation(out, d.seed(), d.start());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Shuffles {@code a} in place along axis 0 (its rows move, each row stays intact). With the
     * same generator state, row {@code k} afterwards is the old row {@code permutation(n)[k]}.
     *
     * <pre>{@code
     * g.shuffle(samples);
     * }</pre>
     */
    public void shuffle(NDArray a) {
        a.ensureWritable();
        if (a.ndim() == 0) {
            throw new ShapeException("shuffle needs an array with at least one dimension, got a"
                    + " 0-d array.");
        }
        long n = a.shape(0);
        Draw d = reserve(RandomKernels.shuffleBlocks(n));
        if (a.size() == 0 || n < 2) {
            return;
        }
        long rowBytes = a.size() / n * a.dtype().byteSize();
        boolean small = rowBytes == 1 || rowBytes == 2 || rowBytes == 4 || rowBytes == 8;
        try (NDArray work = a.isContiguous() ? a.share() : a.dup();
             NDArray tmp = NDArray.empty(DataType.UINT8, small ? 0 : rowBytes)) {
            RandomKernels.shuffleRows(work.address(), n, rowBytes, tmp.address(), d.seed(),
                    d.start());
            if (!work.sharesMemoryWith(a)) {
                a.assign(work);
            }
        }
    }

    private static void requireFloat(DataType dtype, String op) {
        if (!dtype.isFloatingPoint()) {
            throw new DataTypeException(op + " needs a floating-point dtype, got "
                    + dtype.numpyName() + (op.equals("uniform")
                    ? "; use integers for random integers." : "; generate float values and"
                    + " cast them."));
        }
    }

    private static void checkNormal(double mean, double std, String op) {
        if (!Double.isFinite(mean) || !(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException(op + " needs a finite mean and a finite std >= 0,"
                    + " got mean=" + mean + ", std=" + std + ".");
        }
    }

    @Override
    public String toString() {
        Draw d = reserve(0);
        return "Generator(seed=" + d.seed() + ", position=" + d.start() + ")";
    }
}
