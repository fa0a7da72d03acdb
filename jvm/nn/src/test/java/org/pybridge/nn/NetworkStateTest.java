package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/** The flat state vector: copying it with the counters continues training exactly. */
@ExtendWith(LeakCheck.class)
class NetworkStateTest {
    private static NeuralNetConfiguration conf(long seed, DataType dtype) {
        return NeuralNetConfiguration.builder().seed(seed).dataType(dtype)
                .updater(new Adam(0.01)).list()
                .layer(new Dense.Builder().nIn(4).nOut(6).activation(Activation.TANH)
                        .dropout(0.2).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new Output.Builder().nOut(3).loss(LossFunction.MCXENT).build())
                .build();
    }

    @Test
    void copyingStateCountersAndRandomStreamContinuesTrainingExactly() {
        Generator g = new Generator(3);
        try (NDArray x = g.normal(0, 1, DataType.FLOAT32, 32, 4);
                NDArray y = g.integers(0, 3, DataType.INT64, 32);
                MultiLayerNetwork a = new MultiLayerNetwork(conf(1, DataType.FLOAT32));
                MultiLayerNetwork b = new MultiLayerNetwork(conf(2, DataType.FLOAT32))) {
            a.fit(x, y, 2, 8, false);
            int n = NetworkState.length(a, true);
            assertEquals(a.numParams() + 2 * (4 * 6 + 6 + 6 + 6 + 6 * 3 + 3),
                    n, "parameters (batch-norm statistics too) + Adam's m and v");
            assertEquals(a.numParams(), NetworkState.length(a, false));
            float[] v = new float[n];
            NetworkState.get(a, true, v);
            NetworkState.set(b, true, v);
            NetworkState.setCounters(b, a.getIterationCount(), a.getEpochCount());
            NetworkState.setRandomStream(b, NetworkState.randomSeed(a),
                    NetworkState.randomPosition(a));
            assertEquals(NetworkState.randomPosition(a), NetworkState.randomPosition(b));
            a.fit(x, y, 1, 8, false);
            b.fit(x, y, 1, 8, false);
            float[] va = new float[n];
            float[] vb = new float[n];
            NetworkState.get(a, true, va);
            NetworkState.get(b, true, vb);
            assertArrayEquals(va, vb);
            assertEquals(a.getIterationCount(), b.getIterationCount());
        }
    }

    @Test
    void doublesKeepFloat64Exactly() {
        try (MultiLayerNetwork a = new MultiLayerNetwork(conf(1, DataType.FLOAT64));
                MultiLayerNetwork b = new MultiLayerNetwork(conf(2, DataType.FLOAT64))) {
            double[] v = new double[NetworkState.length(a, false)];
            NetworkState.get(a, false, v);
            NetworkState.set(b, false, v);
            try (NDArray wa = a.param("0_W"); NDArray wb = b.param("0_W")) {
                assertArrayEquals(wa.toDoubleArray(), wb.toDoubleArray());
            }
        }
    }

    @Test
    void wrongLengthsAreExplained() {
        try (MultiLayerNetwork a = new MultiLayerNetwork(conf(1, DataType.FLOAT32))) {
            int n = NetworkState.length(a, true);
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> NetworkState.set(a, true, new float[n - 1]));
            assertTrue(small.getMessage().contains("need " + n), small.getMessage());
            IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
                    () -> NetworkState.get(a, true, new float[n + 1]));
            assertTrue(large.getMessage().contains("has " + n), large.getMessage());
        }
    }
}
