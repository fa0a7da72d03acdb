package org.pybridge.nn.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.pybridge.nn.RandomInputs.uniform;
import static org.pybridge.nn.autodiff.GradientAssertions.checkGradients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.LeakCheck;
import org.pybridge.tensor.NDArray;

@ExtendWith(LeakCheck.class)
class ReduceAndShapeOpsGradientTest {

    @Test
    void sumOverAllAndOverAxes() {
        checkGradients(v -> ReduceOps.sum(v[0]), uniform(1, -2, 2, 3, 4));
        checkGradients(v -> ReduceOps.sum(v[0], 0, false), uniform(2, -2, 2, 3, 4));
        checkGradients(v -> ReduceOps.sum(v[0], -1, true), uniform(3, -2, 2, 3, 4));
        checkGradients(v -> ReduceOps.sum(v[0], new int[] {0, 2}, false),
                uniform(4, -2, 2, 2, 3, 4));
    }

    @Test
    void meanOverAllAndOverAxes() {
        checkGradients(v -> ReduceOps.mean(v[0]), uniform(1, -2, 2, 3, 4));
        checkGradients(v -> ReduceOps.mean(v[0], 1, true), uniform(2, -2, 2, 3, 4));
        checkGradients(v -> ReduceOps.mean(v[0], new int[] {1, 2}, false),
                uniform(3, -2, 2, 2, 3, 4));
    }

    @Test
    void maxOverAnAxis() {
        checkGradients(v -> ReduceOps.max(v[0], 1, false), uniform(1, -2, 2, 3, 5));
        checkGradients(v -> ReduceOps.max(v[0], 0, true), uniform(2, -2, 2, 3, 5));
    }

    @Test
    void maxSplitsTheGradientBetweenTies() {
        try (NDArray x = NDArray.create(new double[] {1, 3, 3, 0}, 1, 4);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(x);
            tape.backward(ReduceOps.sum(ReduceOps.max(p, 1, false)));
            assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, p.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void logSumExp() {
        checkGradients(v -> ReduceOps.logSumExp(v[0], 1, false), uniform(1, -3, 3, 3, 5));
        checkGradients(v -> ReduceOps.logSumExp(v[0], 0, true), uniform(2, -3, 3, 3, 5));
    }

    @Test
    void softmaxAndLogSoftmaxAlongEitherAxis() {
        checkGradients(v -> ReduceOps.softmax(v[0], 1), uniform(1, -3, 3, 3, 5));
        checkGradients(v -> ReduceOps.softmax(v[0], 0), uniform(2, -3, 3, 3, 5));
        checkGradients(v -> ReduceOps.logSoftmax(v[0], -1), uniform(3, -3, 3, 3, 5));
        checkGradients(v -> ReduceOps.logSoftmax(v[0], 0), uniform(4, -3, 3, 3, 5));
    }

    @Test
    void reshapeTransposePermute() {
        checkGradients(v -> MathOps.tanh(ShapeOps.reshape(v[0], 4, -1)), uniform(1, -2, 2, 2, 6));
        checkGradients(v -> MathOps.matmul(ShapeOps.transpose(v[0]), v[1]),
                uniform(2, -2, 2, 3, 4), uniform(3, -2, 2, 3, 2));
        checkGradients(v -> MathOps.square(ShapeOps.permute(v[0], 2, 0, 1)),
                uniform(4, -2, 2, 2, 3, 4));
    }

    @Test
    void broadcastExpandSqueeze() {
        checkGradients(v -> MathOps.mul(ShapeOps.broadcastTo(v[0], 3, 4), v[1]),
                uniform(1, -2, 2, 4), uniform(2, -2, 2, 3, 4));
        checkGradients(v -> MathOps.square(ShapeOps.expandDims(v[0], 1)), uniform(3, -2, 2, 3, 4));
        checkGradients(v -> MathOps.square(ShapeOps.squeeze(v[0])), uniform(4, -2, 2, 3, 1, 4));
    }

    @Test
    void sliceAndSelect() {
        checkGradients(v -> MathOps.square(ShapeOps.slice(v[0], 1, 1, Long.MIN_VALUE, 2)),
                uniform(1, -2, 2, 3, 6));
        checkGradients(v -> MathOps.square(ShapeOps.slice(v[0], 0, -2, Long.MIN_VALUE, 1)),
                uniform(2, -2, 2, 4, 3));
        checkGradients(v -> MathOps.square(ShapeOps.select(v[0], 1, 2)), uniform(3, -2, 2, 3, 4));
    }

    @Test
    void concatAlongEachAxis() {
        checkGradients(v -> MathOps.square(ShapeOps.concat(1, v[0], v[1], v[2])),
                uniform(1, -2, 2, 3, 2), uniform(2, -2, 2, 3, 1), uniform(3, -2, 2, 3, 4));
        checkGradients(v -> MathOps.square(ShapeOps.concat(0, v[0], v[1])),
                uniform(4, -2, 2, 2, 3), uniform(5, -2, 2, 1, 3));
    }

    @Test
    void concatPlacesThePartsInOrder() {
        try (NDArray a = NDArray.create(new double[] {1, 2, 3, 4}, 2, 2);
                NDArray b = NDArray.create(new double[] {5, 6}, 2, 1);
                Variable c = ShapeOps.concat(1, Variable.constant(a), Variable.constant(b))) {
            assertArrayEquals(new double[] {1, 2, 5, 3, 4, 6}, c.value().toDoubleArray(), 0);
        }
    }
}
