package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.Philox;

@ExtendWith(LeakCheck.class)
// Scopes below are opened for the tensors they close, never referenced by name.
@SuppressWarnings("try")
class GeneratorTest {
    private static final int MILLION = 1_000_000;

    @Test
    void philoxMatchesRandom123KnownAnswers() {
        int[] out = new int[4];
        Philox.block(0, 0, 0, 0, 0, 0, out);
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
        Philox.block(-1, -1, -1, -1, -1, -1, out);
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
        Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
                out);
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    /**
     * Literal values for seed 123: any change to the algorithm, its constants or the way bits
     * become numbers (on any machine or JVM) breaks this test, as it should.
     */
    @Test
    void seed123GivesTheDocumentedValues() {
        Generator g = new Generator(123);
        try (NDArray u = g.uniform(0, 1, DataType.FLOAT64, 3);
             NDArray f = g.uniform(-1, 1, DataType.FLOAT32, 3);
             NDArray n = g.normal(0, 1, DataType.FLOAT64, 3);
             NDArray i = g.integers(0, 100, DataType.INT64, 4);
             NDArray p = g.permutation(6)) {
            assertArrayEquals(GOLDEN_UNIFORM, u.toDoubleArray(), 0.0);
            assertArrayEquals(GOLDEN_UNIFORM_F32, f.toFloatArray(), 0.0f);
            assertArrayEquals(GOLDEN_NORMAL, n.toDoubleArray(), 0.0);
            assertArrayEquals(GOLDEN_INTEGERS, i.toLongArray());
            assertArrayEquals(GOLDEN_PERMUTATION, p.toLongArray());
        }
        // Blocks used: uniform float64 2 per block, float32 4, normal and integers 2,
        // permutation(6) one word per swap.
        assertEquals(2 + 1 + 2 + 2 + 3, g.position());
    }

    // Cross-checked against an independent Python implementation of Philox4x32-10, the
    // block layout and the ziggurat.
    private static final double[] GOLDEN_UNIFORM = {
        0x1.9bfcf760448dep-2, 0x1.86dbf295fd84cp-3, 0x1.f5007ab68f004p-2};
    private static final float[] GOLDEN_UNIFORM_F32 = {
        -0x1.4f9298p-1f, -0x1.ff0edp-2f, 0x1.977b98p-2f};
    private static final double[] GOLDEN_NORMAL = {
        0x1.20c614c7cab78p-2, 0x1.1814755090dadp0, 0x1.d21524e33794fp-1};
    private static final long[] GOLDEN_INTEGERS = {70, 49, 83, 29};
    private static final long[] GOLDEN_PERMUTATION = {3, 5, 0, 1, 4, 2};

