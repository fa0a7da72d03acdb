package org.pybridge.nn.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.Scope;

/**
 * Checks the gradients the tape computes against central finite differences, in float64.
 *
 * <p>The function under test maps trainable inputs to an output of any shape; the check
 * differentiates the scalar {@code sum(output * R)} for a fixed random {@code R}, so that every
 * output element matters with its own weight (a plain sum would hide errors, e.g. softmax sums to
 * 1 whatever the input). Each input element is nudged by {@code +-eps} in place, and the numeric
 * derivative {@code (L(x+eps) - L(x-eps)) / 2eps} is compared with the analytic one: an element
 * fails when both its relative error exceeds {@code maxRelativeError} and its absolute error
 * exceeds {@code absoluteTolerance}. The function must be deterministic (draw dropout masks and
 * random slopes outside it) and must not be called with a tape already open.
 *
 * <pre>{@code
 * try (NDArray x = NDArray.create(new double[] {0.3, -1.2, 2.0}, 3)) {
 *     new GradientCheck().verify(in -> MathOps.tanh(in[0]), x);   // throws AssertionError on failure
 * }
 * }</pre>
 */
public final class GradientCheck {
    private final double eps;
    private final double maxRelativeError;
    private final double absoluteTolerance;
    private final long seed;

    /** Defaults: eps 1e-6, max relative error 1e-6, absolute tolerance 1e-8, seed 12345. */
    public GradientCheck() {
        this(1e-6, 1e-6, 1e-8, 12345);
    }

    private GradientCheck(double eps, double maxRelativeError, double absoluteTolerance,
            long seed) {
        if (!(eps > 0) || !(maxRelativeError > 0) || !(absoluteTolerance >= 0)) {
            throw new IllegalArgumentException("GradientCheck needs eps > 0, maxRelativeError > 0"
                    + " and absoluteTolerance >= 0; got " + eps + ", " + maxRelativeError + ", "
                    + absoluteTolerance + ".");
        }
        this.eps = eps;
        this.maxRelativeError = maxRelativeError;
        this.absoluteTolerance = absoluteTolerance;
        this.seed = seed;
    }

    /** The finite-difference step. */
    public GradientCheck withEps(double value) {
        return new GradientCheck(value, maxRelativeError, absoluteTolerance, seed);
    }

    /** The largest relative error {@code |a - n| / max(|a|, |n|)} accepted. */
    public GradientCheck withMaxRelativeError(double value) {
        return new GradientCheck(eps, value, absoluteTolerance, seed);
    }

    /** Absolute errors up to this are accepted whatever the relative error (tiny gradients). */
    public GradientCheck withAbsoluteTolerance(double value) {
        return new GradientCheck(eps, maxRelativeError, value, seed);
    }

    /** The seed of the random output weights {@code R}. */
    public GradientCheck withSeed(long value) {
        return new GradientCheck(eps, maxRelativeError, absoluteTolerance, value);
    }

    /** The outcome: how many elements were compared, the failures and the worst error. */
    public record Result(int checked, List<String> failures, double maxRelativeError,
            double maxAbsoluteError) {
        public boolean passed() {
            return failures.isEmpty();
        }

        @Override
        public String toString() {
            String head = (passed() ? "gradient check passed" : "gradient check FAILED: "
                    + failures.size() + " of " + checked + " elements") + " (max relative error "
                    + maxRelativeError + ", max absolute error " + maxAbsoluteError + ")";
            if (passed()) {
                return head;
            }
            List<String> shown = failures.subList(0, Math.min(10, failures.size()));
            return head + "\n  " + String.join("\n  ", shown);
        }
    }

