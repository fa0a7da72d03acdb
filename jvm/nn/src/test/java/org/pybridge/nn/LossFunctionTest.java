package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pybridge.nn.autodiff.GradientCheck;
import org.pybridge.nn.autodiff.ReduceOps;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

@ExtendWith(LeakCheck.class)
class LossFunctionTest {
    private static final int N = 4;
    private static final int K = 3;
    private static final double[] WEIGHTS = {0.5, 2.0, 1.25};
    private static final double[] MASK = {1, 0, 1, 1};

    @Test
    void namesAreExactlyTheDocumentedOnes() {
        List<String> expected = List.of("mse", "l1", "l2", "mae", "mape", "msle", "squared_loss",
                "xent", "mcxent", "sparse_mcxent", "negativeloglikelihood",
                "reconstruction_crossentropy", "rmse_xent", "cosine_proximity", "hinge",
                "squared_hinge", "kl_divergence", "poisson", "wasserstein");
        assertEquals(expected, Arrays.stream(LossFunction.values()).map(LossFunction::jsonName)
                .toList());
        for (String name : expected) {
            assertEquals(name, LossFunction.fromName(name).jsonName());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossFunction.fromName("cross_entropy"));
        assertTrue(e.getMessage().contains("mcxent"), e.getMessage());
    }

