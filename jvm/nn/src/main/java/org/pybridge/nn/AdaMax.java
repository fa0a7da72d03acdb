package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * AdaMax (Kingma &amp; Ba 2015, section 7), as {@code torch.optim.Adamax}: Adam with the
 * infinity norm "u" in place of the second moment ({@code t = iteration + 1})
 * <pre>
 *   m  = b1 * m + (1 - b1) * g
 *   u  = max(b2 * u, |g| + eps)
 *   p -= lr / (1 - b1^t) * m / u
 * </pre>
 * DL4J adds epsilon to u in the division instead; this follows PyTorch. Defaults (DL4J):
 * learning rate 1e-3 (PyTorch: 2e-3), betas 0.9 and 0.999, epsilon 1e-8.
 *
 * <pre>{@code
 * Updater u = new AdaMax(1e-3);   // {"type": "adamax", "learning_rate": 0.001, "beta1": 0.9, ...}
 * }</pre>
 *
 * @param learningRate the step size
 * @param beta1        decay of the first-moment (mean) estimate, in [0, 1)
 * @param beta2        decay of the second-moment estimate, in [0, 1)
 * @param epsilon      added to |g| in the infinity norm, for stability
 */
public record AdaMax(double learningRate, double beta1, double beta2, double epsilon)
        implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    private static final String[] KEYS = {"learning_rate", "beta1", "beta2", "epsilon"};

    public AdaMax {
        UpdateSupport.checkRange("adamax", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("adamax", "beta1", beta1, 0, 1);
        UpdateSupport.checkRange("adamax", "beta2", beta2, 0, 1);
        UpdateSupport.checkRange("adamax", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** AdaMax with the given learning rate and default betas and epsilon. */
    public AdaMax(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** DL4J's defaults: learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8. */
    public AdaMax() {
        this(DEFAULT_LEARNING_RATE);
    }

    @Override
    public String jsonName() {
        return "adamax";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, beta1, beta2, epsilon);
    }

    static AdaMax fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("adamax", json, KEYS, new double[] {
                DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON});
        return new AdaMax(v[0], v[1], v[2], v[3]);
    }

    @Override
    public AdaMax withLearningRate(double lr) {
        return new AdaMax(lr, beta1, beta2, epsilon);
    }

    @Override
    public String[] stateNames() {
        return new String[] {"m", "u"};
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double c1 = 1 - beta1;
        double b2 = beta2;
        double eps = epsilon;
        double stepSize = learningRate / UpdateSupport.biasCorrection(beta1, iteration);
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32) {
                step32(n, p, g, s[0], s[1], (float) c1, (float) b2, (float) stepSize, (float) eps);
            } else {
                step64(n, p, g, s[0], s[1], c1, b2, stepSize, eps);
            }
        });
    }

    private static void step32(long n, long p, long g, long m, long u, float c1, float b2,
            float stepSize, float eps) {
        for (long i = 0; i < n; i++, p += 4, g += 4, m += 4, u += 4) {
            float gi = Raw.getFloat(g);
            float mi = Raw.getFloat(m);
            mi += c1 * (gi - mi);
            float ui = Math.max(b2 * Raw.getFloat(u), Math.abs(gi) + eps);
            Raw.putFloat(m, mi);
            Raw.putFloat(u, ui);
            Raw.putFloat(p, Raw.getFloat(p) - stepSize * (mi / ui));
        }
    }

    private static void step64(long n, long p, long g, long m, long u, double c1, double b2,
            double stepSize, double eps) {
        for (long i = 0; i < n; i++, p += 8, g += 8, m += 8, u += 8) {
            double gi = Raw.getDouble(g);
            double mi = Raw.getDouble(m);
            mi += c1 * (gi - mi);
            double ui = Math.max(b2 * Raw.getDouble(u), Math.abs(gi) + eps);
            Raw.putDouble(m, mi);
            Raw.putDouble(u, ui);
            Raw.putDouble(p, Raw.getDouble(p) - stepSize * (mi / ui));
        }
    }
}
