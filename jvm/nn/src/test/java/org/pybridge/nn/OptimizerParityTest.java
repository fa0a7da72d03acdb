package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.NDArrays;

/**
 * 20 training steps of an MLP 6-5(tanh)-3 with softmax + cross-entropy reproduce PyTorch's
 * parameters to 1e-5 relative in float32, for every updater (plus L2 and decoupled weight decay).
 * The fixtures come from tests/fixtures/make_optimizer_fixtures.py.
 */
@ExtendWith(LeakCheck.class)
class OptimizerParityTest {
    private static final String[] PARAMS = {"W1", "b1", "W2", "b2"};
    /** Relative tolerance, against the largest magnitude in each parameter array. */
    private static final double RTOL = 1e-5;

    private static Updater updater(String name, Map<String, NDArray> f) {
        double lr = f.containsKey("lr") ? Npz.scalar(f, "lr") : Double.NaN;
        switch (name) {
            case "sgd":
            case "sgd_l2":
                return new Sgd(lr);
            case "nesterovs":
                return new Nesterovs(lr, Npz.scalar(f, "momentum"));
            case "adagrad":
                return new AdaGrad(lr, Npz.scalar(f, "eps"));
            case "adadelta":
                return new AdaDelta(Npz.scalar(f, "rho"), Npz.scalar(f, "eps"));
            case "rmsprop":
                return new RmsProp(lr, Npz.scalar(f, "decay"), Npz.scalar(f, "eps"));
            default:
                break;
        }
        double b1 = Npz.scalar(f, "beta1");
        double b2 = Npz.scalar(f, "beta2");
        double eps = Npz.scalar(f, "eps");
        switch (name) {
            case "adam":
            case "adamw":
                return new Adam(lr, b1, b2, eps);
            case "adamax":
                return new AdaMax(lr, b1, b2, eps);
            case "nadam":
                return new Nadam(lr, b1, b2, eps);
            case "amsgrad":
                return new AmsGrad(lr, b1, b2, eps);
            case "adabelief":
                return new AdaBelief(lr, b1, b2, eps);
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static Regularization regularization(Map<String, NDArray> f) {
        double l2 = f.containsKey("l2") ? Npz.scalar(f, "l2") : 0;
        double wd = f.containsKey("weight_decay") ? Npz.scalar(f, "weight_decay") : 0;
        return new Regularization(0, l2, wd, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "nesterovs", "adagrad", "adadelta", "rmsprop", "adam",
            "adamax", "nadam", "amsgrad", "adabelief", "sgd_l2", "adamw"})
    void twentyStepsMatchPyTorch(String name) throws IOException {
        Map<String, NDArray> common = Npz.read(Npz.fixtures().resolve("optimizers/common.npz"));
        Map<String, NDArray> expected = Npz.read(Npz.fixtures().resolve("optimizers/" + name
                + ".npz"));
        List<NDArray> owned = new ArrayList<>();
        try {
            Updater updater = updater(name, expected);
            Regularization reg = regularization(expected);
            // A JSON round trip must give the same updater.
            assertEquals(updater, Updater.fromJson(updater.toJson()));
            NDArray[] params = new NDArray[PARAMS.length];
            NDArray[][] state = new NDArray[PARAMS.length][];
            for (int i = 0; i < PARAMS.length; i++) {
                params[i] = common.get(PARAMS[i]).dup();
                owned.add(params[i]);
                state[i] = updater.createState(params[i]);
                owned.addAll(List.of(state[i]));
            }
            ActivationFunction tanh = ActivationFunction.of("tanh");
            ActivationFunction softmax = ActivationFunction.of("softmax");
            NDArray x = common.get("x");
            NDArray y = common.get("y");
            double[] losses = expected.get("loss").toDoubleArray();
            for (int step = 0; step < losses.length; step++) {
                try (NDArray xs = x.select(0, step);
                        NDArray ids = y.select(0, step);
                        NDArray labels = NDArrays.oneHot(ids, 3, DataType.FLOAT32);
                        Tape tape = Tape.open()) {
                    Variable[] v = new Variable[params.length];
                    for (int i = 0; i < params.length; i++) {
                        v[i] = Variable.parameter(params[i]);
                    }
                    Variable h = tanh.apply(NNOps.linear(Variable.constant(xs), v[0], v[1]));
                    Variable loss = LossFunction.MCXENT.score(NNOps.linear(h, v[2], v[3]),
                            softmax, true, null, labels, null, null);
                    tape.backward(loss);
                    assertEquals(losses[step], loss.value().item(), 1e-5 * losses[step],
                            name + " loss at step " + step);
                    for (int i = 0; i < params.length; i++) {
                        boolean bias = PARAMS[i].startsWith("b");
                        NDArray grad = v[i].grad();
                        reg.addToGradient(params[i], grad, bias);
                        reg.applyWeightDecay(params[i], updater.learningRate(), bias);
                        updater.apply(params[i], grad, state[i], step);
                    }
                }
            }
            for (int i = 0; i < PARAMS.length; i++) {
                assertClose(expected.get(PARAMS[i]), params[i], name + " " + PARAMS[i]);
            }
        } finally {
            owned.forEach(NDArray::close);
            common.values().forEach(NDArray::close);
            expected.values().forEach(NDArray::close);
        }
    }

    /** Every element within RTOL of the largest magnitude of the expected array. */
    static void assertClose(NDArray expected, NDArray actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what);
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int k = 0; k < e.length; k++) {
            worst = Math.max(worst, Math.abs(e[k] - a[k]) / scale);
        }
        assertTrue(worst <= RTOL, what + ": largest relative difference " + worst);
    }
}
