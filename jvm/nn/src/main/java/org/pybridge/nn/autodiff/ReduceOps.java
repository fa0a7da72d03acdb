package org.pybridge.nn.autodiff;

import static org.pybridge.nn.autodiff.OpSupport.grads;
import static org.pybridge.nn.autodiff.OpSupport.scoped;

import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ReduceOp;

/**
 * Differentiable reductions (sum, mean, max, log-sum-exp) and the normalising functions softmax
 * and log-softmax. Axes may be negative (counted from the end); an empty axis list means all
 * axes. Each method holds its forward computation and its backward rule.
 *
 * <pre>{@code
 * Variable total = ReduceOps.sum(x);                       // a scalar
 * Variable rowMeans = ReduceOps.mean(x, new int[] {1}, true);
 * Variable probs = ReduceOps.softmax(logits, -1);
 * }</pre>
 */
public final class ReduceOps {
    private ReduceOps() {
    }

    /** Sum of all elements (a 0-d result). */
    public static Variable sum(Variable x) {
        return sum(x, new int[0], false);
    }

    /** Sum over one axis. */
    public static Variable sum(Variable x, int axis, boolean keepDims) {
        return sum(x, new int[] {axis}, keepDims);
    }

    /** Sum over {@code axes} (all when empty); d/dx = 1, broadcast back over the summed axes. */
    public static Variable sum(Variable x, int[] axes, boolean keepDims) {
        int[] ax = Axes.normalize(axes, x.ndim(), "sum");
        long[] inShape = x.shape();
        NDArray y = x.value().reduce(ReduceOp.SUM, ax, keepDims);
        return Tape.record("sum", y, g -> grads(spread(g, inShape, ax)), x);
    }

    /** Mean of all elements (a 0-d result). */
    public static Variable mean(Variable x) {
        return mean(x, new int[0], false);
    }

    /** Mean over one axis. */
    public static Variable mean(Variable x, int axis, boolean keepDims) {
        return mean(x, new int[] {axis}, keepDims);
    }

    /** Mean over {@code axes} (all when empty); d/dx = 1/n, with n the reduced count. */
    public static Variable mean(Variable x, int[] axes, boolean keepDims) {
        int[] ax = Axes.normalize(axes, x.ndim(), "mean");
        long[] inShape = x.shape();
        long n = Axes.count(inShape, ax);
        NDArray y = x.value().reduce(ReduceOp.MEAN, ax, keepDims);
        return Tape.record("mean", y, g -> grads(spread(g.div((double) n), inShape, ax)), x);
    }

    /**
     * Maximum over one axis. The gradient goes to the maximal elements (split evenly between
     * ties).
     */
    public static Variable max(Variable x, int axis, boolean keepDims) {
        int[] ax = Axes.normalize(new int[] {axis}, x.ndim(), "max");
        long[] inShape = x.shape();
        NDArray y = x.value().reduce(ReduceOp.MAX, ax, keepDims);
        return Tape.record("max", y, g -> {
            long[] kept = Axes.keptShape(inShape, ax);
            NDArray isMax = x.value().apply(BinaryOp.EQ, y.reshape(kept)).cast(g.dtype());
            NDArray ties = isMax.reduce(ReduceOp.SUM, ax, true);
            return grads(isMax.mul(g.reshape(kept).div(ties)));
        }, x);
    }

    /**
     * {@code log(sum(exp(x)))} over one axis, computed stably by shifting with the maximum;
     * d/dx = softmax(x).
     */
    public static Variable logSumExp(Variable x, int axis, boolean keepDims) {
        int[] ax = Axes.normalize(new int[] {axis}, x.ndim(), "logSumExp");
        long[] inShape = x.shape();
        long[] kept = Axes.keptShape(inShape, ax);
        NDArray v = x.value();
        NDArray y = scoped(() -> {
            NDArray m = v.reduce(ReduceOp.MAX, ax, true);
            NDArray lse = v.sub(m).exp().reduce(ReduceOp.SUM, ax, true).log().add(m);
            return keepDims ? lse : lse.reshape(Axes.reducedShape(inShape, ax));
        });
        return Tape.record("logsumexp", y,
                g -> grads(v.sub(y.reshape(kept)).exp().mul(g.reshape(kept))), x);
    }

    /** Softmax along {@code axis}; d/dx = y (g - sum(g y, axis)). */
    public static Variable softmax(Variable x, int axis) {
        int a = Axes.normalize(new int[] {axis}, x.ndim(), "softmax")[0];
        NDArray y = x.value().softmax(a);
        return Tape.record("softmax", y, g -> {
            NDArray gy = g.mul(y);
            return grads(gy.sub(y.mul(gy.reduce(ReduceOp.SUM, new int[] {a}, true))));
        }, x);
    }

    /** Log-softmax along {@code axis}; d/dx = g - softmax(x) sum(g, axis). */
    public static Variable logSoftmax(Variable x, int axis) {
        int a = Axes.normalize(new int[] {axis}, x.ndim(), "logSoftmax")[0];
        NDArray y = x.value().logSoftmax(a);
        return Tape.record("log_softmax", y, g -> grads(
                g.sub(y.exp().mul(g.reduce(ReduceOp.SUM, new int[] {a}, true)))), x);
    }

    /** Broadcasts a reduced gradient back over the reduced axes to {@code inShape} (a view). */
    private static NDArray spread(NDArray g, long[] inShape, int[] axes) {
        return g.reshape(Axes.keptShape(inShape, axes)).broadcastTo(inShape);
    }
}
