package org.pybridge.nn.autodiff;

import static org.pybridge.nn.autodiff.OpSupport.compare;
import static org.pybridge.nn.autodiff.OpSupport.grads;
import static org.pybridge.nn.autodiff.OpSupport.keepWhere;
import static org.pybridge.nn.autodiff.OpSupport.scoped;
import static org.pybridge.nn.autodiff.OpSupport.zero;

import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;
import org.pybridge.tensor.UnaryOp;
import org.pybridge.tensor.internal.GradientKernels;

/**
 * Differentiable element-wise arithmetic, element-wise functions and matrix products. Each
 * method computes the forward value and registers, right beside it, the backward rule.
 * Binary ops broadcast like numpy; their gradients are summed back to each input's shape.
 *
 * <pre>{@code
 * import static org.pybridge.nn.autodiff.MathOps.*;
 * Variable y = add(matmul(x, w), b);          // x @ w + b
 * Variable z = mul(y, sigmoid(y));            // swish
 * }</pre>
 */
public final class MathOps {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private MathOps() {
    }

    // ------------------------------------------------------------------ arithmetic

    /** {@code a + b}; d/da = 1, d/db = 1. */
    public static Variable add(Variable a, Variable b) {
        NDArray y = a.value().add(b.value());
        return Tape.record("add", y, g -> grads(g, g), a, b);
    }

    /** {@code a - b}; d/da = 1, d/db = -1. */
    public static Variable sub(Variable a, Variable b) {
        NDArray y = a.value().sub(b.value());
        return Tape.record("sub", y, g -> grads(g, b.requiresGrad() ? g.neg() : null), a, b);
    }

    /** {@code a * b}; d/da = b, d/db = a. */
    public static Variable mul(Variable a, Variable b) {
        NDArray y = a.value().mul(b.value());
        return Tape.record("mul", y, g -> grads(
                a.requiresGrad() ? g.mul(b.value()) : null,
                b.requiresGrad() ? g.mul(a.value()) : null), a, b);
    }

    /** {@code a / b}; d/da = 1/b, d/db = -a/b^2 = -y/b. */
    public static Variable div(Variable a, Variable b) {
        NDArray y = a.value().div(b.value());
        return Tape.record("div", y, g -> grads(
                a.requiresGrad() ? g.div(b.value()) : null,
                b.requiresGrad() ? g.mul(y).div(b.value()).neg() : null), a, b);
    }

    /** {@code x + s}; d/dx = 1. */
    public static Variable add(Variable x, double s) {
        NDArray y = x.value().add(s);
        return Tape.record("add_scalar", y, g -> grads(g), x);
    }

    /** {@code x - s}; d/dx = 1. */
    public static Variable sub(Variable x, double s) {
        NDArray y = x.value().sub(s);
        return Tape.record("sub_scalar", y, g -> grads(g), x);
    }

    /** {@code s - x}; d/dx = -1. */
    public static Variable rsub(double s, Variable x) {
        NDArray y = x.value().apply(BinaryOp.SUB, s, true);
        return Tape.record("rsub_scalar", y, g -> grads(g.neg()), x);
    }

    /** {@code x * s}; d/dx = s. */
    public static Variable mul(Variable x, double s) {
        NDArray y = x.value().mul(s);
        return Tape.record("mul_scalar", y, g -> grads(g.mul(s)), x);
    }

    /** {@code x / s}; d/dx = 1/s. */
    public static Variable div(Variable x, double s) {
        NDArray y = x.value().div(s);
        return Tape.record("div_scalar", y, g -> grads(g.div(s)), x);
    }

    /** {@code s / x}; d/dx = -s/x^2 = -y/x. */
    public static Variable rdiv(double s, Variable x) {
        NDArray y = x.value().apply(BinaryOp.DIV, s, true);
        return Tape.record("rdiv_scalar", y, g -> grads(g.mul(y).div(x.value()).neg()), x);
    }

    /** {@code -x}; d/dx = -1. */
    public static Variable neg(Variable x) {
        NDArray y = x.value().neg();
        return Tape.record("neg", y, g -> grads(g.neg()), x);
    }

    /** {@code x} itself as a new variable (a new handle on the same memory); d/dx = 1. */
    public static Variable identity(Variable x) {
        NDArray y = x.value().share();
        return Tape.record("identity", y, g -> grads(g), x);
    }

    // ------------------------------------------------------------------ powers and logs

    /** {@code x^p} for a constant exponent; d/dx = p x^(p-1). */
    public static Variable pow(Variable x, double p) {
        NDArray y = x.value().apply(BinaryOp.POW, p, false);
        return Tape.record("pow", y, g -> grads(
                g.mul(x.value().apply(BinaryOp.POW, p - 1, false)).mul(p)), x);
    }