    /**
     * Compares analytic and numeric gradients of {@code function} with respect to every input.
     *
     * @param function maps one variable per input array (all trainable) to an output
     * @param inputs   float64 arrays, writable; they are perturbed and restored
     */
    public Result run(Function<Variable[], Variable> function, NDArray... inputs) {
        if (Tape.current() != null) {
            throw new IllegalStateException("GradientCheck opens its own tape; run it outside any"
                    + " open tape.");
        }
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DataType.FLOAT64) {
                throw new IllegalArgumentException("GradientCheck needs float64 inputs; input " + i
                        + " is " + inputs[i].dtype().numpyName() + ". Cast it with"
                        + " cast(DataType.FLOAT64).");
            }
            inputs[i].ensureWritable();
            vars[i] = Variable.parameter(inputs[i], "input" + i);
        }
        double[] weights;
        double[][] analytic = new double[inputs.length][];
        try (Tape tape = Tape.open()) {
            Variable out = function.apply(vars);
            weights = randomWeights(out.value().size());
            if (out.requiresGrad()) {
                // Created flat and reshaped: a 0-d output needs a 0-d seed.
                try (NDArray flat = NDArray.create(weights, weights.length);
                        NDArray r = flat.reshape(out.shape());
                        NDArray seedArray = r.cast(out.dtype())) {
                    tape.backward(out, seedArray);
                }
            }
            for (int i = 0; i < inputs.length; i++) {
                NDArray g = vars[i].grad();
                analytic[i] = g == null ? new double[(int) inputs[i].size()] : g.toDoubleArray();
            }
        }
        List<String> failures = new ArrayList<>();
        double worstRel = 0;
        double worstAbs = 0;
        int checked = 0;
        for (int i = 0; i < inputs.length; i++) {
            NDArray x = inputs[i];
            long[] shape = x.shape();
            for (int j = 0; j < x.size(); j++) {
                long[] index = unravel(j, shape);
                double original = x.getDouble(index);
                double up;
                double down;
                try {
                    x.setDouble(original + eps, index);
                    up = project(function, vars, weights);
                    x.setDouble(original - eps, index);
                    down = project(function, vars, weights);
                } finally {
                    x.setDouble(original, index);
                }
                double numeric = (up - down) / (2 * eps);
                double a = analytic[i][j];
                double abs = Math.abs(a - numeric);
                double scale = Math.max(Math.abs(a), Math.abs(numeric));
                double rel = scale == 0 ? 0 : abs / scale;
                if (Double.isNaN(a) || Double.isNaN(numeric)) {
                    rel = Double.NaN;
                }
                checked++;
                worstAbs = Math.max(worstAbs, abs);
                worstRel = Math.max(worstRel, rel);
                if (!(rel <= maxRelativeError || abs <= absoluteTolerance)) {
                    failures.add("input " + i + " " + Arrays.toString(index) + ": analytic " + a
                            + ", numeric " + numeric + " (relative error " + rel + ")");
                }
            }
        }
        return new Result(checked, failures, worstRel, worstAbs);
    }

    /** Runs the check and throws an {@link AssertionError} describing the failures, if any. */
    public Result verify(Function<Variable[], Variable> function, NDArray... inputs) {
        Result r = run(function, inputs);
        if (!r.passed()) {
            throw new AssertionError(r.toString());
        }
        return r;
    }

    /** {@code sum(output * weights)} with no tape open; every temporary is closed. */
    private static double project(Function<Variable[], Variable> function, Variable[] vars,
            double[] weights) {
        // Every array the forward pass creates (the output included) belongs to this scope.
        Scope scope = Scope.open();
        try {
            Variable out = function.apply(vars);
            double[] values = out.value().cast(DataType.FLOAT64).toDoubleArray();
            double sum = 0;
            for (int k = 0; k < values.length; k++) {
                sum += values[k] * weights[k];
            }
            return sum;
        } finally {
            scope.close();
        }
    }

    private double[] randomWeights(long n) {
        Random random = new Random(seed);
        double[] w = new double[Math.toIntExact(n)];
        for (int k = 0; k < w.length; k++) {
            w[k] = random.nextGaussian();
        }
        return w;
    }

    private static long[] unravel(long flat, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
