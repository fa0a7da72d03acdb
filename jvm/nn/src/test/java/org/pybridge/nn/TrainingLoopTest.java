package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.autodiff.GradientCheck;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.Memory;
import org.pybridge.tensor.NDArray;

/** The engine end to end: a float32 MLP learns two interleaved classes with plain SGD. */
@ExtendWith(LeakCheck.class)
class TrainingLoopTest {

    @Test
    void aTwoLayerNetworkHasCorrectGradientsForEveryParameter() {
        ActivationFunction tanh = ActivationFunction.of("tanh");
        ActivationFunction softmax = ActivationFunction.of("softmax");
        try (NDArray x = RandomInputs.uniform(1, -1, 1, 6, 2);
                NDArray y = RandomInputs.oneHot(2, 6, 3);
                NDArray w1 = RandomInputs.uniform(3, -1, 1, 2, 5);
                NDArray b1 = RandomInputs.uniform(4, -1, 1, 5);
                NDArray w2 = RandomInputs.uniform(5, -1, 1, 5, 3);
                NDArray b2 = RandomInputs.uniform(6, -1, 1, 3)) {
            new GradientCheck().verify(v -> LossFunction.MCXENT.score(NNOps.linear(
                    tanh.apply(NNOps.linear(Variable.constant(x), v[0], v[1])), v[2], v[3]),
                    softmax, true, null, y, null, null), w1, b1, w2, b2);
        }
    }

    @Test
    void anMlpLearnsAndEveryStepReleasesItsMemory() {
        int n = 64;
        float[][] features = new float[n][2];
        float[][] labels = new float[n][2];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            // Class 1 inside a ring, class 0 outside: not linearly separable.
            double radius = i % 2 == 0 ? 0.5 * r.nextDouble() : 1.0 + 0.5 * r.nextDouble();
            double angle = 2 * Math.PI * r.nextDouble();
            features[i][0] = (float) (radius * Math.cos(angle));
            features[i][1] = (float) (radius * Math.sin(angle));
            labels[i][i % 2 == 0 ? 1 : 0] = 1;
        }
        Generator g = new Generator(42);
        ActivationFunction tanh = ActivationFunction.of("tanh");
        ActivationFunction softmax = ActivationFunction.of("softmax");
        try (NDArray x = NDArray.create(features);
                NDArray y = NDArray.create(labels);
                NDArray w1 = g.normal(0, 1, DataType.FLOAT32, 2, 16);
                NDArray b1 = NDArray.zeros(DataType.FLOAT32, 16);
                NDArray w2 = g.normal(0, 0.25, DataType.FLOAT32, 16, 2);
                NDArray b2 = NDArray.zeros(DataType.FLOAT32, 2)) {
            NDArray[] params = {w1, b1, w2, b2};
            Variable[] vars = new Variable[params.length];
            for (int i = 0; i < params.length; i++) {
                vars[i] = Variable.parameter(params[i]);
            }
            double first = 0;
            double last = 0;
            long openBefore = Memory.openTensors();
            for (int step = 0; step < 300; step++) {
                try (Tape tape = Tape.open()) {
                    Variable h = tanh.apply(NNOps.linear(Variable.constant(x), vars[0], vars[1]));
                    Variable loss = LossFunction.MCXENT.score(NNOps.linear(h, vars[2], vars[3]),
                            softmax, true, g, y, null, null);
                    tape.backward(loss);
                    for (int i = 0; i < params.length; i++) {
                        try (NDArray update = vars[i].grad().mul(0.5)) {
                            params[i].subi(update);
                        }
                    }
                    last = loss.value().item();
                    if (step == 0) {
                        first = last;
                    }
                }
                assertEquals(openBefore, Memory.openTensors(), "step " + step + " leaked");
            }
            assertTrue(first > 0.6, "starts near chance: " + first);
            assertTrue(last < 0.1, "loss fell from " + first + " to " + last);
            // Inference: no tape; compose closes the intermediate results.
            try (Variable out = Tape.compose(() -> softmax.apply(NNOps.linear(tanh.apply(
                    NNOps.linear(Variable.constant(x), vars[0], vars[1])), vars[2], vars[3])))) {
                int correct = 0;
                for (int i = 0; i < n; i++) {
                    int predicted = out.value().getDouble(i, 1) > 0.5 ? 1 : 0;
                    correct += labels[i][predicted] == 1 ? 1 : 0;
                }
                assertTrue(correct >= n - 2, correct + " of " + n + " correct");
            }
        }
    }
}
