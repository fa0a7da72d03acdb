package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/** Statistics of every scheme against DL4J's formulas, and reproducibility. */
@ExtendWith(LeakCheck.class)
class WeightInitTest {
    private static final long FAN_IN = 300;
    private static final long FAN_OUT = 100;

    private static double[] draw(WeightInitScheme s, long seed, long... shape) {
        try (NDArray a = s.init(FAN_IN, FAN_OUT, DataType.FLOAT64, new Generator(seed), shape)) {
            assertArrayEquals(shape, a.shape());
            assertEquals(DataType.FLOAT64, a.dtype());
            return a.toDoubleArray();
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    private static double maxAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).max().orElseThrow();
    }

    /** Normal schemes: N(0, std). */
    private static void assertNormal(WeightInitScheme s, double expectedStd) {
        double[] v = draw(s, 1, FAN_IN, FAN_OUT);
        assertEquals(0, mean(v), 0.03 * expectedStd, s + " mean");
        assertEquals(expectedStd, std(v), 0.02 * expectedStd, s + " std");
        assertTrue(maxAbs(v) > 3 * expectedStd, s + " is not truncated");
    }

    /** Uniform schemes: U(-a, a), std a / sqrt(3). */
    private static void assertUniform(WeightInitScheme s, double a) {
        double[] v = draw(s, 2, FAN_IN, FAN_OUT);
        assertTrue(maxAbs(v) <= a, s + " within [-a, a]");
        assertTrue(maxAbs(v) > 0.99 * a, s + " fills [-a, a]");
        assertEquals(0, mean(v), 0.03 * a, s + " mean");
        assertEquals(a / Math.sqrt(3), std(v), 0.02 * a, s + " std");
    }

    @Test
    void namedSchemesFollowDl4jFormulas() {
        double in = FAN_IN;
        double out = FAN_OUT;
        assertNormal(WeightInit.XAVIER, Math.sqrt(2 / (in + out)));
        assertNormal(WeightInit.XAVIER_FAN_IN, 1 / Math.sqrt(in));
        assertNormal(WeightInit.LECUN_NORMAL, 1 / Math.sqrt(in));
        assertNormal(WeightInit.NORMAL, 1 / Math.sqrt(in));
        assertNormal(WeightInit.RELU, Math.sqrt(2 / in));
        assertNormal(WeightInit.VAR_SCALING_NORMAL_FAN_IN, 1 / Math.sqrt(in));
        assertNormal(WeightInit.VAR_SCALING_NORMAL_FAN_OUT, 1 / Math.sqrt(out));
        assertNormal(WeightInit.VAR_SCALING_NORMAL_FAN_AVG, 1 / Math.sqrt((in + out) / 2));
        assertUniform(WeightInit.XAVIER_UNIFORM, Math.sqrt(6 / (in + out)));
        assertUniform(WeightInit.RELU_UNIFORM, Math.sqrt(6 / in));
        assertUniform(WeightInit.LECUN_UNIFORM, 3 / Math.sqrt(in));
        assertUniform(WeightInit.UNIFORM, 1 / Math.sqrt(in));
        assertUniform(WeightInit.SIGMOID_UNIFORM, 4 * Math.sqrt(6 / (in + out)));
        assertUniform(WeightInit.VAR_SCALING_UNIFORM_FAN_IN, 3 / Math.sqrt(in));
        assertUniform(WeightInit.VAR_SCALING_UNIFORM_FAN_OUT, 3 / Math.sqrt(out));
        assertUniform(WeightInit.VAR_SCALING_UNIFORM_FAN_AVG, 3 / Math.sqrt((in + out) / 2));
        assertTrue(Arrays.stream(draw(WeightInit.ZERO, 1, 3, 4)).allMatch(x -> x == 0));
        assertTrue(Arrays.stream(draw(WeightInit.ONES, 1, 3, 4)).allMatch(x -> x == 1));
    }