    /** {@code x^2}; d/dx = 2x. */
    public static Variable square(Variable x) {
        NDArray y = x.value().apply(UnaryOp.SQUARE);
        return Tape.record("square", y, g -> grads(g.mul(x.value()).mul(2.0)), x);
    }

    /** {@code sqrt(x)}; d/dx = 1 / (2 sqrt(x)). */
    public static Variable sqrt(Variable x) {
        NDArray y = x.value().apply(UnaryOp.SQRT);
        return Tape.record("sqrt", y, g -> grads(g.div(y).mul(0.5)), x);
    }

    /** {@code e^x}; d/dx = e^x. */
    public static Variable exp(Variable x) {
        NDArray y = x.value().exp();
        return Tape.record("exp", y, g -> grads(g.mul(y)), x);
    }

    /** {@code e^x - 1}, accurate near 0; d/dx = e^x = y + 1. */
    public static Variable expm1(Variable x) {
        NDArray y = x.value().apply(UnaryOp.EXPM1);
        return Tape.record("expm1", y, g -> grads(g.mul(y.add(1.0))), x);
    }

    /** Natural logarithm; d/dx = 1/x. */
    public static Variable log(Variable x) {
        NDArray y = x.value().log();
        return Tape.record("log", y, g -> grads(g.div(x.value())), x);
    }

    /** {@code log(1 + x)}, accurate near 0; d/dx = 1/(1+x). */
    public static Variable log1p(Variable x) {
        NDArray y = x.value().apply(UnaryOp.LOG1P);
        return Tape.record("log1p", y, g -> grads(g.div(x.value().add(1.0))), x);
    }

    /** {@code |x|}; d/dx = sign(x) (0 at 0). */
    public static Variable abs(Variable x) {
        NDArray y = x.value().apply(UnaryOp.ABS);
        return Tape.record("abs", y, g -> grads(g.mul(x.value().apply(UnaryOp.SIGN))), x);
    }

    // ------------------------------------------------------------------ activations' building blocks

    /** Hyperbolic tangent; d/dx = 1 - tanh(x)^2. */
    public static Variable tanh(Variable x) {
        NDArray y = x.value().tanh();
        return Tape.record("tanh", y, g -> grads(g.mul(y.mul(y).neg().add(1.0))), x);
    }

    /** Logistic sigmoid {@code 1/(1+e^-x)}; d/dx = y (1 - y). */
    public static Variable sigmoid(Variable x) {
        NDArray y = x.value().sigmoid();
        return Tape.record("sigmoid", y, g -> grads(g.mul(y.sub(y.mul(y)))), x);
    }

    /** {@code max(x, 0)}; d/dx = 1 where x > 0, else 0. */
    public static Variable relu(Variable x) {
        NDArray y = x.value().relu();
        return Tape.record("relu", y, g -> {
            NDArray fused = GradientKernels.reluBackward(x.value(), g);
            return grads(fused != null ? fused : keepWhere(compare(x.value(), BinaryOp.GT, 0.0),
                    g));
        }, x);
    }

    /**
     * {@code log(1 + e^x)}, computed stably as {@code max(x, 0) + log1p(e^-|x|)};
     * d/dx = sigmoid(x).
     */
    public static Variable softplus(Variable x) {
        NDArray v = x.value();
        NDArray y = scoped(() -> v.relu().add(v.apply(UnaryOp.ABS).neg().exp()
                .apply(UnaryOp.LOG1P)));
        return Tape.record("softplus", y, g -> grads(g.mul(v.sigmoid())), x);
    }

    /** The Gauss error function; d/dx = 2/sqrt(pi) e^(-x^2). */
    public static Variable erf(Variable x) {
        NDArray y = x.value().apply(UnaryOp.ERF);
        return Tape.record("erf", y, g -> grads(
                g.mul(x.value().apply(UnaryOp.SQUARE).neg().exp().mul(TWO_OVER_SQRT_PI))), x);
    }

    // ------------------------------------------------------------------ selections

    /**
     * Element-wise maximum with broadcasting; the gradient goes to {@code a} where
     * {@code a >= b}, else to {@code b}.
     */
    public static Variable maximum(Variable a, Variable b) {
        NDArray y = a.value().apply(BinaryOp.MAXIMUM, b.value());
        return Tape.record("maximum", y, g -> {
            NDArray takeA = a.value().apply(BinaryOp.GE, b.value());
            return grads(NDArray.where(takeA, g, zero(g.dtype())),
                    NDArray.where(takeA, zero(g.dtype()), g));
        }, a, b);
    }

