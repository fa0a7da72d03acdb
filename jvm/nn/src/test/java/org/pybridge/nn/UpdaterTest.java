package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/** Updater configs (JSON, defaults, validation) and the maths on every dtype and layout. */
@ExtendWith(LeakCheck.class)
class UpdaterTest {
    static final List<Updater> ALL = List.of(new Sgd(0.1), new Nesterovs(0.05, 0.8),
            new AdaGrad(0.05, 1e-10), new AdaDelta(0.9, 1e-6), new RmsProp(0.01, 0.9, 1e-8),
            new Adam(0.01), new AdaMax(0.01), new Nadam(0.01), new AmsGrad(0.01),
            new AdaBelief(0.01), new NoOp());

    @Test
    void everyUpdaterRoundTripsThroughJsonText() {
        for (Updater u : ALL) {
            String text = Json.write(u.toJson(), false);
            Updater back = Updater.fromJson(Json.parseObject(text));
            assertEquals(u, back, text);
            assertEquals(text, Json.write(back.toJson(), false));
            assertEquals(u.jsonName(), u.toJson().get("type"));
        }
        assertEquals(Updater.NAMES, ALL.stream().map(Updater::jsonName).toList());
    }

    @Test
    void jsonIsCanonicalSnakeCaseWithDefaultsForMissingKeys() {
        assertEquals("{\"type\": \"adam\", \"learning_rate\": 0.001, \"beta1\": 0.9, \"beta2\":"
                + " 0.999, \"epsilon\": 1e-08}", Json.write(new Adam().toJson(), false));
        assertEquals(new RmsProp(), Updater.fromJson(Json.parseObject("{\"type\": \"rmsprop\"}")));
        assertEquals(new Nesterovs(0.5, 0.9),
                Updater.fromJson(Json.parseObject(
                        "{\"type\": \"nesterovs\", \"learning_rate\": 0.5}")));
    }

