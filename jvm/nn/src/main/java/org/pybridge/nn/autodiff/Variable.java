package org.pybridge.nn.autodiff;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * A value in a differentiable computation: an {@link NDArray}, whether gradients flow into it,
 * the operation that produced it (when recorded on a {@link Tape}) and, after
 * {@link Tape#backward}, its gradient.
 *
 * <p>Who owns the value:
 * <ul>
 *   <li>{@link #parameter} and {@link #constant} wrap an array the caller owns and keeps open
 *       while the variable is used; closing such a variable does nothing.</li>
 *   <li>an op's result inside an open tape belongs to that tape (closed when the tape closes;
 *       {@link #takeValue()} hands it over);</li>
 *   <li>an op's result with no tape open belongs to the variable: close it (or take its value).
 *   </li>
 * </ul>
 *
 * <pre>{@code
 * try (NDArray w = NDArray.create(new double[] {1, 2}, 2);
 *      Tape tape = Tape.open()) {
 *     Variable p = Variable.parameter(w);
 *     Variable loss = ReduceOps.sum(MathOps.square(p));
 *     tape.backward(loss);
 *     double[] g = p.grad().toDoubleArray();   // {2, 4}
 * }
 * }</pre>
 */
public final class Variable implements AutoCloseable {
    private final NDArray value;
    private final boolean requiresGrad;
    private final String name;
    Node node;
    Tape owner;
    boolean ownsValue;
    NDArray grad;
    Tape gradOwner;

    Variable(NDArray value, boolean requiresGrad, String name) {
        if (value == null) {
            throw new IllegalArgumentException("A Variable needs a value, got null.");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.name = name;
    }

    /**
     * A trainable leaf: gradients are computed for it. The caller owns {@code value} and keeps
     * it open while the variable is in use.
     */
    public static Variable parameter(NDArray value) {
        return new Variable(value, true, null);
    }

    /** A named trainable leaf (the name appears in error messages and gradient checks). */
    public static Variable parameter(NDArray value, String name) {
        return new Variable(value, true, name);
    }

    /** A leaf no gradient flows into (inputs, labels, masks). The caller owns {@code value}. */
    public static Variable constant(NDArray value) {
        return new Variable(value, false, null);
    }

    /**
     * The same value as {@code v} with gradients stopped: operations on the result do not
     * propagate into {@code v} (JAX's {@code stop_gradient}). It shares {@code v}'s value and
     * owns nothing.
     */
    public static Variable stopGradient(Variable v) {
        return new Variable(v.value, false, v.name);
    }

    /** The value; valid while its owner keeps it open. */
    public NDArray value() {
        return value;
    }

    /** Whether gradients flow into this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** This variable's name, or the name of the op that produced it, or null. */
    public String name() {
        if (name != null) {
            return name;
        }
        return node == null ? null : node.name;
    }

    /**
     * The gradient of the last {@link Tape#backward} call with respect to this leaf, or null.
     * It belongs to the tape and is closed with it; use {@link Tape#keepGradient} to keep it.
     */
    public NDArray grad() {
        return grad;
    }

    /** True for variables that were not produced by a recorded operation. */
    public boolean isLeaf() {
        return node == null;
    }

    public long[] shape() {
        return value.shape();
    }

    public DataType dtype() {
        return value.dtype();
    }

    public int ndim() {
        return value.ndim();
    }

    /**
     * Hands the value to the caller, who must close it. A tape-owned value is removed from its
     * tape (it stays usable by the tape's backward pass until the caller closes it).
     */
    public NDArray takeValue() {
        if (owner != null) {
            if (owner.isClosed()) {
                throw new IllegalStateException("takeValue: the tape that owned " + this
                        + " is closed, and its value with it; take values before closing it.");
            }
            owner.release(value);
            owner = null;
            return value;
        }
        if (ownsValue) {
            ownsValue = false;
            return value;
        }
        throw new IllegalStateException("This variable wraps an array that its creator owns"
                + " (a parameter or constant); use value() instead of takeValue().");
    }

    /** Closes the value if this variable owns it (an op result computed with no tape open). */
    @Override
    public void close() {
        if (ownsValue) {
            ownsValue = false;
            value.close();
        }
    }

    @Override
    public String toString() {
        String n = name();
        return "Variable(" + (n == null ? "" : n + ", ") + value.dtype().numpyName() + ", shape="
                + java.util.Arrays.toString(value.shape()) + (requiresGrad ? ", requiresGrad" : "")
                + ")";
    }
}
