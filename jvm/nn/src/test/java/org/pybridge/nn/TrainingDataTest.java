package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/** Batching, iterator-driven training, embeddings and regression. */
@ExtendWith(LeakCheck.class)
class TrainingDataTest {

    @Test
    void batchesCoverTheDataInOrderOrShuffled() {
        try (NDArray x = NDArray.arange(0, 10, 1, DataType.FLOAT32);
                NDArray features = x.reshape(10, 1);
                NDArray labels = NDArray.arange(0, 10, 1, DataType.INT64);
                ArrayDataSetIterator plain = new ArrayDataSetIterator(features, labels, 4, false,
                        null);
                ArrayDataSetIterator shuffled = new ArrayDataSetIterator(features, labels, 4,
                        true, new Generator(3))) {
            List<Long> sizes = new ArrayList<>();
            List<Double> seen = new ArrayList<>();
            while (plain.hasNext()) {
                try (DataSet b = plain.next()) {
                    sizes.add(b.numExamples());
                    assertTrue(b.features().sharesMemoryWith(features), "a view, not a copy");
                    for (double v : b.features().toDoubleArray()) {
                        seen.add(v);
                    }
                }
            }
            assertEquals(List.of(4L, 4L, 2L), sizes);
            assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), seen);
            assertThrows(NoSuchElementException.class, plain::next);

            List<Double> order = new ArrayList<>();
            while (shuffled.hasNext()) {
                try (DataSet b = shuffled.next()) {
                    double[] f = b.features().toDoubleArray();
                    long[] l = b.labels().toLongArray();
                    for (int i = 0; i < f.length; i++) {
                        assertEquals(f[i], l[i], "rows stay paired");
                        order.add(f[i]);
                    }
                }
            }
            assertFalse(order.equals(seen), "shuffled");
            assertEquals(seen, order.stream().sorted().toList());
            shuffled.reset();
            assertTrue(shuffled.hasNext());
        }
    }

    @Test
    void iteratorsRejectMismatchedRows() {
        try (NDArray x = NDArray.zeros(DataType.FLOAT32, 5, 2);
                NDArray y = NDArray.zeros(DataType.FLOAT32, 4, 2)) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> new ArrayDataSetIterator(x, y, 2, false, null)).getMessage();
            assertTrue(m.contains("4 rows") && m.contains("5"), m);
            assertThrows(IllegalArgumentException.class,
                    () -> new ArrayDataSetIterator(x, x, 2, true, null));
        }
    }

    @Test
    void fitOverAnIteratorMatchesFitOverArrays() {
        NDArray[] data = MultiLayerNetworkTest.spiral(20, 12);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork a = new MultiLayerNetwork(MultiLayerNetworkTest.classifier(8,
                        0));
                MultiLayerNetwork b = new MultiLayerNetwork(MultiLayerNetworkTest.classifier(8,
                        0));
                ArrayDataSetIterator it = new ArrayDataSetIterator(x, y, 16, false, null);
                ArrayDataSetIterator validation = new ArrayDataSetIterator(x, y, 25, false,
                        null)) {
            double[] validationScores = new double[1];
            b.addListeners(new TrainingListener() {
                @Override
                public void onValidation(MultiLayerNetwork n, int epoch, double score) {
                    validationScores[0] = score;
                }
            });
            a.fit(x, y, 3, 16, false);
            b.fit(it, 3, validation);
            try (NDArray pa = a.output(x); NDArray pb = b.output(x)) {
                assertArrayEquals(pa.toFloatArray(), pb.toFloatArray());
            }
            assertEquals(3, b.getEpochCount());
            validation.reset();
            assertEquals(b.score(validation), validationScores[0], 1e-6);
        }
    }

    @Test
    void anEmbeddingLearnsAMappingFromIds() {
        long[] ids = new long[60];
        long[] classes = new long[60];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 12;
            classes[i] = (i % 12) % 3;
        }
        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().seed(4)
                .updater(new Adam(0.05)).list()
                .layer(new Embedding.Builder().nIn(12).nOut(6).build())
                .layer(new Output.Builder().nOut(3).loss("sparse_mcxent").build())
                .build();
        try (NDArray x = NDArray.create(ids, 60); NDArray y = NDArray.create(classes, 60);
                MultiLayerNetwork net = new MultiLayerNetwork(conf)) {
            net.fit(x, y, 40, 20, true);
            assertEquals(1.0, net.evaluate(x, y).accuracy());
        }
    }

    @Test
    void aRegressionNetworkFitsALinearTarget() {
        Generator g = new Generator(5);
        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().seed(6)
                .updater(new Adam(0.02)).list()
                .layer(new Dense.Builder().nIn(3).nOut(16).activation(Activation.TANH).build())
                .layer(new Output.Builder(LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        try (NDArray x = g.uniform(-1, 1, DataType.FLOAT32, 200, 3);
                NDArray y = x.sum(1);
                MultiLayerNetwork net = new MultiLayerNetwork(conf)) {
            double before = net.score(new DataSet(x, y));
            net.fit(x, y, 60, 20, true);
            double after = net.score(new DataSet(x, y));
            assertTrue(after < 0.01 && after < before / 50, before + " -> " + after);
            RegressionEvaluation eval = net.evaluateRegression(x, y);
            assertEquals(1, eval.numColumns());
            assertEquals(after, eval.meanSquaredError(0), 1e-5);
            assertTrue(eval.rSquared(0) > 0.99, eval.stats());
        }
    }
}
