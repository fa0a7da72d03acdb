package org.pybridge.nn.autodiff;

import static org.pybridge.nn.RandomInputs.awayFromZero;
import static org.pybridge.nn.RandomInputs.uniform;
import static org.pybridge.nn.autodiff.GradientAssertions.checkGradients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.LeakCheck;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.NDArray;

@ExtendWith(LeakCheck.class)
class MathOpsGradientTest {

    @Test
    void add() {
        checkGradients(v -> MathOps.add(v[0], v[1]), uniform(1, -2, 2, 3, 4),
                uniform(2, -2, 2, 3, 4));
    }

    @Test
    void addBroadcastsRowsColumnsAndScalars() {
        checkGradients(v -> MathOps.add(v[0], v[1]), uniform(1, -2, 2, 3, 4),
                uniform(2, -2, 2, 4));
        checkGradients(v -> MathOps.add(v[0], v[1]), uniform(3, -2, 2, 3, 1),
                uniform(4, -2, 2, 1, 4));
        checkGradients(v -> MathOps.add(v[0], v[1]), uniform(5, -2, 2, 2, 3, 4),
                uniform(6, -2, 2, 3, 1));
        checkGradients(v -> MathOps.add(v[0], v[1]), uniform(7, -2, 2, 3, 4),
                uniform(8, -2, 2));
    }

    @Test
    void sub() {
        checkGradients(v -> MathOps.sub(v[0], v[1]), uniform(1, -2, 2, 3, 4),
                uniform(2, -2, 2, 4));
    }

    @Test
    void mul() {
        checkGradients(v -> MathOps.mul(v[0], v[1]), uniform(1, -2, 2, 3, 4),
                uniform(2, -2, 2, 3, 4));
        checkGradients(v -> MathOps.mul(v[0], v[1]), uniform(3, -2, 2, 3, 4),
                uniform(4, -2, 2, 3, 1));
    }

    @Test
    void mulOfAVariableWithItselfAccumulates() {
        checkGradients(v -> MathOps.mul(v[0], v[0]), uniform(1, -2, 2, 5));
        checkGradients(v -> MathOps.add(MathOps.mul(v[0], v[1]), MathOps.tanh(v[0])),
                uniform(2, -2, 2, 2, 3), uniform(3, -2, 2, 3));
    }

    @Test
    void div() {
        checkGradients(v -> MathOps.div(v[0], v[1]), uniform(1, -2, 2, 3, 4),
                awayFromZero(2, 0.5, 2, 3, 4));
        checkGradients(v -> MathOps.div(v[0], v[1]), uniform(3, -2, 2, 3, 4),
                awayFromZero(4, 0.5, 2, 4));
    }

    @Test
    void scalarArithmetic() {
        checkGradients(v -> MathOps.add(v[0], 1.5), uniform(1, -2, 2, 3, 2));
        checkGradients(v -> MathOps.sub(v[0], 1.5), uniform(2, -2, 2, 3, 2));
        checkGradients(v -> MathOps.rsub(1.5, v[0]), uniform(3, -2, 2, 3, 2));
        checkGradients(v -> MathOps.mul(v[0], -2.5), uniform(4, -2, 2, 3, 2));
        checkGradients(v -> MathOps.div(v[0], -2.5), uniform(5, -2, 2, 3, 2));
        checkGradients(v -> MathOps.rdiv(3.0, v[0]), awayFromZero(6, 0.5, 2, 3, 2));
        checkGradients(v -> MathOps.neg(v[0]), uniform(7, -2, 2, 3, 2));
        checkGradients(v -> MathOps.identity(v[0]), uniform(8, -2, 2, 3, 2));
    }

    @Test
    void powersAndRoots() {
        checkGradients(v -> MathOps.pow(v[0], 3), uniform(1, -2, 2, 3, 4));
        checkGradients(v -> MathOps.pow(v[0], 0.7), uniform(2, 0.2, 2, 3, 4));
        checkGradients(v -> MathOps.pow(v[0], -1.5), uniform(3, 0.5, 2, 3, 4));
        checkGradients(v -> MathOps.square(v[0]), uniform(4, -2, 2, 3, 4));
        checkGradients(v -> MathOps.sqrt(v[0]), uniform(5, 0.2, 3, 3, 4));
    }

