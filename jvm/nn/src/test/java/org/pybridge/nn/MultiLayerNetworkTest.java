package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Memory;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.Scope;
import org.pybridge.tensor.ShapeException;

/** Training, inference, parameters, persistence and threads of {@link MultiLayerNetwork}. */
@ExtendWith(LeakCheck.class)
class MultiLayerNetworkTest {

    /** Three interleaved spiral arms in 2-d (not linearly separable): features and class ids. */
    static NDArray[] spiral(int perClass, long seed) {
        Random r = new Random(seed);
        int n = 3 * perClass;
        float[][] x = new float[n][2];
        long[] y = new long[n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                double t = (double) i / perClass;
                double angle = 4 * t + c * 2 * Math.PI / 3 + 0.15 * r.nextGaussian();
                int k = c * perClass + i;
                x[k][0] = (float) (t * Math.cos(angle));
                x[k][1] = (float) (t * Math.sin(angle));
                y[k] = c;
            }
        }
        return new NDArray[] {NDArray.create(x), NDArray.create(y, n)};
    }

    static NeuralNetConfiguration classifier(long seed, double dropout) {
        return NeuralNetConfiguration.builder().seed(seed).updater(new Adam(0.01))
                .weightInit(WeightInit.RELU).list()
                .layer(new Dense.Builder().nIn(2).nOut(64).activation(Activation.RELU).build())
                .layer(new Dense.Builder().nOut(64).activation(Activation.RELU).dropout(dropout)
                        .build())
                .layer(new Output.Builder().nOut(3).loss(LossFunction.SPARSE_MCXENT).build())
                .build();
    }

    /** A network exercising every kind of state: dropout, batch-norm statistics, Adam, l2. */
    static NeuralNetConfiguration stateful(long seed) {
        return NeuralNetConfiguration.builder().seed(seed).updater(new Adam(0.005)).l2(1e-3)
                .weightDecay(1e-2).list()
                .layer(new Dense.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DropoutLayer(0.2))
                .layer(new Dense.Builder().nOut(8).activation("rrelu").dropout(0.1).build())
                .layer(new Output.Builder().nOut(3).build())
                .build();
    }

    private static double[] flat(MultiLayerNetwork net) {
        Scope s = Scope.open();
        try {
            List<Double> all = new ArrayList<>();
            for (NDArray p : net.params().values()) {
                for (double d : p.toDoubleArray()) {
                    all.add(d);
                }
            }
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        } finally {
            s.close();
        }
    }

    @Test
    void learnsASpiralToHighAccuracyWithAdam() {
        NDArray[] data = spiral(100, 1);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork net = new MultiLayerNetwork(classifier(42, 0))) {
            net.fit(x, y, 150, 32, true);
            assertEquals(150, net.getEpochCount());
            assertEquals(150 * 10, net.getIterationCount());
            Evaluation eval = net.evaluate(x, y);
            assertTrue(eval.accuracy() >= 0.97, "accuracy " + eval.accuracy());
            assertTrue(net.score() < 0.2, "final loss " + net.score());
        }
    }

    @Test
    void sameSeedAndDataGiveIdenticalParameters() {
        NDArray[] data = spiral(20, 2);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork a = new MultiLayerNetwork(stateful(5));
                MultiLayerNetwork b = new MultiLayerNetwork(stateful(5));
                MultiLayerNetwork c = new MultiLayerNetwork(stateful(6))) {
            assertArrayEquals(flat(a), flat(b), "initialisation");
            assertFalse(java.util.Arrays.equals(flat(a), flat(c)), "another seed");
            a.fit(x, y, 3, 16, true);
            b.fit(x, y, 3, 16, true);
            assertArrayEquals(flat(a), flat(b), "after training with dropout and shuffling");
            assertEquals(a.score(), b.score());
        }
    }

    @Test
    void trainingResumesExactlyFromASavedModel(@TempDir Path dir) {
        NDArray[] data = spiral(20, 3);
        Path file = dir.resolve("model.zip");
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork straight = new MultiLayerNetwork(stateful(9))) {
            // N single steps + one shuffled epoch, then save ...
            try (MultiLayerNetwork first = new MultiLayerNetwork(stateful(9))) {
                for (int i = 0; i < 4; i++) {
                    first.fit(x, y);
                }
                first.fit(x, y, 1, 16, true);
                first.save(file);
            }
            // ... load, and M more: equals N + M without the break, bit for bit.
            try (MultiLayerNetwork resumed = MultiLayerNetwork.load(file)) {
                for (int i = 0; i < 3; i++) {
                    resumed.fit(x, y);
                }
                resumed.fit(x, y, 2, 16, true);
                for (int i = 0; i < 4; i++) {
                    straight.fit(x, y);
                }
                straight.fit(x, y, 1, 16, true);
                for (int i = 0; i < 3; i++) {
                    straight.fit(x, y);
                }
                straight.fit(x, y, 2, 16, true);
                assertArrayEquals(flat(straight), flat(resumed));
                assertEquals(straight.score(), resumed.score());
                assertEquals(straight.getIterationCount(), resumed.getIterationCount());
                assertEquals(3, resumed.getEpochCount());
            }
        }
    }

    @Test
    void saveAndLoadKeepConfigurationParametersAndOutputs(@TempDir Path dir) {
        NDArray[] data = spiral(10, 4);
        Path file = dir.resolve("model.zip");
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork net = new MultiLayerNetwork(stateful(1))) {
            net.fit(x, y, 2, 8, false);
            net.save(file);
            try (MultiLayerNetwork back = MultiLayerNetwork.load(file);
                    NDArray a = net.output(x);
                    NDArray b = back.output(x)) {
                assertEquals(net.conf(), back.conf());
                assertEquals(net.paramKeys(), back.paramKeys());
                assertArrayEquals(flat(net), flat(back));
                assertArrayEquals(a.toFloatArray(), b.toFloatArray());
                assertEquals(net.getIterationCount(), back.getIterationCount());
                assertEquals(net.getEpochCount(), back.getEpochCount());
            }
        }
    }

    @Test
    void outputIsSafeFromManyThreads() throws Exception {
        NDArray[] data = spiral(50, 5);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork net = new MultiLayerNetwork(stateful(2))) {
            net.fit(x, y, 2, 32, true);
            float[] expected;
            try (NDArray ref = net.output(x)) {
                expected = ref.toFloatArray();
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        int same = 0;
                        for (int i = 0; i < 100; i++) {
                            try (NDArray out = net.output(x)) {
                                same += java.util.Arrays.equals(expected, out.toFloatArray())
                                        ? 1 : 0;
                            }
                        }
                        return same;
                    }));
                }
                for (Future<Integer> f : results) {
                    assertEquals(100, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void trainingStepsReleaseEveryTemporary() {
        NDArray[] data = spiral(30, 6);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork net = new MultiLayerNetwork(stateful(3))) {
            net.fit(x, y);
            long tensors = Memory.openTensors();
            long bytes = Memory.used();
            for (int i = 0; i < 20; i++) {
                net.fit(x, y);
                assertEquals(tensors, Memory.openTensors(), "tensors after step " + i);
                assertEquals(bytes, Memory.used(), "bytes after step " + i);
            }
            try (NDArray out = net.output(x)) {
                assertEquals(tensors + 1, Memory.openTensors(), out.toString());
            }
            net.score(new DataSet(x, y));
            assertEquals(tensors, Memory.openTensors());
        }
    }

    @Test
    void dropoutIsOffAtInferenceAndOnInTrainingMode() {
        NDArray[] data = spiral(10, 7);
        data[1].close();
        try (NDArray x = data[0];
                MultiLayerNetwork net = new MultiLayerNetwork(classifier(3, 0.5));
                NDArray a = net.output(x);
                NDArray b = net.output(x);
                NDArray t = net.output(x, true)) {
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            assertFalse(java.util.Arrays.equals(a.toFloatArray(), t.toFloatArray()));
        }
    }

    @Test
    void batchNormUpdatesRunningStatisticsOnlyWhenFitting() {
        NDArray[] data = spiral(10, 8);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork net = new MultiLayerNetwork(stateful(4));
                NDArray mean = net.param("1_mean")) {
            try (NDArray o = net.output(x, true)) {
                assertEquals(x.shape(0), o.shape(0));
                assertTrue(java.util.Arrays.stream(mean.toDoubleArray()).allMatch(v -> v == 0));
            }
            net.fit(x, y);
            assertTrue(java.util.Arrays.stream(mean.toDoubleArray()).anyMatch(v -> v != 0));
        }
    }

    @Test
    void parametersHaveDl4jKeysAndShapesAndAreValidatedOnSet() {
        try (MultiLayerNetwork net = new MultiLayerNetwork(ConfigJsonTest.mlp())) {
            Scope scope = Scope.open();
            try {
                parametersOf(net);
            } finally {
                scope.close();
            }
        }
    }

    private static void parametersOf(MultiLayerNetwork net) {
        Map<String, NDArray> p = net.params();
        assertEquals(List.of("0_W", "0_b", "1_W", "1_b"), new ArrayList<>(p.keySet()));
        assertArrayEquals(new long[] {784, 1000}, p.get("0_W").shape());
        assertArrayEquals(new long[] {1000}, p.get("0_b").shape());
        assertArrayEquals(new long[] {1000, 10}, p.get("1_W").shape());
        assertEquals(784 * 1000 + 1000 + 1000 * 10 + 10, net.numParams());
        // Views are live: writing through one changes the network.
        p.get("1_b").fill(0.25);
        try (NDArray b = net.param("1_b")) {
            assertEquals(0.25, b.getDouble(3), 1e-7);
        }
        NDArray zeros = NDArray.zeros(DataType.FLOAT64, 1000, 10);
        net.setParam("1_W", zeros);
        try (NDArray w = net.param("1_W")) {
            assertEquals(0, w.getDouble(5, 5));
        }
        String m = assertThrows(IllegalArgumentException.class,
                () -> net.setParams(Map.of("0_W", zeros, "9_W", zeros))).getMessage();
        assertTrue(m.contains("unknown keys [9_W]") && m.contains("missing keys")
                && m.contains("1_b"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> net.setParam("0_W", zeros)).getMessage();
        assertTrue(m.contains("'0_W'") && m.contains("(784, 1000)")
                && m.contains("(1000, 10)"), m);
        Map<String, NDArray> copy = new java.util.LinkedHashMap<>(p);
        copy.put("0_b", NDArray.full(DataType.FLOAT32, 0.5, 1000));
        net.setParams(copy);
        try (NDArray b = net.param("0_b")) {
            assertEquals(0.5, b.getDouble(999), 1e-7);
        }
    }

    @Test
    void summaryShowsLayersShapesAndCounts() {
        try (MultiLayerNetwork net = new MultiLayerNetwork(NeuralNetConfiguration.builder()
                .list()
                .layer(new Dense.Builder().name("hidden").nIn(784).nOut(1000)
                        .activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new Output.Builder().nOut(10).build()).build())) {
            String s = net.summary();
            assertTrue(s.contains("hidden (dense)"), s);
            assertTrue(s.contains("batch_normalization"), s);
            assertTrue(s.contains("(None, 784)") && s.contains("(None, 1000)")
                    && s.contains("(None, 10)"), s);
            assertTrue(s.contains("785,000") && s.contains("4,000") && s.contains("10,010"), s);
            assertTrue(s.contains("Total params: 799,010"), s);
            assertTrue(s.contains("Trainable params: 797,010"), s);
            assertTrue(s.contains("Non-trainable params: 2,000"), s);
        }
    }

    @Test
    void listenersSeeIterationsEpochsAndValidation() {
        NDArray[] data = spiral(10, 9);
        List<String> events = new ArrayList<>();
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork net = new MultiLayerNetwork(classifier(1, 0))) {
            net.addListeners(new TrainingListener() {
                @Override
                public void onEpochStart(MultiLayerNetwork n, int epoch) {
                    events.add("start " + epoch);
                }

                @Override
                public void iterationDone(MultiLayerNetwork n, long iteration, int epoch,
                        double score) {
                    assertEquals(n.score(), score);
                    events.add("it " + iteration + "/" + epoch);
                }

                @Override
                public void onValidation(MultiLayerNetwork n, int epoch, double score) {
                    assertTrue(score > 0);
                    events.add("val " + epoch);
                }

                @Override
                public void onEpochEnd(MultiLayerNetwork n, int epoch) {
                    events.add("end " + epoch);
                }
            });
            net.fit(x, y, 2, 20, false, new DataSet(x, y));
            assertEquals(List.of("start 0", "it 0/0", "it 1/0", "val 0", "end 0", "start 1",
                    "it 2/1", "it 3/1", "val 1", "end 1"), events);
            assertEquals(10, net.lastBatchSize());
        }
    }

    @Test
    void classIdsAndOneHotLabelsGiveTheSameLoss() {
        NDArray[] data = spiral(10, 10);
        NeuralNetConfiguration mcxent = NeuralNetConfiguration.builder().seed(3).list()
                .layer(new Dense.Builder().nIn(2).nOut(8).activation(Activation.TANH).build())
                .layer(new Output.Builder().nOut(3).loss(LossFunction.MCXENT).build()).build();
        try (NDArray x = data[0]; NDArray ids = data[1];
                NDArray oneHot = org.pybridge.tensor.NDArrays.oneHot(ids, 3, DataType.FLOAT32);
                NDArray floatIds = ids.cast(DataType.FLOAT32);
                MultiLayerNetwork dense = new MultiLayerNetwork(mcxent);
                MultiLayerNetwork sparse = new MultiLayerNetwork(classifier(3, 0))) {
            double a = dense.score(new DataSet(x, oneHot));
            assertEquals(a, dense.score(new DataSet(x, ids)), 1e-6);
            assertEquals(a, dense.score(new DataSet(x, floatIds)), 1e-6);
            assertEquals(sparse.score(new DataSet(x, ids)),
                    sparse.score(new DataSet(x, floatIds)), 1e-6);
            assertEquals(dense.evaluate(x, ids).accuracy(),
                    dense.evaluate(x, oneHot).accuracy());
        }
    }

    @Test
    void aLabelsMaskLeavesExamplesOutOfTheLoss() {
        NDArray[] data = spiral(2, 11);
        try (NDArray x = data[0]; NDArray y = data[1];
                NDArray mask = NDArray.create(new double[] {1, 1, 0, 0, 0, 0}, 6);
                NDArray x2 = x.slice(0, 0, 2, 1); NDArray y2 = y.slice(0, 0, 2, 1);
                MultiLayerNetwork net = new MultiLayerNetwork(classifier(5, 0))) {
            double masked = net.score(new DataSet(x, y, null, mask));
            double firstTwo = net.score(new DataSet(x2, y2));
            // Masked examples still count in n (as in DL4J): the mean over 6 of 2 terms.
            assertEquals(firstTwo * 2 / 6, masked, 1e-6);
        }
    }

    @Test
    void errorsNameTheProblem() {
        try (MultiLayerNetwork net = new MultiLayerNetwork(ConfigJsonTest.mlp());
                NDArray wrong = NDArray.zeros(DataType.FLOAT32, 4, 783);
                NDArray x = NDArray.zeros(DataType.FLOAT32, 4, 784)) {
            String m = assertThrows(ShapeException.class, () -> net.output(wrong)).getMessage();
            assertTrue(m.contains("(None, 784)") && m.contains("(4, 783)"), m);
            m = assertThrows(IllegalArgumentException.class, () -> net.fit(x, null))
                    .getMessage();
            assertTrue(m.contains("Labels are required"), m);
        }
        try (MultiLayerNetwork net = new MultiLayerNetwork(NeuralNetConfiguration.builder()
                .list().layer(new Dense.Builder().nIn(3).nOut(2).build()).build());
                NDArray x = NDArray.zeros(DataType.FLOAT32, 4, 3);
                NDArray out = net.output(x)) {
            assertArrayEquals(new long[] {4, 2}, out.shape());
            String m = assertThrows(IllegalStateException.class, () -> net.fit(x, out))
                    .getMessage();
            assertTrue(m.contains("no loss") && m.contains("Output layer"), m);
        }
    }
}
