package org.pybridge.nn;

import static org.pybridge.nn.internal.UpdateSupport.ld;
import static org.pybridge.nn.internal.UpdateSupport.st;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;

/**
 * Adam (Kingma &amp; Ba 2015), as {@code torch.optim.Adam}: with the moment estimates "m" and
 * "v" and {@code t = iteration + 1}
 * <pre>
 *   m  = b1 * m + (1 - b1) * g
 *   v  = b2 * v + (1 - b2) * g^2
 *   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * DL4J adds epsilon to {@code sqrt(v)} before the bias correction (an epsilon larger by
 * {@code 1/sqrt(1 - b2^t)}); this follows PyTorch. Decoupled weight decay (AdamW) is
 * {@link Regularization#weightDecay()}. Defaults (DL4J and PyTorch): learning rate 1e-3, betas
 * 0.9 and 0.999, epsilon 1e-8.
 *
 * <pre>{@code
 * Updater u = new Adam(1e-3);   // {"type": "adam", "learning_rate": 0.001, "beta1": 0.9, ...}
 * }</pre>
 *
 * @param learningRate the step size
 * @param beta1        decay of the first-moment (mean) estimate, in [0, 1)
 * @param beta2        decay of the second-moment estimate, in [0, 1)
 * @param epsilon      added to the bias-corrected root, for stability
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon)
        implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    private static final String[] KEYS = {"learning_rate", "beta1", "beta2", "epsilon"};

    public Adam {
        UpdateSupport.checkRange("adam", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("adam", "beta1", beta1, 0, 1);
        UpdateSupport.checkRange("adam", "beta2", beta2, 0, 1);
        UpdateSupport.checkRange("adam", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** Adam with the given learning rate and default betas and epsilon. */
    public Adam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** DL4J's defaults: learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8. */
    public Adam() {
        this(DEFAULT_LEARNING_RATE);
    }

    @Override
    public String jsonName() {
        return "adam";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, beta1, beta2, epsilon);
    }

    static Adam fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("adam", json, KEYS, new double[] {
                DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON});
        return new Adam(v[0], v[1], v[2], v[3]);
    }

    @Override
    public Adam withLearningRate(double lr) {
        return new Adam(lr, beta1, beta2, epsilon);
    }

    @Override
    public String[] stateNames() {
        return new String[] {"m", "v"};
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
            for (long i = from; i < to; i++) {
                double gi = ld(f, g, i);
                double mi = b1 * ld(f, m, i) + (1 - b1) * gi;
                double vi = b2 * ld(f, v, i) + (1 - b2) * gi * gi;
                st(f, m, i, mi);
                st(f, v, i, vi);
                st(f, p, i, ld(f, p, i) - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps));
            }
        });
    }
}