    /** Predictions and labels inside each loss's domain, away from its kinks. */
    private static double[][] data(LossFunction loss, long seed) {
        Random r = new Random(seed);
        double[] p = new double[N * K];
        double[] y = new double[N * K];
        for (int i = 0; i < N; i++) {
            double pSum = 0;
            double ySum = 0;
            int hot = r.nextInt(K);
            for (int j = 0; j < K; j++) {
                int k = i * K + j;
                switch (loss) {
                    case MAPE -> {
                        y[k] = (0.5 + 1.5 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
                        p[k] = y[k] + (0.1 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
                    }
                    case MSLE -> {
                        y[k] = 2 * r.nextDouble();
                        p[k] = 2 * r.nextDouble();
                    }
                    case XENT -> {
                        y[k] = r.nextDouble();
                        p[k] = 0.05 + 0.9 * r.nextDouble();
                    }
                    case MCXENT, NEGATIVELOGLIKELIHOOD, SPARSE_MCXENT -> {
                        y[k] = j == hot ? 1 : 0;
                        p[k] = 0.05 + r.nextDouble();
                        pSum += p[k];
                    }
                    case KL_DIVERGENCE, RECONSTRUCTION_CROSSENTROPY -> {
                        y[k] = 0.05 + r.nextDouble();
                        p[k] = 0.05 + r.nextDouble();
                        pSum += p[k];
                        ySum += y[k];
                    }
                    case HINGE, SQUARED_HINGE -> {
                        y[k] = r.nextBoolean() ? 1 : -1;
                        p[k] = -2 + 4 * r.nextDouble();
                    }
                    case POISSON -> {
                        y[k] = 3 * r.nextDouble();
                        p[k] = 0.1 + 3 * r.nextDouble();
                    }
                    default -> {
                        y[k] = -2 + 4 * r.nextDouble();
                        p[k] = y[k] + (0.1 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
                    }
                }
            }
            for (int j = 0; j < K; j++) {
                if (pSum > 0) {
                    p[i * K + j] /= pSum;
                }
                if (ySum > 0) {
                    y[i * K + j] /= ySum;
                }
            }
        }
        return new double[][] {p, y};
    }

    /** An independent per-example reference of each loss (DL4J conventions). */
    private static double reference(LossFunction loss, double[] p, double[] y, double[] w) {
        double acc = 0;
        double dot = 0;
        double pp = 0;
        double yy = 0;
        for (int j = 0; j < K; j++) {
            double d = p[j] - y[j];
            double t = switch (loss) {
                case MSE, SQUARED_LOSS, L2, RMSE_XENT -> d * d;
                case L1, MAE -> Math.abs(d);
                case MAPE -> 100 * Math.abs((y[j] - p[j]) / y[j]);
                case MSLE -> Math.pow(Math.log((p[j] + 1) / (y[j] + 1)), 2);
                case XENT -> -(y[j] * Math.log(p[j]) + (1 - y[j]) * Math.log(1 - p[j]));
                case MCXENT, NEGATIVELOGLIKELIHOOD, SPARSE_MCXENT -> -y[j] * Math.log(p[j]);
                case KL_DIVERGENCE, RECONSTRUCTION_CROSSENTROPY -> y[j] * Math.log(y[j] / p[j]);
                case COSINE_PROXIMITY, WASSERSTEIN -> y[j] * p[j];
                case HINGE -> Math.max(0, 1 - y[j] * p[j]);
                case SQUARED_HINGE -> Math.pow(Math.max(0, 1 - y[j] * p[j]), 2);
                case POISSON -> p[j] - y[j] * Math.log(p[j]);
            };
            acc += w[j] * t;
            pp += p[j] * p[j];
            yy += y[j] * y[j];
        }
        dot = acc;
        return switch (loss) {
            case MSE, SQUARED_LOSS, MAE, MAPE, MSLE, WASSERSTEIN -> acc / K;
            case RMSE_XENT -> Math.sqrt(acc / K);
            case COSINE_PROXIMITY -> -dot / (Math.sqrt(pp) * Math.sqrt(yy));
            default -> acc;
        };
    }

    private static NDArray labelsFor(LossFunction loss, double[] y) {
        if (!loss.takesClassIds()) {
            return NDArray.create(y, N, K);
        }
        long[] ids = new long[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < K; j++) {
                if (y[i * K + j] == 1) {
                    ids[i] = j;
                }
            }
        }
        return NDArray.create(ids, N);
    }

    @ParameterizedTest
    @EnumSource(LossFunction.class)
    void scoresMatchAnIndependentReferenceWithWeightsAndMask(LossFunction loss) {
        double[][] d = data(loss, 100 + loss.ordinal());
        double plain = 0;
        double weightedMasked = 0;
        double[] ones = {1, 1, 1};
        for (int i = 0; i < N; i++) {
            double[] p = Arrays.copyOfRange(d[0], i * K, i * K + K);
            double[] y = Arrays.copyOfRange(d[1], i * K, i * K + K);
            plain += reference(loss, p, y, ones) / N;
            weightedMasked += MASK[i] * reference(loss, p, y, WEIGHTS) / N;
        }
        try (NDArray p = NDArray.create(d[0], N, K);
                NDArray labels = labelsFor(loss, d[1]);
                NDArray weights = NDArray.create(WEIGHTS, K);
                NDArray mask = NDArray.create(MASK, N);
                Variable a = loss.score(Variable.constant(p), labels, null, null);
                Variable b = loss.score(Variable.constant(p), labels, weights, mask)) {
            assertEquals(0, a.ndim());
            assertEquals(plain, a.value().item(), 1e-10, loss.jsonName());
            assertEquals(weightedMasked, b.value().item(), 1e-10, loss.jsonName() + " weighted");
        }
    }

    @ParameterizedTest
    @EnumSource(LossFunction.class)
    void gradientsMatchFiniteDifferences(LossFunction loss) {
        double[][] d = data(loss, 200 + loss.ordinal());
        try (NDArray labels = labelsFor(loss, d[1]);
                NDArray weights = NDArray.create(WEIGHTS, K);
                NDArray mask = NDArray.create(MASK, N, 1)) {
            try (NDArray p = NDArray.create(d[0], N, K)) {
                new GradientCheck().verify(v -> loss.score(v[0], labels, null, null), p);
            }
            try (NDArray p = NDArray.create(d[0], N, K)) {
                new GradientCheck().verify(v -> loss.score(v[0], labels, weights, mask), p);
            }
        }
    }

    @Test
    void maskedExamplesContributeNothingButCountInTheMean() {
        double[][] d = data(LossFunction.MSE, 7);
        double[] changed = d[1].clone();
        for (int j = 0; j < K; j++) {
            changed[K + j] += 10;   // example 1 is masked out
        }
        try (NDArray p = NDArray.create(d[0], N, K);
                NDArray y1 = NDArray.create(d[1], N, K);
                NDArray y2 = NDArray.create(changed, N, K);
                NDArray mask = NDArray.create(MASK, N);
                Variable a = LossFunction.MSE.score(Variable.constant(p), y1, null, mask);
                Variable b = LossFunction.MSE.score(Variable.constant(p), y2, null, mask)) {
            assertEquals(a.value().item(), b.value().item(), 1e-15);
            double expected = 0;
            for (int i : new int[] {0, 2, 3}) {
                for (int j = 0; j < K; j++) {
                    double e = d[0][i * K + j] - d[1][i * K + j];
                    expected += e * e / K;
                }
            }
            assertEquals(expected / N, a.value().item(), 1e-12);
        }
    }

    @Test
    void softmaxWithMcxentIsFusedAndAgreesWithTheComposition() {
        double[][] d = data(LossFunction.MCXENT, 3);
        ActivationFunction softmax = ActivationFunction.of("softmax");
        for (LossFunction loss : List.of(LossFunction.MCXENT, LossFunction.NEGATIVELOGLIKELIHOOD,
                LossFunction.SPARSE_MCXENT)) {
            assertTrue(loss.fusesWith(Activation.SOFTMAX));
            try (NDArray z = RandomInputs.uniform(9, -3, 3, N, K);
                    NDArray labels = labelsFor(loss, d[1]);
                    NDArray weights = NDArray.create(WEIGHTS, K);
                    NDArray mask = NDArray.create(MASK, N)) {
                assertSameValueAndGradient(
                        v -> loss.score(v, softmax, true, null, labels, weights, mask),
                        v -> loss.score(softmax.apply(v), labels, weights, mask), z);
            }
        }
    }

    @Test
    void sigmoidWithXentIsFusedAndAgreesWithTheComposition() {
        double[][] d = data(LossFunction.XENT, 3);
        ActivationFunction sigmoid = ActivationFunction.of("sigmoid");
        assertTrue(LossFunction.XENT.fusesWith(Activation.SIGMOID));
        try (NDArray z = RandomInputs.uniform(9, -3, 3, N, K);
                NDArray labels = NDArray.create(d[1], N, K);
                NDArray weights = NDArray.create(WEIGHTS, K);
                NDArray mask = NDArray.create(MASK, N)) {
            assertSameValueAndGradient(
                    v -> LossFunction.XENT.score(v, sigmoid, true, null, labels, weights, mask),
                    v -> LossFunction.XENT.score(sigmoid.apply(v), labels, weights, mask), z);
            new GradientCheck().verify(
                    v -> LossFunction.XENT.score(v[0], sigmoid, true, null, labels, weights, mask),
                    z);
        }
    }

    @Test
    void unfusedPairsApplyTheActivationFirst() {
        assertTrue(!LossFunction.MSE.fusesWith(Activation.SOFTMAX));
        try (NDArray z = RandomInputs.uniform(4, -2, 2, N, K);
                NDArray y = RandomInputs.uniform(5, -1, 1, N, K)) {
            new GradientCheck().verify(v -> LossFunction.MSE.score(v[0],
                    ActivationFunction.of("tanh"), true, null, y, null, null), z);
        }
    }

    private interface Loss {
        Variable of(Variable z);
    }

    private static void assertSameValueAndGradient(Loss fused, Loss composed, NDArray z) {
        double[] values = new double[2];
        double[][] grads = new double[2][];
        Loss[] both = {fused, composed};
        for (int k = 0; k < 2; k++) {
            try (Tape tape = Tape.open()) {
                Variable v = Variable.parameter(z);
                Variable loss = both[k].of(v);
                tape.backward(loss);
                values[k] = loss.value().item();
                grads[k] = v.grad().toDoubleArray();
            }
        }
        assertEquals(values[1], values[0], 1e-9);
        assertArrayEquals(grads[1], grads[0], 1e-9);
    }

    @Test
    void badShapesAreExplained() {
        try (NDArray p = NDArray.zeros(org.pybridge.tensor.DataType.FLOAT64, N, K);
                NDArray y = NDArray.zeros(org.pybridge.tensor.DataType.FLOAT64, N, K + 1);
                NDArray w = NDArray.ones(org.pybridge.tensor.DataType.FLOAT64, K + 1);
                NDArray ids = NDArray.create(new double[] {0, 1, 2, 0}, N)) {
            Variable pv = Variable.constant(p);
            ShapeException e = assertThrows(ShapeException.class,
                    () -> LossFunction.MSE.score(pv, y, null, null));
            assertTrue(e.getMessage().contains("labels have shape [4, 4]"), e.getMessage());
            e = assertThrows(ShapeException.class,
                    () -> LossFunction.MSE.score(pv, p, w, null));
            assertTrue(e.getMessage().contains("weights"), e.getMessage());
            IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                    () -> LossFunction.SPARSE_MCXENT.score(pv, ids, null, null));
            assertTrue(f.getMessage().contains("integers"), f.getMessage());
        }
    }

    @Test
    void inferenceScoringLeavesNothingOpen() {
        try (NDArray p = RandomInputs.uniform(1, 0.1, 0.9, N, K);
                NDArray y = RandomInputs.uniform(2, 0, 1, N, K)) {
            for (LossFunction loss : LossFunction.values()) {
                if (!loss.takesClassIds()) {
                    try (Variable s = loss.score(Variable.constant(p), y, null, null)) {
                        assertTrue(Double.isFinite(s.value().item()), loss.jsonName());
                    }
                }
            }
            try (Variable total = ReduceOps.sum(Variable.constant(p))) {
                assertEquals(0, total.ndim());
            }
        }
    }
}
