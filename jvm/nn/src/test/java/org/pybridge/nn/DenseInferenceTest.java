package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.layers.DenseInference;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.Scope;

/**
 * The tape-free inference path of dense stacks: bit-identical to the taped forward pass (which
 * {@code output(x, true)} takes; these networks have no dropout, so training mode computes the
 * same function), for every activation it covers, both float types, one row and many, strided
 * input, and many threads at once.
 */
@ExtendWith(LeakCheck.class)
class DenseInferenceTest {

    private static NeuralNetConfiguration mlp(DataType t, String hidden, String out, int nIn,
            int width) {
        return NeuralNetConfiguration.builder().seed(3).dataType(t).list()
                .layer(new Dense.Builder().nOut(width).activation(hidden).biasInit(0.1).build())
                .layer(new Dense.Builder().nOut(17).activation("identity").build())
                .layer(new Output.Builder("mse").nOut(5).activation(out).build())
                .setInputType(InputType.feedForward(nIn)).build();
    }

    private static NDArray features(DataType t, int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        try (NDArray d = NDArray.create(v, rows, cols)) {
            return d.cast(t);
        }
    }

    @Test
    void matchesTheTapedForwardPassBitForBit() {
        String[][] acts = {{"relu", "softmax"}, {"tanh", "sigmoid"}, {"sigmoid", "identity"},
            {"identity", "tanh"}};
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (String[] a : acts) {
                // 300 x 200 weights: the one-row product is split over threads
                try (MultiLayerNetwork net = new MultiLayerNetwork(mlp(t, a[0], a[1], 300, 200))) {
                    Scope s = Scope.open();
                    try {
                        net.init();
                        assertTrue(DenseInference.supports(net.getLayers()));
                        for (int rows : new int[] {1, 3, 64}) {
                            NDArray x = features(t, rows, 300, rows);
                            NDArray lean = net.output(x);
                            NDArray taped = net.output(x, true);
                            String what = t + " " + a[0] + "/" + a[1] + " rows=" + rows;
                            assertEquals(t, lean.dtype(), what);
                            assertArrayEquals(new long[] {rows, 5}, lean.shape(), what);
                            assertArrayEquals(taped.toDoubleArray(), lean.toDoubleArray(), what);
                        }
                        // a transposed (column-major) batch and a float64 batch for a float32 net
                        NDArray xt = features(t, 300, 4, 9).transpose();
                        NDArray dense = xt.contiguous();
                        assertArrayEquals(net.output(dense).toDoubleArray(),
                                net.output(xt).toDoubleArray());
                        NDArray wide = features(DataType.FLOAT64, 2, 300, 11);
                        assertArrayEquals(net.output(wide, true).toDoubleArray(),
                                net.output(wide).toDoubleArray());
                    } finally {
                        s.close();
                    }
                }
            }
        }
    }

    @Test
    void otherLayersAndActivationsTakeTheTapedPath() {
        NeuralNetConfiguration withDropoutLayer = NeuralNetConfiguration.builder().seed(1).list()
                .layer(new Dense.Builder().nOut(8).activation("relu").build())
                .layer(new DropoutLayer(0.5))
                .layer(new Output.Builder("mse").nOut(2).activation("identity").build())
                .setInputType(InputType.feedForward(4)).build();
        NeuralNetConfiguration withElu = NeuralNetConfiguration.builder().seed(1).list()
                .layer(new Dense.Builder().nOut(8).activation("elu").build())
                .layer(new Output.Builder("mse").nOut(2).activation("identity").build())
                .setInputType(InputType.feedForward(4)).build();
        for (NeuralNetConfiguration c : new NeuralNetConfiguration[] {withDropoutLayer, withElu}) {
            try (MultiLayerNetwork net = new MultiLayerNetwork(c)) {
                Scope s = Scope.open();
                try {
                    net.init();
                    assertFalse(DenseInference.supports(net.getLayers()));
                    NDArray x = features(DataType.FLOAT32, 3, 4, 2);
                    assertArrayEquals(new long[] {3, 2}, net.output(x).shape());
                } finally {
                    s.close();
                }
            }
        }
    }

    @Test
    void oneExampleFromEightThreadsIsIdentical() throws Exception {
        try (MultiLayerNetwork net = new MultiLayerNetwork(mlp(DataType.FLOAT32, "relu",
                "softmax", 784, 1000))) {
            Scope s = Scope.open();
            try {
                net.init();
                NDArray x = features(DataType.FLOAT32, 1, 784, 5);
                double[] want = net.output(x).toDoubleArray();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                try {
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        results.add(pool.submit(() -> {
                            boolean same = true;
                            for (int i = 0; i < 40; i++) {
                                try (NDArray y = net.output(x)) {
                                    same &= java.util.Arrays.equals(want, y.toDoubleArray());
                                }
                            }
                            return same;
                        }));
                    }
                    for (Future<Boolean> f : results) {
                        assertTrue(f.get());
                    }
                } finally {
                    pool.shutdown();
                }
            } finally {
                s.close();
            }
        }
    }

    @Test
    void closeWaitsForACallStillReadingTheParameters() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(mlp(DataType.FLOAT32, "relu", "softmax",
                30, 20));
        net.init();
        NDArray w = net.getLayers().get(0).params().get("W");
        net.beginRead();  // what output() does around its kernels
        Thread closer = new Thread(net::close);
        closer.start();
        closer.join(300);
        assertTrue(closer.isAlive(), "close() waits for the running call");
        assertFalse(w.isClosed(), "the parameters stay while they are read");
        net.endRead();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertTrue(w.isClosed());
        try (NDArray x = features(DataType.FLOAT32, 1, 30, 1)) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalStateException.class, () -> net.output(x));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void closingWhileThreadsPredictGivesRightAnswersThenAClearError() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(mlp(DataType.FLOAT32, "relu", "softmax",
                784, 1000));
        net.init();
        try (NDArray x = features(DataType.FLOAT32, 1, 784, 2)) {
            double[] want;
            try (NDArray y = net.output(x)) {
                want = y.toDoubleArray();
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(pool.submit(() -> {
                        while (true) {
                            try (NDArray y = net.output(x)) {
                                if (!java.util.Arrays.equals(want, y.toDoubleArray())) {
                                    return "a wrong output";
                                }
                            } catch (IllegalStateException e) {
                                return e.getMessage();
                            }
                        }
                    }));
                }
                Thread.sleep(100);
                net.close();
                for (Future<String> f : results) {
                    assertTrue(f.get().contains("closed"), f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void arrayInArrayOutGivesTheTensorOutput() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (MultiLayerNetwork net = new MultiLayerNetwork(mlp(t, "relu", "softmax", 30, 20));
                    NDArray x = features(DataType.FLOAT64, 3, 30, 5)) {
                net.init();
                try (NDArray cast = x.cast(t); NDArray want = net.output(cast)) {
                    if (t == DataType.FLOAT32) {
                        float[] got = net.output(cast.toFloatArray(), 3);
                        assertArrayEquals(want.toFloatArray(), got);
                    } else {
                        double[] got = net.output(x.toDoubleArray(), 3);
                        assertArrayEquals(want.toDoubleArray(), got);
                    }
                }
                IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> net.output(new float[31], 1));
                assertTrue(e.getMessage().contains("31 values are not 1 example(s) of input"
                        + " shape [30]"), e.getMessage());
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> net.output(new float[30], 0));
            }
        }
    }

    @Test
    void outputIntoAGivenTensorMatchesTheReturnedOutput() {
        try (MultiLayerNetwork net = new MultiLayerNetwork(mlp(DataType.FLOAT32, "relu",
                "softmax", 30, 20));
                NDArray x64 = features(DataType.FLOAT64, 4, 30, 6);
                NDArray x = x64.cast(DataType.FLOAT32);
                NDArray into = NDArray.empty(DataType.FLOAT32, 4, 5);
                NDArray wide = NDArray.empty(DataType.FLOAT64, 4, 5);
                NDArray wrong = NDArray.empty(DataType.FLOAT32, 1, 5)) {
            net.init();
            try (NDArray want = net.output(x)) {
                net.output(x, into);
                assertArrayEquals(want.toFloatArray(), into.toFloatArray());
                net.output(x, wide);  // converted to the tensor's dtype
                double[] got = wide.toDoubleArray();
                float[] exact = want.toFloatArray();
                for (int i = 0; i < exact.length; i++) {
                    org.junit.jupiter.api.Assertions.assertEquals(exact[i], got[i]);
                }
            }
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> net.output(x, wrong));
            try (NDArray ints = NDArray.empty(DataType.INT32, 4, 5)) {
                IllegalArgumentException i = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> net.output(x, ints));
                assertTrue(i.getMessage().contains("floating-point"), i.getMessage());
            }
            assertTrue(e.getMessage().contains("out has shape [1, 5] but the output for these"
                    + " features has shape [4, 5]"), e.getMessage());
        }
    }
}
