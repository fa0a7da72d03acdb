package org.pybridge.nn.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.LeakCheck;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Memory;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

@ExtendWith(LeakCheck.class)
class TapeTest {

    @Test
    void everythingATapeCreatesIsClosedWithIt() {
        try (NDArray w = NDArray.create(new double[] {1, -2, 3}, 3)) {
            long before = Memory.openTensors();
            Variable y;
            try (Tape tape = Tape.open()) {
                Variable p = Variable.parameter(w);
                y = MathOps.tanh(MathOps.mul(p, p));
                tape.backward(ReduceOps.sum(y));
                assertNotNull(p.grad());
                assertTrue(Memory.openTensors() > before);
            }
            assertTrue(y.value().isClosed());
            assertEquals(before, Memory.openTensors());
            assertFalse(w.isClosed());
        }
    }

    @Test
    void withoutATapeNothingIsRecordedAndResultsOwnTheirValues() {
        try (NDArray w = NDArray.create(new double[] {1, -2, 3}, 3)) {
            Variable p = Variable.parameter(w);
            Variable y = MathOps.exp(p);
            assertTrue(y.isLeaf());
            assertFalse(y.requiresGrad());
            y.close();
            assertTrue(y.value().isClosed());
            assertFalse(w.isClosed());
        }
    }

    @Test
    void composeReleasesIntermediatesWithoutATape() {
        try (NDArray w = NDArray.create(new double[] {1, -2, 3}, 3)) {
            Variable x = Variable.constant(w);
            long before = Memory.openTensors();
            try (Variable swish = Tape.compose(() -> MathOps.mul(x, MathOps.sigmoid(x)))) {
                assertEquals(before + 1, Memory.openTensors());
                assertEquals(1 / (1 + Math.exp(-1.0)), swish.value().getDouble(0), 1e-12);
            }
        }
    }

    @Test
    void opsOnConstantsInsideATapeAreOwnedButNotRecorded() {
        try (NDArray a = NDArray.create(new double[] {1, 2}, 2);
                Tape tape = Tape.open()) {
            Variable y = MathOps.square(Variable.constant(a));
            assertEquals(0, tape.size());
            assertFalse(y.requiresGrad());
            assertThrows(IllegalArgumentException.class, () -> tape.backward(ReduceOps.sum(y)));
        }
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        try (NDArray xs = NDArray.create(new double[][] {{1, 2, 3}, {4, 5, 6}});
                NDArray bs = NDArray.create(new double[] {0.5, 0.5, 0.5}, 3);
                NDArray seed = NDArray.create(new double[][] {{1, 2, 3}, {10, 20, 30}});
                Tape tape = Tape.open()) {
            Variable x = Variable.parameter(xs);
            Variable b = Variable.parameter(bs);
            tape.backward(MathOps.add(x, b), seed);
            assertArrayEquals(new double[] {11, 22, 33}, b.grad().toDoubleArray(), 0);
            assertArrayEquals(new long[] {3}, b.grad().shape());
            assertArrayEquals(seed.toDoubleArray(), x.grad().toDoubleArray(), 0);
            assertFalse(x.grad().sharesMemoryWith(seed), "a leaf gradient never aliases the seed");
        }
    }

