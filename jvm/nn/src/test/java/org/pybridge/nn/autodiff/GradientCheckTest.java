package org.pybridge.nn.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pybridge.nn.RandomInputs.uniform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.LeakCheck;
import org.pybridge.tensor.NDArray;

@ExtendWith(LeakCheck.class)
class GradientCheckTest {

    /** x^2 with a deliberately wrong derivative (x instead of 2x). */
    private static Variable wrongSquare(Variable x) {
        NDArray y = x.value().mul(x.value());
        return Tape.record("wrong_square", y, g -> new NDArray[] {g.mul(x.value())}, x);
    }

    @Test
    void aWrongGradientFails() {
        try (NDArray x = uniform(1, 0.5, 2, 3, 2)) {
            GradientCheck.Result r = new GradientCheck().run(v -> wrongSquare(v[0]), x);
            assertFalse(r.passed());
            assertEquals(6, r.checked());
            assertEquals(6, r.failures().size());
            assertTrue(r.maxRelativeError() > 0.4, r.toString());
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new GradientCheck().verify(v -> wrongSquare(v[0]), x));
            assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
        }
    }

    @Test
    void aCorrectGradientPassesAndInputsAreRestored() {
        try (NDArray x = uniform(1, 0.5, 2, 3, 2); NDArray copy = x.dup()) {
            GradientCheck.Result r = new GradientCheck().run(v -> MathOps.square(v[0]), x);
            assertTrue(r.passed(), r.toString());
            assertTrue(r.maxRelativeError() < 1e-8, r.toString());
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(copy.getDouble(i, j), x.getDouble(i, j), 0);
                }
            }
        }
    }

    @Test
    void onlyFloat64IsAccepted() {
        try (NDArray x = NDArray.create(new float[] {1, 2}, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new GradientCheck().run(v -> MathOps.square(v[0]), x));
            assertTrue(e.getMessage().contains("float64"), e.getMessage());
        }
    }

    @Test
    void refusesToRunInsideAnOpenTape() {
        try (NDArray x = NDArray.create(new double[] {1, 2}, 2)) {
            Tape tape = Tape.open();
            try {
                assertThrows(IllegalStateException.class,
                        () -> new GradientCheck().run(v -> MathOps.square(v[0]), x));
            } finally {
                tape.close();
            }
        }
    }
}