    @Test
    void unknownTypesAndKeysAreNamedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Updater.fromJson(Json.parseObject("{\"type\": \"adamw\"}")));
        assertTrue(e.getMessage().contains("'adamw'") && e.getMessage().contains("nesterovs"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Updater.fromJson(
                Json.parseObject("{\"type\": \"adam\", \"lr\": 0.1}")));
        assertTrue(e.getMessage().contains("'lr'") && e.getMessage().contains("learning_rate"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Updater.fromJson(
                Json.parseObject("{\"type\": \"sgd\", \"learning_rate\": \"fast\"}")));
        assertTrue(e.getMessage().contains("must be a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Updater.fromJson(Map.of()));
    }

    @Test
    void defaultsAreDl4jsAndLearningRatesCanBeReplaced() {
        assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8), new Adam());
        assertEquals(new AdaBelief(1e-3, 0.9, 0.999, 1e-14), new AdaBelief());
        assertEquals(new RmsProp(0.1, 0.95, 1e-8), new RmsProp());
        assertEquals(new AdaGrad(0.1, 1e-6), new AdaGrad());
        assertEquals(new AdaDelta(0.95, 1e-6), new AdaDelta());
        assertEquals(new Nesterovs(0.1, 0.9), new Nesterovs());
        assertEquals(1e-3, new Sgd().learningRate());
        assertEquals(new Adam(0.5, 0.9, 0.999, 1e-8), new Adam().withLearningRate(0.5));
        assertTrue(Double.isNaN(new AdaDelta().learningRate()));
        assertTrue(Double.isNaN(new NoOp().learningRate()));
        AdaDelta d = new AdaDelta();
        assertSame(d, d.withLearningRate(3));
        assertArrayEquals(new String[] {"m", "v", "v_hat"}, new AmsGrad().stateNames());
    }

    /** One Adam step by hand: m = 0.1 g, v = 0.001 g^2, p -= lr * g/|g| (about). */
    @Test
    void adamFirstStepMatchesTheFormula() {
        try (NDArray p = NDArray.create(new double[] {1, -2}, 2);
                NDArray g = NDArray.create(new double[] {0.5, -4}, 2)) {
            Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8);
            NDArray[] s = adam.createState(p);
            try {
                adam.apply(p, g, s, 0);
                assertArrayEquals(new double[] {0.05, -0.4}, s[0].toDoubleArray(), 1e-15);
                assertArrayEquals(new double[] {0.00025, 0.016}, s[1].toDoubleArray(), 1e-15);
                double e0 = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
                double e1 = -2 + 0.1 * 4 / (4 + 1e-8);
                assertArrayEquals(new double[] {e0, e1}, p.toDoubleArray(), 1e-12);
            } finally {
                close(s);
            }
        }
    }

    /** Every dtype and layout gives the same result as contiguous float64. */
    @Test
    void stridedAndHalfPrecisionParametersMatchTheFastPath() {
        for (Updater u : ALL) {
            try (NDArray p0 = RandomInputs.uniform(1, -1, 1, 4, 6);
                    NDArray g0 = RandomInputs.uniform(2, -1, 1, 4, 6)) {
                double[] reference = run(u, p0, g0, DataType.FLOAT64, false);
                for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT16,
                        DataType.BFLOAT16}) {
                    for (boolean strided : new boolean[] {false, true}) {
                        double[] got = run(u, p0, g0, t, strided);
                        double tol = t == DataType.FLOAT32 ? 1e-5 : t == DataType.FLOAT16 ? 5e-3
                                : 5e-2;
                        for (int i = 0; i < got.length; i++) {
                            assertEquals(reference[i], got[i], tol * (1 + Math.abs(reference[i])),
                                    u.jsonName() + " " + t + (strided ? " strided" : "") + " #"
                                            + i);
                        }
                    }
                }
            }
        }
    }

    /** Three steps of {@code u} in dtype {@code t}, optionally on transposed (strided) views. */
    private static double[] run(Updater u, NDArray p0, NDArray g0, DataType t, boolean strided) {
        try (NDArray pc = NDArray.empty(t, p0.shape()).assign(p0);
                NDArray gc = NDArray.empty(t, g0.shape()).assign(g0);
                NDArray pt = strided ? columnMajor(pc) : pc.share();
                NDArray gt = strided ? columnMajor(gc) : gc.share()) {
            assertEquals(!strided, pt.isContiguous());
            NDArray[] s = u.createState(pt);
            try {
                for (int step = 0; step < 3; step++) {
                    u.apply(pt, gt, s, step);
                }
                try (NDArray out = pt.cast(DataType.FLOAT64)) {
                    return out.toDoubleArray();
                }
            } finally {
                close(s);
            }
        }
    }

    /** The same values laid out column-major: a non-contiguous view. */
    private static NDArray columnMajor(NDArray a) {
        try (NDArray t = a.transpose();
                NDArray d = t.dup()) {
            return d.transpose();
        }
    }

    @Test
    void badArgumentsAreExplained() {
        Adam adam = new Adam();
        try (NDArray p = NDArray.zeros(DataType.FLOAT32, 2, 3);
                NDArray g = NDArray.zeros(DataType.FLOAT32, 3, 2);
                NDArray ok = NDArray.zeros(DataType.FLOAT32, 2, 3);
                NDArray ints = NDArray.zeros(DataType.INT32, 2, 3)) {
            NDArray[] s = adam.createState(p);
            try {
                ShapeException e = assertThrows(ShapeException.class,
                        () -> adam.apply(p, g, s, 0));
                assertTrue(e.getMessage().contains("gradient shape"), e.getMessage());
                IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                        () -> adam.apply(p, ok, new NDArray[] {s[0]}, 0));
                assertTrue(e2.getMessage().contains("createState"), e2.getMessage());
                assertThrows(ShapeException.class, () -> adam.apply(p, ok,
                        new NDArray[] {s[0], g}, 0));
                assertThrows(IllegalArgumentException.class,
                        () -> new Sgd(1).apply(ints, ints, new NDArray[0], 0));
            } finally {
                close(s);
            }
        }
    }

    @Test
    void stateIsZerosLikeTheParameter() {
        try (NDArray p = NDArray.ones(DataType.FLOAT64, 3, 2)) {
            NDArray[] s = new AdaDelta().createState(p);
            try {
                assertEquals(2, s.length);
                for (NDArray a : s) {
                    assertEquals(DataType.FLOAT64, a.dtype());
                    assertArrayEquals(new long[] {3, 2}, a.shape());
                    assertArrayEquals(new double[6], a.toDoubleArray());
                }
            } finally {
                close(s);
            }
            assertEquals(0, new Sgd().createState(p).length);
        }
    }

    /** A large float32 parameter runs split across threads and equals the float64 result. */
    @Test
    void largeParametersUseAllThreadsAndStayExact() {
        try (NDArray p64 = RandomInputs.uniform(3, -1, 1, 300_000);
                NDArray g64 = RandomInputs.uniform(4, -1, 1, 300_000);
                NDArray p = p64.cast(DataType.FLOAT32);
                NDArray g = g64.cast(DataType.FLOAT32)) {
            Nadam u = new Nadam(0.01);
            NDArray[] s = u.createState(p);
            NDArray[] s64 = u.createState(p64);
            try {
                for (int step = 0; step < 2; step++) {
                    u.apply(p, g, s, step);
                    u.apply(p64, g64, s64, step);
                }
                float[] got = p.toFloatArray();
                double[] want = p64.toDoubleArray();
                for (int i = 0; i < got.length; i += 997) {
                    assertEquals(want[i], got[i], 1e-6, "element " + i);
                }
            } finally {
                close(s);
                close(s64);
            }
        }
    }

    static void close(NDArray[] arrays) {
        for (NDArray a : arrays) {
            a.close();
        }
    }
}