    @Test
    void sameSeedSameValuesDifferentSeedsDiffer() {
        Generator a = new Generator(7);
        Generator b = new Generator(7);
        Generator c = new Generator(8);
        try (NDArray x = a.normal(0, 1, DataType.FLOAT32, 1000);
             NDArray y = b.normal(0, 1, DataType.FLOAT32, 1000);
             NDArray z = c.normal(0, 1, DataType.FLOAT32, 1000);
             NDArray x2 = a.normal(0, 1, DataType.FLOAT32, 1000)) {
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0.0f);
            assertFalse(Arrays.equals(x.toFloatArray(), z.toFloatArray()));
            assertFalse(Arrays.equals(x.toFloatArray(), x2.toFloatArray()));
        }
        Generator held = Generator.global();
        Generator.seed(99);
        try (NDArray p = held.uniform(0, 1, DataType.FLOAT64, 10);
             NDArray expect = new Generator(99).uniform(0, 1, DataType.FLOAT64, 10)) {
            Generator.seed(99);
            try (NDArray q = Generator.global().uniform(0, 1, DataType.FLOAT64, 10)) {
                assertArrayEquals(p.toDoubleArray(), q.toDoubleArray(), 0.0);
                assertArrayEquals(expect.toDoubleArray(), q.toDoubleArray(), 0.0);
            }
        }
        assertEquals(99, Generator.global().seed());
    }

    @Test
    void parallelFillEqualsSmallSequentialFills() {
        // One call of 2^18 elements is large enough to be split across threads; calls of 1024
        // stay on one thread. Values depend only on (seed, position), and 1024 is a multiple of
        // the elements per block, so both must agree exactly.
        int total = 1 << 18;
        int chunk = 1024;
        Generator big = new Generator(2024);
        Generator small = new Generator(2024);
        try (Scope s = Scope.open()) {
            NDArray[] bigs = {big.uniform(0, 1, DataType.FLOAT32, total),
                big.normal(1, 2, DataType.FLOAT64, total),
                big.truncatedNormal(0, 1, DataType.FLOAT32, total),
                big.bernoulli(0.5, DataType.INT8, total),
                big.integers(-5, 5, DataType.INT32, total),
                big.uniform(-1, 1, DataType.FLOAT64, total)};
            for (int kind = 0; kind < bigs.length; kind++) {
                double[] all = bigs[kind].toDoubleArray();
                for (int c = 0; c < total / chunk; c++) {
                    NDArray part;
                    switch (kind) {
                        case 0: part = small.uniform(0, 1, DataType.FLOAT32, chunk); break;
                        case 1: part = small.normal(1, 2, DataType.FLOAT64, chunk); break;
                        case 2: part = small.truncatedNormal(0, 1, DataType.FLOAT32, chunk); break;
                        case 3: part = small.bernoulli(0.5, DataType.INT8, chunk); break;
                        case 4: part = small.integers(-5, 5, DataType.INT32, chunk); break;
                        default: part = small.uniform(-1, 1, DataType.FLOAT64, chunk); break;
                    }
                    try (part) {
                        assertArrayEquals(Arrays.copyOfRange(all, c * chunk, c * chunk + chunk),
                                part.toDoubleArray(), 0.0, "kind " + kind + " chunk " + c);
                    }
                }
            }
            assertEquals(big.position(), small.position());
        }
    }

    @Test
    void concurrentCallsGetDisjointPositions() throws Exception {
        Generator g = new Generator(5);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] fs = new Future<?>[8];
            for (int t = 0; t < fs.length; t++) {
                fs[t] = pool.submit(() -> {
                    for (int k = 0; k < 50; k++) {
                        g.uniform(0, 1, DataType.FLOAT32, 100).close();
                    }
                });
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(8 * 50 * 100 / 4, g.position());
    }

    @Test
    void uniformStatisticsAndBounds() {
        Generator g = new Generator(1);
        try (NDArray u = g.uniform(-2, 3, DataType.FLOAT64, MILLION);
             NDArray f = g.uniform(0, 1, DataType.FLOAT32, MILLION)) {
            double[] v = u.toDoubleArray();
            double[] m = moments(v);
            assertEquals(0.5, m[0], 0.01);
            assertEquals(25.0 / 12, m[1], 0.01);
            for (double x : v) {
                assertTrue(x >= -2 && x < 3);
            }
            float[] w = f.toFloatArray();
            for (float x : w) {
                assertTrue(x >= 0 && x < 1);
            }
        }
        try (NDArray tiny = g.uniform(1, Math.nextUp(1.0f), DataType.FLOAT32, 1000);
             NDArray same = g.uniform(4, 4, DataType.FLOAT64, 3);
             NDArray half = g.uniform(0, 1, DataType.FLOAT16, 10000)) {
            for (float x : tiny.toFloatArray()) {
                assertEquals(1.0f, x);
            }
            assertArrayEquals(new double[] {4, 4, 4}, same.toDoubleArray(), 0.0);
            for (double x : half.toDoubleArray()) {
                assertTrue(x >= 0 && x < 1, "float16 value " + x);
            }
        }
    }

    @Test
    void normalAndTruncatedNormalStatistics() {
        Generator g = new Generator(2);
        try (NDArray n = g.normal(3, 2, DataType.FLOAT64, MILLION);
             NDArray t = g.truncatedNormal(0, 1, DataType.FLOAT64, MILLION);
             NDArray t32 = g.truncatedNormal(1, 0.5, DataType.FLOAT32, 10001)) {
            double[] m = moments(n.toDoubleArray());
            assertEquals(3, m[0], 0.01);
            assertEquals(4, m[1], 0.02);
            double[] tv = t.toDoubleArray();
            for (double x : tv) {
                assertTrue(Math.abs(x) < 2, "truncated value " + x);
            }
            double[] tm = moments(tv);
            assertEquals(0, tm[0], 0.005);
            // Variance of a standard normal truncated to (-2, 2): 1 - 4 phi(2) / (2 Phi(2) - 1).
            assertEquals(0.773741, tm[1], 0.005);
            for (float x : t32.toFloatArray()) {
                assertTrue(x >= 0 && x <= 2, "truncated value " + x);
            }
        }
    }

    @Test
    void bernoulliAndIntegersStatistics() {
        Generator g = new Generator(3);
        try (NDArray b = g.bernoulli(0.3, DataType.FLOAT32, MILLION);
             NDArray bb = g.bernoulli(1, DataType.BOOL, 100);
             NDArray b0 = g.bernoulli(0, DataType.INT64, 100);
             NDArray k = g.integers(0, 10, DataType.INT64, MILLION);
             NDArray wide = g.integers(Long.MIN_VALUE, Long.MAX_VALUE, DataType.INT64, 1000);
             NDArray u8 = g.integers(0, 256, DataType.UINT8, 10000)) {
            assertEquals(0.3, moments(b.toDoubleArray())[0], 0.003);
            for (long x : bb.toLongArray()) {
                assertEquals(1, x);
            }
            for (long x : b0.toLongArray()) {
                assertEquals(0, x);
            }
            long[] counts = new long[10];
            for (long x : k.toLongArray()) {
                counts[(int) x]++;
            }
            for (long c : counts) {
                assertEquals(100_000, c, 1500);
            }
            long negatives = Arrays.stream(wide.toLongArray()).filter(x -> x < 0).count();
            assertEquals(500, negatives, 80);
            long[] seen = u8.toLongArray();
            assertEquals(255, Arrays.stream(seen).max().getAsLong());
            assertEquals(0, Arrays.stream(seen).min().getAsLong());
        }
    }

    @Test
    void permutationIsAPermutationAndShuffleMatchesIt() {
        Generator g = new Generator(4);
        try (NDArray p = g.permutation(100_000);
             NDArray empty = g.permutation(0);
             NDArray one = g.permutation(1)) {
            long[] v = p.toLongArray();
            long[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                assertEquals(i, sorted[i]);
            }
            long fixed = 0;
            for (int i = 0; i < v.length; i++) {
                fixed += v[i] == i ? 1 : 0;
            }
            assertTrue(fixed < 10, "too many fixed points: " + fixed);
            assertEquals(0, empty.size());
            assertArrayEquals(new long[] {0}, one.toLongArray());
        }
        for (long[] shape : new long[][] {{50}, {50, 3}, {50, 2, 7}}) {
            try (Scope s = Scope.open()) {
                NDArray a = TestArrays.range(DataType.FLOAT32, shape);
                NDArray expectOrder = new Generator(77).permutation(50);
                NDArray expect = NDArrays.take(a, expectOrder, 0);
                NDArray nc = TestArrays.nonContiguous(a);
                new Generator(77).shuffle(a);
                new Generator(77).shuffle(nc);
                assertArrayEquals(expect.toFloatArray(), a.toFloatArray(), 0.0f);
                assertArrayEquals(expect.toFloatArray(), nc.toFloatArray(), 0.0f);
            }
        }
        try (NDArray z = NDArray.scalar(1, DataType.FLOAT32)) {
            assertThrows(ShapeException.class, () -> g.shuffle(z));
        }
    }

    @Test
    void forkGivesIndependentReproducibleStreams() {
        Generator a = new Generator(10);
        Generator b = new Generator(10);
        Generator fa = a.fork();
        Generator fb = b.fork();
        assertEquals(fa.seed(), fb.seed());
        assertNotEquals(a.seed(), fa.seed());
        Generator resumed = new Generator(a.seed(), a.position());
        try (NDArray x = a.uniform(0, 1, DataType.FLOAT64, 5);
             NDArray y = resumed.uniform(0, 1, DataType.FLOAT64, 5)) {
            assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), 0.0);
        }
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        Generator g = new Generator(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.bernoulli(1.5, DataType.FLOAT32, 3));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.bernoulli(-0.1, DataType.FLOAT32));
        assertThrows(IllegalArgumentException.class,
                () -> g.bernoulli(Double.NaN, DataType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> g.uniform(1, 0, DataType.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> g.normal(0, -1, DataType.FLOAT32));
        assertThrows(DataTypeException.class, () -> g.uniform(0, 1, DataType.INT32, 2));
        assertThrows(DataTypeException.class, () -> g.integers(0, 1, DataType.FLOAT32, 2));
        assertThrows(IllegalArgumentException.class, () -> g.integers(3, 3, DataType.INT64, 2));
        e = assertThrows(IllegalArgumentException.class,
                () -> g.integers(0, 300, DataType.UINT8, 2));
        assertTrue(e.getMessage().contains("uint8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.permutation(-1));
        assertEquals(0, g.position());
    }

    /** Mean and (population) variance. */
    private static double[] moments(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double sq = 0;
        for (double x : v) {
            sq += (x - mean) * (x - mean);
        }
        return new double[] {mean, sq / v.length};
    }
}