    @Test
    void leafGradientsAreContiguousAndIndependent() {
        try (NDArray as = NDArray.create(new double[] {1, 2}, 2);
                NDArray bs = NDArray.create(new double[] {3, 4}, 2);
                Tape tape = Tape.open()) {
            Variable a = Variable.parameter(as);
            Variable b = Variable.parameter(bs);
            tape.backward(ReduceOps.sum(MathOps.add(a, b)));
            assertTrue(a.grad().isContiguous());
            assertFalse(a.grad().sharesMemoryWith(b.grad()));
            a.grad().fill(7);
            assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void keepHandsValuesAndGradientsToTheCaller() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2)) {
            NDArray out;
            NDArray grad;
            Variable p = Variable.parameter(w);
            try (Tape tape = Tape.open()) {
                Variable y = MathOps.square(p);
                tape.backward(ReduceOps.sum(y));
                out = tape.keep(y);
                grad = tape.keepGradient(p);
            }
            assertNull(p.grad(), "the tape clears the gradients it set");
            try (out; grad) {
                assertArrayEquals(new double[] {1, 4}, out.toDoubleArray(), 0);
                assertArrayEquals(new double[] {2, 4}, grad.toDoubleArray(), 0);
            }
        }
    }

    @Test
    void takeValueWithoutATapeTransfersOwnership() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2)) {
            Variable y = MathOps.neg(Variable.constant(w));
            try (NDArray v = y.takeValue()) {
                y.close();
                assertFalse(v.isClosed());
            }
            assertThrows(IllegalStateException.class, () -> Variable.constant(w).takeValue());
        }
    }

    @Test
    void backwardNeedsAScalarOrASeedOfTheOutputShape() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2);
                NDArray wrongSeed = NDArray.ones(DataType.FLOAT64, 3);
                Tape tape = Tape.open()) {
            Variable y = MathOps.square(Variable.parameter(w));
            ShapeException e = assertThrows(ShapeException.class, () -> tape.backward(y));
            assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
            assertThrows(ShapeException.class, () -> tape.backward(y, wrongSeed));
        }
    }

    @Test
    void aSecondBackwardAccumulates() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(w);
            Variable loss = ReduceOps.sum(MathOps.square(p));
            tape.backward(loss);
            tape.backward(loss);
            assertArrayEquals(new double[] {4, 8}, p.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void unusedParametersAndConstantsGetNoGradient() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2);
                NDArray c = NDArray.create(new double[] {3, 4}, 2);
                NDArray u = NDArray.create(new double[] {5, 6}, 2);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(w);
            Variable k = Variable.constant(c);
            Variable unused = Variable.parameter(u);
            tape.backward(ReduceOps.sum(MathOps.mul(p, k)));
            assertArrayEquals(new double[] {3, 4}, p.grad().toDoubleArray(), 0);
            assertNull(k.grad());
            assertNull(unused.grad());
        }
    }

    @Test
    void stopGradientBlocksTheFlow() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(w);
            Variable y = MathOps.mul(p, Variable.stopGradient(p));
            tape.backward(ReduceOps.sum(y));
            assertArrayEquals(new double[] {1, 2}, p.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void float32GradientsStayFloat32() {
        try (NDArray w = NDArray.create(new float[] {1, 2}, 2);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(w);
            tape.backward(ReduceOps.mean(MathOps.mul(p, 3.0)));
            assertEquals(DataType.FLOAT32, p.grad().dtype());
            assertArrayEquals(new float[] {1.5f, 1.5f}, p.grad().toFloatArray(), 0);
        }
    }

    @Test
    void gradientsOfPromotedOpsComeBackInTheInputsDtypeAndShape() {
        try (NDArray w = NDArray.create(new float[] {1, 2, 3}, 3);
                NDArray c = NDArray.create(new double[][] {{1, 2, 3}, {4, 5, 6}});
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(w);
            Variable y = MathOps.mul(p, Variable.constant(c));
            assertEquals(DataType.FLOAT64, y.dtype());
            tape.backward(ReduceOps.sum(y));
            assertEquals(DataType.FLOAT32, p.grad().dtype());
            assertArrayEquals(new float[] {5, 7, 9}, p.grad().toFloatArray(), 0);
        }
    }

    @Test
    void customOpsUseRecordLikeTheBuiltIns() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(w);
            NDArray cubed;
            try (NDArray squared = w.mul(w)) {
                cubed = squared.mul(w);
            }
            Variable y = Tape.record("cube", cubed, g -> new NDArray[] {g.mul(w.mul(w)).mul(3.0)},
                    p);
            assertEquals("cube", y.name());
            tape.backward(ReduceOps.sum(y));
            assertArrayEquals(new double[] {3, 12}, p.grad().toDoubleArray(), 0);
        }
    }

    @Test
    void aRuleReturningTheWrongNumberOfGradientsIsReported() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2);
                Tape tape = Tape.open()) {
            Variable p = Variable.parameter(w);
            Variable y = Tape.record("broken", w.dup(), g -> new NDArray[0], p);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> tape.backward(ReduceOps.sum(y)));
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
        }
    }

    @Test
    void aClosedTapeRefusesBackward() {
        try (NDArray w = NDArray.create(new double[] {1, 2}, 2)) {
            Tape tape = Tape.open();
            Variable loss = ReduceOps.sum(Variable.parameter(w));
            tape.close();
            assertNull(Tape.current());
            assertThrows(IllegalStateException.class, () -> tape.backward(loss));
        }
    }

    @Test
    void nestedTapesCloseInnerOnesFirst() {
        Tape outer = Tape.open();
        Tape inner = Tape.open();
        assertEquals(inner, Tape.current());
        outer.close();
        assertTrue(inner.isClosed());
        assertNull(Tape.current());
    }
}
