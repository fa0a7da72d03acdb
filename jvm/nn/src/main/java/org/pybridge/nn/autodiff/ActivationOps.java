package org.pybridge.nn.autodiff;

import static org.pybridge.nn.autodiff.OpSupport.compare;
import static org.pybridge.nn.autodiff.OpSupport.grads;
import static org.pybridge.nn.autodiff.OpSupport.keepWhere;
import static org.pybridge.nn.autodiff.OpSupport.scoped;

import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.UnaryOp;

/**
 * Fused activation functions: one forward kernel chain and a hand-written derivative where a
 * composition of {@link MathOps} would allocate several intermediates (or compute values in a
 * branch that is then thrown away). Each method holds its forward and its backward rule.
 *
 * <pre>{@code
 * Variable h = ActivationOps.gelu(x, false);      // exact erf form
 * Variable l = ActivationOps.leakyRelu(x, 0.01);
 * }</pre>
 */
public final class ActivationOps {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);
    private static final double GELU_TANH_CUBIC = 0.044715;
    private static final double RATIONAL_TANH_SCALE = 1.7159;
    private static final double RATIONAL_TANH_INNER = 2.0 / 3.0;
    private static final double RATIONAL_TANH_QUARTIC = 1.41645;

    private ActivationOps() {
    }

    /** {@code x} for x > 0, {@code alpha x} otherwise; d/dx = 1 or alpha. */
    public static Variable leakyRelu(Variable x, double alpha) {
        NDArray v = x.value();
        NDArray y = scoped(() -> NDArray.where(compare(v, BinaryOp.GT, 0.0), v, v.mul(alpha)));
        return Tape.record("leaky_relu", y, g -> grads(
                NDArray.where(compare(v, BinaryOp.GT, 0.0), g, g.mul(alpha))), x);
    }

    /**
     * {@code x} for x >= 0, {@code slopes * x} otherwise, with per-element (broadcastable)
     * slopes: the randomized leaky ReLU with its slopes drawn by the caller. d/dx = 1 or slope.
     * {@code slopes} stays the caller's and must not change before the tape closes.
     */
    public static Variable leakyRelu(Variable x, NDArray slopes) {
        NDArray v = x.value();
        NDArray y = scoped(() -> NDArray.where(compare(v, BinaryOp.GE, 0.0), v, v.mul(slopes)));
        NDArray s = slopes.share();
        return Tape.record("randomized_leaky_relu", y, new NDArray[] {s}, g -> grads(
                NDArray.where(compare(v, BinaryOp.GE, 0.0), g, g.mul(s))), x);
    }

    /**
     * Exponential linear unit: {@code x} for x > 0, {@code alpha (e^x - 1)} otherwise;
     * d/dx = 1 or {@code y + alpha}.
     */
    public static Variable elu(Variable x, double alpha) {
        NDArray v = x.value();
        // e^min(x, 0) keeps the unused branch finite for large x.
        NDArray y = scoped(() -> NDArray.where(compare(v, BinaryOp.GT, 0.0), v,
                v.apply(BinaryOp.MINIMUM, 0.0, false).apply(UnaryOp.EXPM1).mul(alpha)));
        return Tape.record("elu", y, g -> grads(
                NDArray.where(compare(v, BinaryOp.GT, 0.0), g, g.mul(y.add(alpha)))), x);
    }

    /**
     * Gaussian error linear unit {@code x Phi(x)}. Exact: {@code Phi(x) = (1 + erf(x/sqrt 2))/2},
     * d/dx = Phi(x) + x phi(x). Approximate: {@code 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715
     * x^3)))} and its derivative.
     */
    public static Variable gelu(Variable x, boolean approximate) {
        NDArray v = x.value();
        if (!approximate) {
            NDArray y = scoped(() -> v.mul(v.mul(SQRT_HALF).apply(UnaryOp.ERF).add(1.0)).mul(0.5));
            return Tape.record("gelu", y, g -> {
                NDArray cdf = v.mul(SQRT_HALF).apply(UnaryOp.ERF).add(1.0).mul(0.5);
                NDArray pdf = v.apply(UnaryOp.SQUARE).mul(-0.5).exp().mul(INV_SQRT_2PI);
                return grads(g.mul(cdf.add(v.mul(pdf))));
            }, x);
        }
        NDArray y = scoped(() -> v.mul(geluTanh(v).add(1.0)).mul(0.5));
        return Tape.record("gelu_tanh", y, g -> {
            NDArray t = geluTanh(v);
            NDArray du = v.apply(UnaryOp.SQUARE).mul(3 * GELU_TANH_CUBIC).add(1.0)
                    .mul(GELU_TANH_SCALE);
            NDArray d = t.add(1.0).mul(0.5)
                    .add(v.mul(0.5).mul(t.mul(t).neg().add(1.0)).mul(du));
            return grads(g.mul(d));
        }, x);
    }

    private static NDArray geluTanh(NDArray v) {
        return v.add(v.apply(UnaryOp.SQUARE).mul(v).mul(GELU_TANH_CUBIC)).mul(GELU_TANH_SCALE)
                .tanh();
    }

    /**
     * {@code x} where {@code x > theta}, else 0 (the thresholded ReLU); d/dx = 1 there, else 0.
     */
    public static Variable thresholdedRelu(Variable x, double theta) {
        NDArray v = x.value();
        NDArray y = scoped(() -> keepWhere(compare(v, BinaryOp.GT, theta), v));
        return Tape.record("thresholded_relu", y,
                g -> grads(keepWhere(compare(v, BinaryOp.GT, theta), g)), x);
    }

    /**
     * DL4J's rational tanh: {@code 1.7159 f(2x/3)} with the rational approximation
     * {@code f(u) = sign(u) (1 - 1/D(|u|))}, {@code D(a) = 1 + a + a^2 + 1.41645 a^4}.
     * d/dx = 1.7159 (2/3) D'(a) / D(a)^2 with {@code D'(a) = 1 + 2a + 4(1.41645) a^3}.
     */
    public static Variable rationalTanh(Variable x) {
        NDArray v = x.value();
        NDArray y = scoped(() -> {
            NDArray u = v.mul(RATIONAL_TANH_INNER);
            NDArray inv = rationalDenominator(u.apply(UnaryOp.ABS)).apply(UnaryOp.RECIPROCAL);
            return u.apply(UnaryOp.SIGN).mul(inv.neg().add(1.0)).mul(RATIONAL_TANH_SCALE);
        });
        return Tape.record("rational_tanh", y, g -> {
            NDArray a = v.mul(RATIONAL_TANH_INNER).apply(UnaryOp.ABS);
            NDArray d = rationalDenominator(a);
            NDArray a2 = a.apply(UnaryOp.SQUARE);
            NDArray dPrime = a.mul(2.0).add(1.0).add(a2.mul(a).mul(4 * RATIONAL_TANH_QUARTIC));
            return grads(g.mul(dPrime.div(d.apply(UnaryOp.SQUARE)))
                    .mul(RATIONAL_TANH_SCALE * RATIONAL_TANH_INNER));
        }, x);
    }

    private static NDArray rationalDenominator(NDArray a) {
        NDArray a2 = a.apply(UnaryOp.SQUARE);
        return a.add(1.0).add(a2).add(a2.apply(UnaryOp.SQUARE).mul(RATIONAL_TANH_QUARTIC));
    }
}
