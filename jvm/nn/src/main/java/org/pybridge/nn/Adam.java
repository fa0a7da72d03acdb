package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.NativeKernels;
import org.pybridge.tensor.internal.Raw;

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
        double c1 = 1 - beta1;
        double b2 = beta2;
        double c2 = 1 - beta2;
        double eps = epsilon;
        double stepSize = learningRate / UpdateSupport.biasCorrection(beta1, iteration);
        // Multiplying by the reciprocal is cheaper than PyTorch's division and differs
        // from it by at most an ulp.
        double invBc2Sqrt = 1 / Math.sqrt(UpdateSupport.biasCorrection(beta2, iteration));
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32 && NativeKernels.available()) {
                NativeKernels.adam32(n, p, g, s[0], s[1], (float) c1, (float) b2, (float) c2,
                        (float) stepSize, (float) invBc2Sqrt, (float) eps);
            } else if (f32) {
                step32(n, p, g, s[0], s[1], (float) c1, (float) b2, (float) c2, (float) stepSize,
                        (float) invBc2Sqrt, (float) eps);
            } else {
                step64(n, p, g, s[0], s[1], c1, b2, c2, stepSize, invBc2Sqrt, eps);
            }
        });
    }

    private static void step32(long n, long p, long g, long m, long v, float c1, float b2,
            float c2, float stepSize, float invBc2Sqrt, float eps) {
        for (long i = 0; i < n; i++, p += 4, g += 4, m += 4, v += 4) {
            float gi = Raw.getFloat(g);
            float mi = Raw.getFloat(m);
            mi += c1 * (gi - mi);
            float vi = b2 * Raw.getFloat(v) + c2 * gi * gi;
            Raw.putFloat(m, mi);
            Raw.putFloat(v, vi);
            float d = (float) Math.sqrt(vi) * invBc2Sqrt + eps;
            Raw.putFloat(p, Raw.getFloat(p) - stepSize * (mi / d));
        }
    }

    private static void step64(long n, long p, long g, long m, long v, double c1, double b2,
            double c2, double stepSize, double invBc2Sqrt, double eps) {
        for (long i = 0; i < n; i++, p += 8, g += 8, m += 8, v += 8) {
            double gi = Raw.getDouble(g);
            double mi = Raw.getDouble(m);
            mi += c1 * (gi - mi);
            double vi = b2 * Raw.getDouble(v) + c2 * gi * gi;
            Raw.putDouble(m, mi);
            Raw.putDouble(v, vi);
            double d = Math.sqrt(vi) * invBc2Sqrt + eps;
            Raw.putDouble(p, Raw.getDouble(p) - stepSize * (mi / d));
        }
    }
}
