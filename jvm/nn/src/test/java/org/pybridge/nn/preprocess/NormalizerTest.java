package org.pybridge.nn.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.Activation;
import org.pybridge.nn.ArrayDataSetIterator;
import org.pybridge.nn.Dense;
import org.pybridge.nn.LeakCheck;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NeuralNetConfiguration;
import org.pybridge.nn.Output;
import org.pybridge.nn.Sgd;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** Normalizer statistics, JSON forms and their trip through the model file. */
@ExtendWith(LeakCheck.class)
class NormalizerTest {
    private static final double[][] ROWS = {{1, 10, 5}, {2, 20, 5}, {3, 60, 5}, {6, 30, 5}};

    @Test
    void standardizeFitsPopulationStatistics() {
        try (NDArray x = NDArray.create(ROWS)) {
            NormalizerStandardize n = NormalizerStandardize.fit(x);
            assertArrayEquals(new double[] {3, 30, 5}, n.mean(), 1e-12);
            assertEquals(Math.sqrt(3.5), n.std()[0], 1e-12);
            assertEquals(1.0, n.std()[2], 0.0, "a constant feature gets std 1, not 0");
            try (NDArray z = n.transform(x)) {
                assertEquals(DataType.FLOAT64, z.dtype());
                assertEquals((6 - 3) / Math.sqrt(3.5), z.getDouble(3, 0), 1e-12);
                assertEquals(0.0, z.getDouble(0, 2), 0.0);
            }
        }
    }

    @Test
    void iteratorFitMatchesArrayFit() {
        try (NDArray x = NDArray.create(ROWS); NDArray y = NDArray.zeros(DataType.FLOAT32, 4, 1);
                ArrayDataSetIterator it = new ArrayDataSetIterator(x, y, 3, false, null)) {
            NormalizerStandardize a = NormalizerStandardize.fit(x);
            NormalizerStandardize b = NormalizerStandardize.fit(it);
            assertArrayEquals(a.mean(), b.mean(), 1e-12);
            assertArrayEquals(a.std(), b.std(), 1e-12);
            NormalizerMinMax m = NormalizerMinMax.fit(it, -1, 1);
            assertArrayEquals(new double[] {1, 10, 5}, m.min(), 0);
            assertArrayEquals(new double[] {6, 60, 5}, m.max(), 0);
        }
    }

    @Test
    void minMaxAndImageScalerMapToTheirRange() {
        try (NDArray x = NDArray.create(ROWS); NDArray img = NDArray.create(new int[] {0, 51,
                255}, 1, 3)) {
            NormalizerMinMax m = NormalizerMinMax.fit(x, -1, 1);
            try (NDArray z = m.transform(x)) {
                assertEquals(-1.0, z.getDouble(0, 0), 1e-12);
                assertEquals(1.0, z.getDouble(3, 0), 1e-12);
                assertEquals(-0.6, z.getDouble(1, 1), 1e-12);
                assertEquals(-1.0, z.getDouble(2, 2), 0, "max == min maps to the low end");
            }
            try (NDArray z = new ImagePreProcessingScaler().transform(img)) {
                assertEquals(DataType.FLOAT32, z.dtype(), "integer pixels become float32");
                assertArrayEquals(new float[] {0f, 0.2f, 1f}, z.toFloatArray(), 1e-7f);
            }
        }
    }

    @Test
    void jsonIsCanonicalAndRoundTrips() {
        NormalizerStandardize s = new NormalizerStandardize(new double[] {0.5, 2}, new double[] {
            1, 0.25});
        assertEquals("{\"type\": \"standardize\", \"mean\": [0.5, 2.0], \"std\": [1.0, 0.25]}",
                s.toJson());
        NormalizerMinMax m = new NormalizerMinMax(0, 1, new double[] {1}, new double[] {3});
        assertEquals("{\"type\": \"min_max\", \"range\": [0.0, 1.0], \"min\": [1.0], \"max\":"
                + " [3.0]}", m.toJson());
        ImagePreProcessingScaler i = new ImagePreProcessingScaler();
        assertEquals("{\"type\": \"image_scaler\", \"range\": [0.0, 1.0], \"max_pixel\": 255.0}",
                i.toJson());
        for (Normalizer n : new Normalizer[] {s, m, i}) {
            assertEquals(n.toJson(), Normalizer.fromJson(n.toJson()).toJson());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalizer.fromJson("{\"type\": \"zscore\"}"));
        assertTrue(e.getMessage().contains("zscore"), e.getMessage());
    }

    @Test
    void wrongFeatureCountIsExplained() {
        try (NDArray x = NDArray.zeros(DataType.FLOAT32, 2, 4)) {
            NormalizerStandardize s = new NormalizerStandardize(new double[3], new double[] {1, 1,
                1});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.transform(x));
            assertTrue(e.getMessage().contains("3 features"), e.getMessage());
        }
    }

    @Test
    void modelFileKeepsNormalizerAndTransform(@TempDir Path dir) {
        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().seed(3)
                .updater(new Sgd(0.1)).list()
                .layer(new Dense.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new Output.Builder().nOut(2).build())
                .build();
        Path file = dir.resolve("m.zip");
        String transform = "{\"version\": 1, \"steps\": []}";
        try (NDArray x = NDArray.create(ROWS); MultiLayerNetwork net = new MultiLayerNetwork(conf)) {
            net.init();
            assertNull(net.getNormalizer());
            NormalizerStandardize norm = NormalizerStandardize.fit(x);
            try (NDArray z = norm.transform(x); NDArray expected = net.output(z)) {
                net.setNormalizer(norm);
                net.setTransformJson(transform);
                try (NDArray raw = net.output(x)) {
                    assertArrayEquals(expected.toDoubleArray(), raw.toDoubleArray(), 1e-6,
                            "output normalises raw features");
                }
                net.save(file);
                try (MultiLayerNetwork back = MultiLayerNetwork.load(file);
                        NDArray again = back.output(x)) {
                    assertInstanceOf(NormalizerStandardize.class, back.getNormalizer());
                    assertEquals(norm.toJson(), back.getNormalizer().toJson());
                    assertEquals(transform, back.transformJson());
                    assertArrayEquals(expected.toDoubleArray(), again.toDoubleArray(), 1e-6);
                }
            }
        }
    }
}
