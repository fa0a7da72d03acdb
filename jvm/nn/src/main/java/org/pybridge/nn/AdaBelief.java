package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * AdaBelief (Zhuang et al. 2020), as the paper's reference implementation
 * ({@code adabelief_pytorch}, without rectification or weight decoupling): the second moment
 * tracks the "belief" {@code (g - m)^2} ({@code t = iteration + 1})
 * <pre>
 *   m  = b1 * m + (1 - b1) * g
 *   s  = b2 * s + (1 - b2) * (g - m)^2 + eps
 *   p -= lr / (1 - b1^t) * m / (sqrt(s) / sqrt(1 - b2^t) + eps)
 * </pre>
 * DL4J's AdaBelief adds the second epsilon before the bias correction; this follows the
 * reference. Defaults (DL4J): learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-14.
 *
 * <pre>{@code
 * Updater u = new AdaBelief(1e-3);   // {"type": "adabelief", "learning_rate": 0.001,
         "beta1": 0.9, ...}
 * }</pre>
 *
 * @param learningRate the step size
 * @param beta1        decay of the first-moment (mean) estimate, in [0, 1)
 * @param beta2        decay of the second-moment estimate, in [0, 1)
 * @param epsilon      added to the belief "s" at every step and to its bias-corrected root
 */
public record AdaBelief(double learningRate, double beta1, double beta2, double epsilon)
        implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-14;
    private static final String[] KEYS = {"learning_rate", "beta1", "beta2", "epsilon"};

    public AdaBelief {
        UpdateSupport.checkRange("adabelief", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("adabelief", "beta1", beta1, 0, 1);
        UpdateSupport.checkRange("adabelief", "beta2", beta2, 0, 1);
        UpdateSupport.checkRange("adabelief", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** AdaBelief with the given learning rate and default betas and epsilon. */
    public AdaBelief(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** DL4J's defaults: learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-14. */
    public AdaBelief() {
        this(DEFAULT_LEARNING_RATE);
    }

    @Override
    public String jsonName() {
        return "adabelief";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, beta1, beta2, epsilon);
    }

    static AdaBelief fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("adabelief", json, KEYS, new double[] {
                DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON});
        return new AdaBelief(v[0], v[1], v[2], v[3]);
    }

    @Override
    public AdaBelief withLearningRate(double lr) {
        return new AdaBelief(lr, beta1, beta2, epsilon);
    }

    @Override
    public String[] stateNames() {
        return new String[] {"m", "s"};
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double b1 = beta1;
        double c1 = 1 - beta1;
        double b2 = beta2;
        double c2 = 1 - beta2;
        double eps = epsilon;
        double stepSize = learningRate / UpdateSupport.biasCorrection(beta1, iteration);
        // Multiplying by the reciprocal is cheaper than PyTorch's division and differs
        // from it by at most an ulp.
        double invBc2Sqrt = 1 / Math.sqrt(UpdateSupport.biasCorrection(beta2, iteration));
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32) {
                step32(n, p, g, s[0], s[1], (float) b1, (float) c1, (float) b2, (float) c2,
                        (float) stepSize, (float) invBc2Sqrt, (float) eps);
            } else {
                step64(n, p, g, s[0], s[1], b1, c1, b2, c2, stepSize, invBc2Sqrt, eps);
            }
        });
    }

    private static void step32(long n, long p, long g, long m, long s, float b1, float c1,
            float b2, float c2, float stepSize, float invBc2Sqrt, float eps) {
        for (long i = 0; i < n; i++, p += 4, g += 4, m += 4, s += 4) {
            float gi = Raw.getFloat(g);
            float mi = b1 * Raw.getFloat(m) + c1 * gi;
            float r = gi - mi;
            float si = b2 * Raw.getFloat(s) + c2 * r * r + eps;
            Raw.putFloat(m, mi);
            Raw.putFloat(s, si);
            float d = (float) Math.sqrt(si) * invBc2Sqrt + eps;
            Raw.putFloat(p, Raw.getFloat(p) - stepSize * (mi / d));
        }
    }

    private static void step64(long n, long p, long g, long m, long s, double b1, double c1,
            double b2, double c2, double stepSize, double invBc2Sqrt, double eps) {
        for (long i = 0; i < n; i++, p += 8, g += 8, m += 8, s += 8) {
            double gi = Raw.getDouble(g);
            double mi = b1 * Raw.getDouble(m) + c1 * gi;
            double r = gi - mi;
            double si = b2 * Raw.getDouble(s) + c2 * r * r + eps;
            Raw.putDouble(m, mi);
            Raw.putDouble(s, si);
            double d = Math.sqrt(si) * invBc2Sqrt + eps;
            Raw.putDouble(p, Raw.getDouble(p) - stepSize * (mi / d));
        }
    }
}
