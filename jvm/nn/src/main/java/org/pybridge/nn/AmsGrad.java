package org.pybridge.nn;

import static org.pybridge.nn.internal.UpdateSupport.ld;
import static org.pybridge.nn.internal.UpdateSupport.st;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;

/**
 * AMSGrad (Reddi et al. 2018), as {@code torch.optim.Adam(amsgrad=True)}: Adam whose
 * denominator uses the running maximum "v_hat" of the second moment "v" ({@code t = iteration +
 * 1})
 * <pre>
 *   m     = b1 * m + (1 - b1) * g
 *   v     = b2 * v + (1 - b2) * g^2
 *   v_hat = max(v_hat, v)
 *   p    -= lr / (1 - b1^t) * m / (sqrt(v_hat) / sqrt(1 - b2^t) + eps)
 * </pre>
 * DL4J's AMSGrad places epsilon and the bias correction differently; this follows PyTorch.
 * Defaults (DL4J): learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8.
 *
 * <pre>{@code
 * Updater u = new AmsGrad(1e-3);   // {"type": "amsgrad", "learning_rate": 0.001, "beta1": 0.9, ...}
 * }</pre>
 *
 * @param learningRate the step size
 * @param beta1        decay of the first-moment (mean) estimate, in [0, 1)
 * @param beta2        decay of the second-moment estimate, in [0, 1)
 * @param epsilon      added to the bias-corrected root, for stability
 */
public record AmsGrad(double learningRate, double beta1, double beta2, double epsilon)
        implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    private static final String[] KEYS = {"learning_rate", "beta1", "beta2", "epsilon"};

    public AmsGrad {
        UpdateSupport.checkRange("amsgrad", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("amsgrad", "beta1", beta1, 0, 1);
        UpdateSupport.checkRange("amsgrad", "beta2", beta2, 0, 1);
        UpdateSupport.checkRange("amsgrad", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** AmsGrad with the given learning rate and default betas and epsilon. */
    public AmsGrad(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** DL4J's defaults: learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8. */
    public AmsGrad() {
        this(DEFAULT_LEARNING_RATE);
    }

    @Override
    public String jsonName() {
        return "amsgrad";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, beta1, beta2, epsilon);
    }

    static AmsGrad fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("amsgrad", json, KEYS, new double[] {
                DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON});
        return new AmsGrad(v[0], v[1], v[2], v[3]);
    }

    @Override
    public AmsGrad withLearningRate(double lr) {
        return new AmsGrad(lr, beta1, beta2, epsilon);
    }

    @Override
    public String[] stateNames() {
        return new String[] {"m", "v", "v_hat"};
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double b1 = beta1;
        double b2 = beta2;
        double eps = epsilon;
        double stepSize = learningRate / UpdateSupport.biasCorrection(b1, iteration);
        double bc2Sqrt = Math.sqrt(UpdateSupport.biasCorrection(b2, iteration));
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f, p, g, s, from, to) -> {
            long m = s[0];
            long v = s[1];
            long vHat = s[2];
            for (long i = from; i < to; i++) {
                double gi = ld(f, g, i);
                double mi = b1 * ld(f, m, i) + (1 - b1) * gi;
                double vi = b2 * ld(f, v, i) + (1 - b2) * gi * gi;
                double hi = Math.max(ld(f, vHat, i), vi);
                st(f, m, i, mi);
                st(f, v, i, vi);
                st(f, vHat, i, hi);
                st(f, p, i, ld(f, p, i) - stepSize * mi / (Math.sqrt(hi) / bc2Sqrt + eps));
            }
        });
    }
}
