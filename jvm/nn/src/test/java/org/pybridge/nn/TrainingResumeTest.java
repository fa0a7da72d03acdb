package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.nn.internal.Json;
import org.pybridge.nn.io.ModelFile;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/**
 * Saving parameters, optimizer state and the iteration to a model file and resuming gives
 * bit-for-bit the parameters of an uninterrupted run.
 */
@ExtendWith(LeakCheck.class)
class TrainingResumeTest {
    private static final String[] NAMES = {"0_W", "0_b", "1_W", "1_b"};

    /** Runs steps [from, to) of a small MLP with {@code updater} on fixed batches. */
    private static void train(Map<String, NDArray> params, Map<String, NDArray> state,
            Updater updater, Regularization reg, int from, int to) {
        ActivationFunction tanh = ActivationFunction.of("tanh");
        ActivationFunction softmax = ActivationFunction.of("softmax");
        for (int step = from; step < to; step++) {
            Generator g = new Generator(1000 + step);
            try (NDArray x = g.normal(0, 1, DataType.FLOAT32, 16, 4);
                    NDArray ids = g.integers(0, 3, DataType.INT64, 16);
                    Tape tape = Tape.open()) {
                Variable[] v = new Variable[NAMES.length];
                for (int i = 0; i < NAMES.length; i++) {
                    v[i] = Variable.parameter(params.get(NAMES[i]));
                }
                Variable h = tanh.apply(NNOps.linear(Variable.constant(x), v[0], v[1]));
                tape.backward(LossFunction.SPARSE_MCXENT.score(NNOps.linear(h, v[2], v[3]),
                        softmax, true, null, ids, null, null));
                for (int i = 0; i < NAMES.length; i++) {
                    NDArray p = params.get(NAMES[i]);
                    boolean bias = NAMES[i].endsWith("b");
                    NDArray[] s = new NDArray[updater.stateNames().length];
                    for (int k = 0; k < s.length; k++) {
                        s[k] = state.get(NAMES[i] + "." + updater.stateNames()[k]);
                    }
                    reg.addToGradient(p, v[i].grad(), bias);
                    reg.applyWeightDecay(p, updater.learningRate(), bias);
                    updater.apply(p, v[i].grad(), s, step);
                }
            }
        }
    }

    private static Map<String, NDArray> init(Updater updater, Map<String, NDArray> state) {
        Generator g = new Generator(5);
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("0_W", g.normal(0, 0.5, DataType.FLOAT32, 4, 8));
        params.put("0_b", NDArray.zeros(DataType.FLOAT32, 8));
        params.put("1_W", g.normal(0, 0.5, DataType.FLOAT32, 8, 3));
        params.put("1_b", NDArray.zeros(DataType.FLOAT32, 3));
        for (String n : NAMES) {
            NDArray[] s = updater.createState(params.get(n));
            for (int k = 0; k < s.length; k++) {
                state.put(n + "." + updater.stateNames()[k], s[k]);
            }
        }
        return params;
    }

    private static void closeAll(Map<String, NDArray> m) {
        m.values().forEach(NDArray::close);
    }

    @Test
    void resumingFromAModelFileContinuesExactly(@TempDir Path dir) {
        Updater updater = new Nadam(0.01);
        Regularization reg = new Regularization(1e-4, 1e-3, 1e-2, false);
        Map<String, NDArray> straightState = new LinkedHashMap<>();
        Map<String, NDArray> straight = init(updater, straightState);
        Map<String, NDArray> firstState = new LinkedHashMap<>();
        Map<String, NDArray> first = init(updater, firstState);
        try {
            train(straight, straightState, updater, reg, 0, 12);
            train(first, firstState, updater, reg, 0, 5);
            Path file = dir.resolve("checkpoint.zip");
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("updater", updater.toJson());
            config.put("regularization", reg.toJson());
            ModelFile.write(file, "MultiLayerNetwork", Json.write(config, false), first,
                    firstState, Map.of("training_state.json", "{\"iteration\": 5}"));
            try (ModelFile f = ModelFile.read(file)) {
                Map<String, Object> conf = Json.parseObject(f.configJson());
                @SuppressWarnings("unchecked")
                Updater u = Updater.fromJson((Map<String, Object>) conf.get("updater"));
                @SuppressWarnings("unchecked")
                Regularization r = Regularization.fromJson(
                        (Map<String, Object>) conf.get("regularization"));
                int iteration = ((Long) Json.parseObject(f.entry("training_state.json")
                        .orElseThrow()).get("iteration")).intValue();
                assertEquals(updater, u);
                Map<String, NDArray> params = f.takeParams();
                Map<String, NDArray> state = f.takeUpdaterState();
                try {
                    train(params, state, u, r, iteration, 12);
                    for (String n : NAMES) {
                        assertArrayEquals(straight.get(n).toFloatArray(),
                                params.get(n).toFloatArray(), 0f, n);
                    }
                } finally {
                    closeAll(params);
                    closeAll(state);
                }
            }
        } finally {
            closeAll(straight);
            closeAll(straightState);
            closeAll(first);
            closeAll(firstState);
        }
    }
}
