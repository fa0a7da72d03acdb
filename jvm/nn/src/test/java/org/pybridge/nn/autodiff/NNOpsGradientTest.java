package org.pybridge.nn.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pybridge.nn.RandomInputs.awayFromZero;
import static org.pybridge.nn.RandomInputs.oneHot;
import static org.pybridge.nn.RandomInputs.uniform;
import static org.pybridge.nn.autodiff.GradientAssertions.checkGradients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.LeakCheck;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

@ExtendWith(LeakCheck.class)
class NNOpsGradientTest {

    @Test
    void linearWithAndWithoutBias() {
        checkGradients(v -> NNOps.linear(v[0], v[1], v[2]), uniform(1, -1, 1, 4, 3),
                uniform(2, -1, 1, 3, 5), uniform(3, -1, 1, 5));
        checkGradients(v -> NNOps.linear(v[0], v[1], null), uniform(4, -1, 1, 4, 3),
                uniform(5, -1, 1, 3, 5));
    }

    @Test
    void linearMatchesMatmulPlusBias() {
        try (NDArray x = uniform(1, -1, 1, 4, 3);
                NDArray w = uniform(2, -1, 1, 3, 5);
                NDArray b = uniform(3, -1, 1, 5);
                Variable fused = NNOps.linear(Variable.constant(x), Variable.constant(w),
                        Variable.constant(b))) {
            double[] xs = x.toDoubleArray();
            double[] ws = w.toDoubleArray();
            double[] bs = b.toDoubleArray();
            double[] expected = new double[20];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    double s = bs[j];
                    for (int k = 0; k < 3; k++) {
                        s += xs[i * 3 + k] * ws[k * 5 + j];
                    }
                    expected[i * 5 + j] = s;
                }
            }
            assertArrayEquals(expected, fused.value().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void softmaxCrossEntropyPlainWeightedMasked() {
        try (NDArray labels = oneHot(7, 4, 3);
                NDArray weights = NDArray.create(new double[] {0.5, 2.0, 1.5}, 3);
                NDArray mask = NDArray.create(new double[] {1, 0, 1, 1}, 4)) {
            checkGradients(v -> NNOps.softmaxCrossEntropy(v[0], labels, null, null),
                    uniform(1, -3, 3, 4, 3));
            checkGradients(v -> NNOps.softmaxCrossEntropy(v[0], labels, weights, null),
                    uniform(2, -3, 3, 4, 3));
            checkGradients(v -> NNOps.softmaxCrossEntropy(v[0], labels, weights, mask),
                    uniform(3, -3, 3, 4, 3));
        }
    }

    @Test
    void softmaxCrossEntropyValueMatchesTheFormula() {
        try (NDArray z = uniform(1, -3, 3, 4, 3);
                NDArray labels = oneHot(7, 4, 3);
                NDArray mask = NDArray.create(new double[] {1, 0, 1, 1}, 4, 1);
                Variable loss = NNOps.softmaxCrossEntropy(Variable.constant(z), labels, null,
                        mask)) {
            double[][] zs = z.toDoubleMatrix();
            double[][] ys = labels.toDoubleMatrix();
            double[] ms = mask.toDoubleArray();
            double total = 0;
            for (int i = 0; i < 4; i++) {
                double sumExp = 0;
                for (double zj : zs[i]) {
                    sumExp += Math.exp(zj);
                }
                for (int j = 0; j < 3; j++) {
                    total -= ms[i] * ys[i][j] * (zs[i][j] - Math.log(sumExp));
                }
            }
            assertEquals(0, loss.ndim());
            assertEquals(total / 4, loss.value().item(), 1e-12);
        }
    }

    @Test
    void sparseSoftmaxCrossEntropyEqualsTheOneHotForm() {
        try (NDArray z = uniform(1, -3, 3, 4, 3);
                NDArray ids = NDArray.create(new long[] {2, 0, 1, 1}, 4);
                NDArray labels = NDArray.create(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0},
                    {0, 1, 0}});
                Variable sparse = NNOps.sparseSoftmaxCrossEntropy(Variable.constant(z), ids, null,
                        null);
                Variable dense = NNOps.softmaxCrossEntropy(Variable.constant(z), labels, null,
                        null)) {
            assertEquals(dense.value().item(), sparse.value().item(), 1e-12);
            checkGradients(v -> NNOps.sparseSoftmaxCrossEntropy(v[0], ids, null, null),
                    uniform(2, -3, 3, 4, 3));
        }
    }

    @Test
    void rejectedLossArgumentsAreExplainedAndLeaveNothingOpen() {
        try (NDArray z = uniform(1, -1, 1, 4, 3);
                NDArray labels = oneHot(2, 4, 3);
                NDArray badMask = NDArray.ones(DataType.FLOAT64, 5);
                NDArray badWeights = NDArray.ones(DataType.FLOAT64, 2);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(z);
            org.pybridge.tensor.ShapeException e = assertThrows(
                    org.pybridge.tensor.ShapeException.class,
                    () -> NNOps.softmaxCrossEntropy(p, labels, null, badMask));
            assertTrue(e.getMessage().contains("mask"), e.getMessage());
            e = assertThrows(org.pybridge.tensor.ShapeException.class,
                    () -> NNOps.sigmoidCrossEntropy(p, labels, badWeights, null));
            assertTrue(e.getMessage().contains("weights"), e.getMessage());
            assertEquals(0, tape.size());
        }
    }

    @Test
    void sigmoidCrossEntropyPlainWeightedMasked() {
        try (NDArray labels = uniform(5, 0, 1, 4, 3);
                NDArray weights = NDArray.create(new double[] {0.5, 2.0, 1.5}, 1, 3);
                NDArray mask = NDArray.create(new double[] {1, 1, 0, 1}, 4, 1)) {
            checkGradients(v -> NNOps.sigmoidCrossEntropy(v[0], labels, null, null),
                    uniform(1, -4, 4, 4, 3));
            checkGradients(v -> NNOps.sigmoidCrossEntropy(v[0], labels, weights, mask),
                    uniform(2, -4, 4, 4, 3));
        }
    }

    @Test
    void sigmoidCrossEntropyValueMatchesTheFormula() {
        try (NDArray z = uniform(1, -4, 4, 3, 2);
                NDArray labels = NDArray.create(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
                Variable loss = NNOps.sigmoidCrossEntropy(Variable.constant(z), labels, null,
                        null)) {
            double[] zs = z.toDoubleArray();
            double[] ys = labels.toDoubleArray();
            double total = 0;
            for (int k = 0; k < 6; k++) {
                double p = 1 / (1 + Math.exp(-zs[k]));
                total -= ys[k] * Math.log(p) + (1 - ys[k]) * Math.log(1 - p);
            }
            assertEquals(total / 3, loss.value().item(), 1e-12);
        }
    }

    @Test
    void dropoutWithAGivenMask() {
        try (NDArray mask = NDArray.create(new double[] {2, 0, 2, 2, 0, 2}, 2, 3)) {
            checkGradients(v -> NNOps.dropout(v[0], mask), uniform(1, -2, 2, 2, 3));
        }
    }

    @Test
    void dropoutDrawsAnInvertedMask() {
        try (NDArray x = NDArray.ones(DataType.FLOAT64, 100, 50)) {
            try (Variable y = NNOps.dropout(Variable.constant(x), 0.2, new Generator(3))) {
                double[] v = y.value().toDoubleArray();
                long zeros = java.util.Arrays.stream(v).filter(d -> d == 0).count();
                assertTrue(zeros > 800 && zeros < 1200, zeros + " of 5000 dropped");
                for (double d : v) {
                    assertTrue(d == 0 || Math.abs(d - 1.25) < 1e-12, "kept values are 1/(1-p)");
                }
            }
            try (Variable y = NNOps.dropout(Variable.constant(x), 0, new Generator(3))) {
                assertArrayEquals(x.toDoubleArray(), y.value().toDoubleArray(), 0);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> NNOps.dropout(Variable.constant(x), 1.0, new Generator(3)));
        }
        checkGradients(v -> NNOps.dropout(v[0], 0.5, new Generator(9)), uniform(1, -2, 2, 4, 5));
    }

    @Test
    void embeddingGathersRowsAndAccumulatesRepeatedIndices() {
        try (NDArray ids = NDArray.create(new long[] {2, 0, 2, 3, 2, 1}, 2, 3)) {
            checkGradients(v -> NNOps.embedding(v[0], ids), uniform(1, -1, 1, 5, 4));
            try (NDArray table = uniform(2, -1, 1, 5, 4);
                    NDArray seed = NDArray.ones(DataType.FLOAT64, 2, 3, 4);
                    Tape tape = Tape.open()) {
                Variable t = Variable.parameter(table);
                Variable rows = NNOps.embedding(t, ids);
                assertArrayEquals(new long[] {2, 3, 4}, rows.shape());
                assertEquals(table.getDouble(3, 1), rows.value().getDouble(1, 0, 1), 0);
                tape.backward(rows, seed);
                assertArrayEquals(new double[] {1, 1, 3, 1, 0}, new double[] {
                    t.grad().getDouble(0, 0), t.grad().getDouble(1, 0), t.grad().getDouble(2, 0),
                    t.grad().getDouble(3, 0), t.grad().getDouble(4, 0)}, 0);
            }
        }
    }

    @Test
    void batchNormTraining() {
        checkGradients(v -> NNOps.batchNorm(v[0], v[1], v[2], 1e-5, null, null),
                uniform(1, -2, 2, 5, 3), uniform(2, 0.5, 1.5, 3), uniform(3, -1, 1, 3));
    }

    @Test
    void batchNormWritesTheBatchStatisticsAndNormalises() {
        try (NDArray x = NDArray.create(new double[][] {{1, 10}, {3, 20}, {5, 60}});
                NDArray gamma = NDArray.ones(DataType.FLOAT64, 2);
                NDArray beta = NDArray.zeros(DataType.FLOAT64, 2);
                NDArray mean = NDArray.zeros(DataType.FLOAT64, 2);
                NDArray var = NDArray.zeros(DataType.FLOAT64, 2);
                Variable y = NNOps.batchNorm(Variable.constant(x), Variable.constant(gamma),
                        Variable.constant(beta), 0, mean, var)) {
            assertArrayEquals(new double[] {3, 30}, mean.toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {8.0 / 3, 1400.0 / 3}, var.toDoubleArray(), 1e-9);
            double s = Math.sqrt(8.0 / 3);
            assertArrayEquals(new double[] {-2 / s, 0, 2 / s}, new double[] {
                y.value().getDouble(0, 0), y.value().getDouble(1, 0), y.value().getDouble(2, 0)},
                    1e-12);
        }
    }

    @Test
    void batchNormWithFixedStatistics() {
        try (NDArray mean = uniform(9, -1, 1, 3);
                NDArray var = uniform(10, 0.5, 2, 3)) {
            checkGradients(v -> NNOps.batchNormInference(v[0], v[1], v[2], mean, var, 1e-5),
                    uniform(1, -2, 2, 4, 3), uniform(2, 0.5, 1.5, 3), uniform(3, -1, 1, 3));
        }
    }

    @Test
    void activationOps() {
        checkGradients(v -> ActivationOps.leakyRelu(v[0], 0.1), awayFromZero(1, 0.05, 2, 3, 4));
        checkGradients(v -> ActivationOps.elu(v[0], 1.3), awayFromZero(2, 0.05, 3, 3, 4));
        checkGradients(v -> ActivationOps.gelu(v[0], false), uniform(3, -3, 3, 3, 4));
        checkGradients(v -> ActivationOps.gelu(v[0], true), uniform(4, -3, 3, 3, 4));
        checkGradients(v -> ActivationOps.rationalTanh(v[0]), awayFromZero(5, 0.05, 3, 3, 4));
        checkGradients(v -> ActivationOps.thresholdedRelu(v[0], 1.0),
                awayFromZero(6, 0.05, 0.9, 3, 4));
        try (NDArray x = NDArray.create(new double[] {-2, -0.5, 0.5, 1.5, 2.5, 3}, 2, 3)) {
            checkGradients(v -> ActivationOps.thresholdedRelu(v[0], 1.0), x.dup());
        }
        try (NDArray slopes = uniform(8, 0.125, 1.0 / 3, 3, 4)) {
            checkGradients(v -> ActivationOps.leakyRelu(v[0], slopes),
                    awayFromZero(7, 0.05, 2, 3, 4));
        }
    }
}