    @Test
    void identityNeedsASquareWeight() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                draw(WeightInit.IDENTITY, 1, 3, 3));
        String m = assertThrows(ShapeException.class, () -> draw(WeightInit.IDENTITY, 1, 3, 4))
                .getMessage();
        assertTrue(m.contains("square") && m.contains("[3, 4]"), m);
    }

    @Test
    void distributionsHaveTheirStatistics() {
        double[] n = draw(new Distribution.Normal(2, 0.5), 3, 200, 100);
        assertEquals(2, mean(n), 0.02);
        assertEquals(0.5, std(n), 0.01);

        double[] u = draw(new Distribution.Uniform(-1, 3), 4, 200, 100);
        assertTrue(Arrays.stream(u).allMatch(x -> x >= -1 && x < 3));
        assertEquals(1, mean(u), 0.03);

        double[] t = draw(new Distribution.TruncatedNormal(1, 0.1), 5, 200, 100);
        assertTrue(Arrays.stream(t).allMatch(x -> Math.abs(x - 1) <= 0.2 + 1e-12));
        assertEquals(1, mean(t), 0.005);

        double[] l = draw(new Distribution.LogNormal(0.5, 0.25), 6, 200, 100);
        assertTrue(Arrays.stream(l).allMatch(x -> x > 0));
        double[] logs = Arrays.stream(l).map(Math::log).toArray();
        assertEquals(0.5, mean(logs), 0.01);
        assertEquals(0.25, std(logs), 0.01);

        double[] b = draw(new Distribution.Binomial(3, 0.25), 7, 200, 100);
        assertTrue(Arrays.stream(b).allMatch(x -> x == 0 || x == 1 || x == 2 || x == 3));
        assertEquals(0.75, mean(b), 0.03);
        assertEquals(Math.sqrt(3 * 0.25 * 0.75), std(b), 0.03);
    }

    /** W^T W (tall) or W W^T (wide) equals gain^2 I. */
    private static void assertOrthogonal(double[] w, int rows, int cols, double gain) {
        boolean tall = rows >= cols;
        int k = tall ? cols : rows;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int r = 0; r < (tall ? rows : cols); r++) {
                    dot += tall ? w[r * cols + i] * w[r * cols + j]
                            : w[i * cols + r] * w[j * cols + r];
                }
                assertEquals(i == j ? gain * gain : 0, dot, 1e-9, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void orthogonalWeightsHaveOrthonormalColumnsOrRows() {
        assertOrthogonal(draw(new Distribution.Orthogonal(1), 8, 30, 20), 30, 20, 1);
        assertOrthogonal(draw(new Distribution.Orthogonal(2), 9, 20, 30), 20, 30, 2);
        assertOrthogonal(draw(new Distribution.Orthogonal(1), 10, 25, 25), 25, 25, 1);
        // More than two dimensions: viewed as (shape[0], rest).
        assertOrthogonal(draw(new Distribution.Orthogonal(1), 11, 3, 2, 4), 3, 8, 1);
        assertThrows(ShapeException.class, () -> draw(new Distribution.Orthogonal(1), 1, 5));
    }

    @Test
    void drawsAreReproducibleFromTheSeed() {
        for (WeightInitScheme s : new WeightInitScheme[] {WeightInit.XAVIER,
                WeightInit.RELU_UNIFORM, new Distribution.Orthogonal(1),
                new Distribution.Binomial(2, 0.5), new Distribution.TruncatedNormal(0, 1)}) {
            assertArrayEquals(draw(s, 42, 20, 10), draw(s, 42, 20, 10), s.toString());
            assertFalse(Arrays.equals(draw(s, 42, 20, 10), draw(s, 43, 20, 10)), s.toString());
        }
        try (NDArray f = WeightInit.XAVIER.init(3, 4, DataType.FLOAT32, new Generator(1), 3, 4)) {
            assertEquals(DataType.FLOAT32, f.dtype());
        }
    }

    @Test
    void namesRoundTripAndUnknownNamesAreListed() {
        for (WeightInit w : WeightInit.values()) {
            assertEquals(w, WeightInit.fromName(w.jsonName()));
            assertEquals(w, WeightInitScheme.fromJson(w.toJson(), "weight_init"));
        }
        String m = assertThrows(IllegalArgumentException.class,
                () -> WeightInit.fromName("glorot")).getMessage();
        assertTrue(m.contains("glorot") && m.contains("xavier_uniform"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> WeightInitScheme.fromJson(3L, "layers[0].weight_init")).getMessage();
        assertTrue(m.contains("layers[0].weight_init"), m);
    }
}
