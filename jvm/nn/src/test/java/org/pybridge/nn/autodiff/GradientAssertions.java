package org.pybridge.nn.autodiff;

import java.util.function.Function;
import org.pybridge.tensor.NDArray;

/** Runs the float64 gradient check and closes the inputs afterwards. */
final class GradientAssertions {
    static final GradientCheck CHECK = new GradientCheck();

    private GradientAssertions() {
    }

    static void checkGradients(Function<Variable[], Variable> f, NDArray... inputs) {
        checkGradients(CHECK, f, inputs);
    }

    static void checkGradients(GradientCheck check, Function<Variable[], Variable> f,
            NDArray... inputs) {
        try {
            check.verify(f, inputs);
        } finally {
            for (NDArray a : inputs) {
                a.close();
            }
        }
    }
}