    /**
     * Element-wise minimum with broadcasting; the gradient goes to {@code a} where
     * {@code a <= b}, else to {@code b}.
     */
    public static Variable minimum(Variable a, Variable b) {
        NDArray y = a.value().apply(BinaryOp.MINIMUM, b.value());
        return Tape.record("minimum", y, g -> {
            NDArray takeA = a.value().apply(BinaryOp.LE, b.value());
            return grads(NDArray.where(takeA, g, zero(g.dtype())),
                    NDArray.where(takeA, zero(g.dtype()), g));
        }, a, b);
    }

    /** {@code max(x, s)}; d/dx = 1 where x > s, else 0. */
    public static Variable maximum(Variable x, double s) {
        NDArray y = x.value().apply(BinaryOp.MAXIMUM, s, false);
        return Tape.record("maximum_scalar", y,
                g -> grads(keepWhere(compare(x.value(), BinaryOp.GT, s), g)), x);
    }

    /** {@code min(x, s)}; d/dx = 1 where x < s, else 0. */
    public static Variable minimum(Variable x, double s) {
        NDArray y = x.value().apply(BinaryOp.MINIMUM, s, false);
        return Tape.record("minimum_scalar", y,
                g -> grads(keepWhere(compare(x.value(), BinaryOp.LT, s), g)), x);
    }

    /**
     * Limits {@code x} to {@code [min, max]} (NaN: no bound on that side); the gradient passes
     * where {@code min <= x <= max} and is 0 where the value was clipped.
     */
    public static Variable clip(Variable x, double min, double max) {
        NDArray y = x.value().clip(min, max);
        return Tape.record("clip", y, g -> {
            NDArray inside = null;
            if (!Double.isNaN(min)) {
                inside = compare(x.value(), BinaryOp.GE, min);
            }
            if (!Double.isNaN(max)) {
                NDArray below = compare(x.value(), BinaryOp.LE, max);
                inside = inside == null ? below : inside.apply(BinaryOp.LOGICAL_AND, below);
            }
            return grads(inside == null ? g : keepWhere(inside, g));
        }, x);
    }

    /**
     * {@code a} where {@code condition} is true, else {@code b} (all broadcast together); the
     * gradient goes to the chosen side. {@code condition} is a bool array the caller owns.
     */
    public static Variable where(NDArray condition, Variable a, Variable b) {
        NDArray y = NDArray.where(condition, a.value(), b.value());
        return Tape.record("where", y, g -> grads(
                a.requiresGrad() ? NDArray.where(condition, g, zero(g.dtype())) : null,
                b.requiresGrad() ? NDArray.where(condition, zero(g.dtype()), g) : null), a, b);
    }

    // ------------------------------------------------------------------ matrix products

    /** The matrix product of two 2-d variables, {@code a @ b}. */
    public static Variable matmul(Variable a, Variable b) {
        return matmul(a, b, false, false);
    }

    /**
     * {@code op(a) @ op(b)} for 2-d variables, where {@code op} transposes when asked (a view,
     * never a copy). With {@code C = A'B'}: {@code dA' = G B'^T} and {@code dB' = A'^T G}.
     */
    public static Variable matmul(Variable a, Variable b, boolean transA, boolean transB) {
        requireMatrix(a, "a");
        requireMatrix(b, "b");
        NDArray y;
        try (NDArray ta = transA ? a.value().transpose() : a.value().share();
                NDArray tb = transB ? b.value().transpose() : b.value().share()) {
            if (ta.shape(1) != tb.shape(0)) {
                throw new ShapeException("matmul: op(a) has shape (" + ta.shape(0) + ", "
                        + ta.shape(1) + ") and op(b) has shape (" + tb.shape(0) + ", "
                        + tb.shape(1) + "); the inner sizes must match (transpose one side?).");
            }
            y = ta.matmul(tb);
        }
        return Tape.record("matmul", y, g -> {
            NDArray av = a.value();
            NDArray bv = b.value();
            NDArray ga = null;
            NDArray gb = null;
            if (a.requiresGrad()) {
                // dA = G op(b)^T, or its transpose when a entered transposed.
                ga = transA ? (transB ? bv.transpose().matmul(g.transpose())
                                      : bv.matmul(g.transpose()))
                            : (transB ? g.matmul(bv) : g.matmul(bv.transpose()));
            }
            if (b.requiresGrad()) {
                // dB = op(a)^T G, or its transpose when b entered transposed.
                gb = transB ? (transA ? g.transpose().matmul(av.transpose())
                                      : g.transpose().matmul(av))
                            : (transA ? av.matmul(g) : av.transpose().matmul(g));
            }
            return grads(ga, gb);
        }, a, b);
    }

    private static void requireMatrix(Variable v, String name) {
        if (v.ndim() != 2) {
            throw new ShapeException("matmul: " + name + " must be 2-d, got shape "
                    + java.util.Arrays.toString(v.shape()) + "; reshape it to (rows, columns).");
        }
    }
}
