package org.pybridge.nn.autodiff;

import java.util.function.Supplier;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.Scope;

/** Small array helpers shared by the op classes: scoped evaluation, masks, gradient lists. */
final class OpSupport {
    private OpSupport() {
    }

    /**
     * Evaluates an expression over arrays, closing every temporary it creates; only the result
     * survives (moved to the enclosing scope, if any).
     */
    static NDArray scoped(Supplier<NDArray> expression) {
        try (Scope scope = Scope.open()) {
            return scope.detach(expression.get());
        }
    }

    /**
     * Moves {@code a} out of the innermost scope (the one {@link #scoped} opened) so that it
     * survives it; the caller then owns it.
     */
    static NDArray keep(NDArray a) {
        Scope s = Scope.current();
        return s == null ? a : s.detach(a);
    }

    /** The gradients of a rule, one per input (null for none). */
    static NDArray[] grads(NDArray... perInput) {
        return perInput;
    }

    /** A 0-d zero of {@code dtype}, for {@code where}. */
    static NDArray zero(DataType dtype) {
        return NDArray.scalar(0, dtype);
    }

    /** {@code g} where {@code mask} is true, 0 elsewhere. */
    static NDArray keepWhere(NDArray mask, NDArray g) {
        return NDArray.where(mask, g, zero(g.dtype()));
    }

    /** {@code a op s} as a bool mask. */
    static NDArray compare(NDArray a, BinaryOp op, double s) {
        return a.apply(op, s, false);
    }

    /** The dtype a result of {@code a} and a weak float scalar gets (floats keep their type). */
    static DataType floatType(NDArray a) {
        return a.dtype().isFloatingPoint() ? a.dtype() : DataType.FLOAT64;
    }
}