    @Test
    void expAndLogs() {
        checkGradients(v -> MathOps.exp(v[0]), uniform(1, -2, 2, 3, 4));
        checkGradients(v -> MathOps.expm1(v[0]), uniform(2, -2, 2, 3, 4));
        checkGradients(v -> MathOps.log(v[0]), uniform(3, 0.2, 3, 3, 4));
        checkGradients(v -> MathOps.log1p(v[0]), uniform(4, -0.8, 3, 3, 4));
    }

    @Test
    void absAwayFromZero() {
        checkGradients(v -> MathOps.abs(v[0]), awayFromZero(1, 0.1, 2, 3, 4));
    }

    @Test
    void smoothActivations() {
        checkGradients(v -> MathOps.tanh(v[0]), uniform(1, -3, 3, 3, 4));
        checkGradients(v -> MathOps.sigmoid(v[0]), uniform(2, -4, 4, 3, 4));
        checkGradients(v -> MathOps.softplus(v[0]), uniform(3, -5, 5, 3, 4));
        checkGradients(v -> MathOps.erf(v[0]), uniform(4, -2, 2, 3, 4));
    }

    @Test
    void reluAwayFromTheKink() {
        checkGradients(v -> MathOps.relu(v[0]), awayFromZero(1, 0.05, 2, 4, 5));
    }

    @Test
    void maximumAndMinimum() {
        checkGradients(v -> MathOps.maximum(v[0], v[1]), uniform(1, -2, 2, 3, 4),
                uniform(2, -2, 2, 3, 4));
        checkGradients(v -> MathOps.minimum(v[0], v[1]), uniform(3, -2, 2, 3, 4),
                uniform(4, -2, 2, 4));
        checkGradients(v -> MathOps.maximum(v[0], 0.25), awayFromZero(5, 0.5, 2, 3, 4));
        checkGradients(v -> MathOps.minimum(v[0], -0.25), awayFromZero(6, 0.5, 2, 3, 4));
    }

    @Test
    void clipBothSidesAndOneSide() {
        checkGradients(v -> MathOps.clip(v[0], -1, 1), awayFromZero(1, 0.2, 0.8, 4, 5));
        try (NDArray x = awayFromZero(2, 0.1, 3, 4, 5)) {
            x.setDouble(1.5, 0, 0);
            x.setDouble(-1.5, 0, 1);
            checkGradients(v -> MathOps.clip(v[0], -1, 1), x.dup());
            checkGradients(v -> MathOps.clip(v[0], Double.NaN, 1), x.dup());
            checkGradients(v -> MathOps.clip(v[0], -1, Double.NaN), x.dup());
        }
    }

    @Test
    void whereWithAConstantMaskAndBroadcasting() {
        try (NDArray selector = uniform(9, -1, 1, 3, 4);
                NDArray mask = selector.apply(BinaryOp.GT, 0.0, false)) {
            checkGradients(v -> MathOps.where(mask, v[0], v[1]), uniform(1, -2, 2, 3, 4),
                    uniform(2, -2, 2, 3, 4));
            checkGradients(v -> MathOps.where(mask, v[0], v[1]), uniform(3, -2, 2, 4),
                    uniform(4, -2, 2, 3, 1));
        }
    }

    @Test
    void matmulWithEveryTransposeCombination() {
        checkGradients(v -> MathOps.matmul(v[0], v[1]), uniform(1, -1, 1, 3, 4),
                uniform(2, -1, 1, 4, 5));
        checkGradients(v -> MathOps.matmul(v[0], v[1], true, false), uniform(3, -1, 1, 4, 3),
                uniform(4, -1, 1, 4, 5));
        checkGradients(v -> MathOps.matmul(v[0], v[1], false, true), uniform(5, -1, 1, 3, 4),
                uniform(6, -1, 1, 5, 4));
        checkGradients(v -> MathOps.matmul(v[0], v[1], true, true), uniform(7, -1, 1, 4, 3),
                uniform(8, -1, 1, 5, 4));
    }
}
