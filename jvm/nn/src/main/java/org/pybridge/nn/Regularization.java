package org.pybridge.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;
import org.pybridge.tensor.internal.Raw;

/**
 * Penalties on parameter size: L1 and L2 terms added to the gradient before the updater runs,
 * and decoupled weight decay applied to the parameter beside the updater's step.
 *
 * <ul>
 *   <li>{@code l1}: adds {@code l1 * sign(p)} to the gradient; score {@code l1 * sum|p|};</li>
 *   <li>{@code l2}: adds {@code l2 * p} to the gradient; score {@code 0.5 * l2 * sum p^2} (DL4J's
 *       convention; the gradient of the score). This is PyTorch's {@code weight_decay} on
 *       SGD/Adam (coupled L2);</li>
 *   <li>{@code weightDecay}: {@code p -= lr * weightDecay * p}, independent of the updater's
 *       adaptive scaling: PyTorch's AdamW and DL4J's {@code WeightDecay} with
 *       {@code applyLR=true}. Not part of the score (as in DL4J);</li>
 *   <li>{@code applyToBias}: whether biases are penalised too (DL4J and Keras leave them alone by
 *       default).</li>
 * </ul>
 *
 * <p>The order within one training step is: {@link #addToGradient}, then
 * {@link #applyWeightDecay}, then {@link Updater#apply}. Decaying before the updater's step means
 * the decay uses the parameter's value before the step, exactly like {@code torch.optim.AdamW}
 * and DL4J (updaters' steps do not depend on the parameter's value, only on its gradient, so the
 * two calls commute in everything but which value of p is decayed).
 *
 * <pre>{@code
 * Regularization reg = new Regularization(0, 1e-4, 0, false);   // L2 1e-4 on weights
 * reg.addToGradient(w, dw, false);
 * reg.applyWeightDecay(w, updater.learningRate(), false);
 * updater.apply(w, dw, state, iteration);
 * }</pre>
 *
 * @param l1          L1 coefficient, &gt;= 0
 * @param l2          L2 coefficient, &gt;= 0
 * @param weightDecay decoupled weight-decay coefficient, &gt;= 0
 * @param applyToBias whether biases are regularised too
 */
public record Regularization(double l1, double l2, double weightDecay, boolean applyToBias) {
    /** No regularisation at all. */
    public static final Regularization NONE = new Regularization(0, 0, 0, false);
    private static final List<String> KEYS = List.of("l1", "l2", "weight_decay",
            "apply_to_bias");

    public Regularization {
        UpdateSupport.checkRange("Regularization", "l1", l1, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("Regularization", "l2", l2, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("Regularization", "weight_decay", weightDecay, 0,
                Double.MAX_VALUE);
    }

    /** L2 only, on weights (not biases). */
    public static Regularization l2(double l2) {
        return new Regularization(0, l2, 0, false);
    }

    /** L1 only, on weights (not biases). */
    public static Regularization l1(double l1) {
        return new Regularization(l1, 0, 0, false);
    }

    /** Decoupled weight decay only, on weights (not biases). */
    public static Regularization weightDecay(double weightDecay) {
        return new Regularization(0, 0, weightDecay, false);
    }

    /** True when every coefficient is zero. */
    public boolean isNone() {
        return l1 == 0 && l2 == 0 && weightDecay == 0;
    }

    /** {@code {"l1": 0.0, "l2": 0.0001, "weight_decay": 0.0, "apply_to_bias": false}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("weight_decay", weightDecay);
        m.put("apply_to_bias", applyToBias);
        return m;
    }

    /**
     * The inverse of {@link #toJson()}; missing keys are 0 / false.
     *
     * @throws IllegalArgumentException for unknown keys or values of the wrong type
     */
    public static Regularization fromJson(Map<String, Object> json) {
        if (json == null) {
            return NONE;
        }
        for (String k : json.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("Unknown regularization key '" + k
                        + "'; the keys are " + KEYS + ".");
            }
        }
        Object bias = json.getOrDefault("apply_to_bias", Boolean.FALSE);
        if (!(bias instanceof Boolean)) {
            throw new IllegalArgumentException("Regularization: 'apply_to_bias' must be true or"
                    + " false, got " + bias + ".");
        }
        return new Regularization(number(json, "l1"), number(json, "l2"),
                number(json, "weight_decay"), (Boolean) bias);
    }

    private static double number(Map<String, Object> json, String key) {
        Object v = json.getOrDefault(key, 0.0);
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("Regularization: '" + key + "' must be a number,"
                    + " got " + v + ".");
        }
        return ((Number) v).doubleValue();
    }

    private boolean skips(boolean isBias) {
        return isBias && !applyToBias;
    }

    /**
     * Adds {@code l1 * sign(p) + l2 * p} to {@code grad} in place (nothing for a bias unless
     * {@link #applyToBias()}).
     */
    public void addToGradient(NDArray param, NDArray grad, boolean isBias) {
        if (skips(isBias) || (l1 == 0 && l2 == 0)) {
            return;
        }
        if (!Arrays.equals(param.shape(), grad.shape())) {
            throw new ShapeException("Regularization: gradient shape "
                    + Arrays.toString(grad.shape()) + " differs from the parameter shape "
                    + Arrays.toString(param.shape()) + ".");
        }
        grad.ensureWritable();
        double a = l1;
        double b = l2;
        DataType t = param.dtype();
        if (t == DataType.FLOAT32 && grad.dtype() == t && param.isContiguous()
                && grad.isContiguous()) {
            long p = param.address();
            long g = grad.address();
            long n = param.size();
            float af = (float) a;
            float bf = (float) b;
            for (long i = 0; i < 4 * n; i += 4) {
                float pi = Raw.getFloat(p + i);
                Raw.putFloat(g + i, Raw.getFloat(g + i) + af * Math.signum(pi) + bf * pi);
            }
            return;
        }
        try (NDArray scaled = param.mul(b)) {
            if (a != 0) {
                try (NDArray sign = param.apply(org.pybridge.tensor.UnaryOp.SIGN);
                        NDArray l1Term = sign.mul(a)) {
                    scaled.addi(l1Term);
                }
            }
            grad.addi(scaled);
        }
    }

    /**
     * Decoupled weight decay: {@code p -= learningRate * weightDecay * p} in place (nothing for a
     * bias unless {@link #applyToBias()}). Call it before {@link Updater#apply} to decay the
     * pre-step value, as PyTorch's AdamW does. A NaN learning rate (updaters without one, such
     * as AdaDelta) counts as 1.
     */
    public void applyWeightDecay(NDArray param, double learningRate, boolean isBias) {
        if (skips(isBias) || weightDecay == 0) {
            return;
        }
        double lr = Double.isNaN(learningRate) ? 1.0 : learningRate;
        param.ensureWritable();
        double factor = 1 - lr * weightDecay;
        if (param.dtype() == DataType.FLOAT32 && param.isContiguous()) {
            long p = param.address();
            long n = param.size();
            float ff = (float) factor;
            for (long i = 0; i < 4 * n; i += 4) {
                Raw.putFloat(p + i, Raw.getFloat(p + i) * ff);
            }
            return;
        }
        param.applyInPlace(org.pybridge.tensor.BinaryOp.MUL, factor);
    }

    /**
     * The penalty this parameter adds to the reported loss: {@code l1 * sum|p| + 0.5 * l2 *
     * sum p^2} (0 for a bias unless {@link #applyToBias()}; weight decay adds nothing).
     */
    public double score(NDArray param, boolean isBias) {
        if (skips(isBias) || (l1 == 0 && l2 == 0)) {
            return 0;
        }
        double abs = 0;
        double sq = 0;
        if (param.dtype() == DataType.FLOAT32 && param.isContiguous()) {
            long p = param.address();
            long n = param.size();
            for (long i = 0; i < 4 * n; i += 4) {
                double v = Raw.getFloat(p + i);
                abs += Math.abs(v);
                sq += v * v;
            }
        } else {
            try (NDArray wide = NDArray.empty(DataType.FLOAT64, param.shape())) {
                wide.assign(param);
                long p = wide.address();
                long n = wide.size();
                for (long i = 0; i < 8 * n; i += 8) {
                    double v = Raw.getDouble(p + i);
                    abs += Math.abs(v);
                    sq += v * v;
                }
            }
        }
        return l1 * abs + 0.5 * l2 * sq;
    }
}
