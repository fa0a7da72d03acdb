package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * NAdam (Dozat 2016), as {@code torch.optim.NAdam} (momentum_decay 4e-3): Adam with Nesterov
 * momentum and the momentum schedule {@code mu_t = b1 (1 - 0.5 * 0.96^(t psi))}, with
 * {@code t = iteration + 1} and {@code P_t = mu_1 ... mu_t}
 * <pre>
 *   m  = b1 * m + (1 - b1) * g
 *   v  = b2 * v + (1 - b2) * g^2
 *   d  = sqrt(v / (1 - b2^t)) + eps
 *   p -= lr (1 - mu_t) / (1 - P_t) * g / d + lr mu_{t+1} / (1 - P_t mu_{t+1}) * m / d
 * </pre>
 * The product {@code P_t} depends only on t, so no extra state is stored. DL4J's Nadam has no
 * momentum schedule; this follows PyTorch. Defaults (DL4J): learning rate 1e-3 (PyTorch: 2e-3),
 * betas 0.9 and 0.999, epsilon 1e-8.
 *
 * <pre>{@code
 * Updater u = new Nadam(1e-3);   // {"type": "nadam", "learning_rate": 0.001, "beta1": 0.9, ...}
 * }</pre>
 *
 * @param learningRate the step size
 * @param beta1        decay of the first-moment (mean) estimate, in [0, 1)
 * @param beta2        decay of the second-moment estimate, in [0, 1)
 * @param epsilon      added to the bias-corrected root, for stability
 */
public record Nadam(double learningRate, double beta1, double beta2, double epsilon)
        implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;
    /** PyTorch's {@code momentum_decay} (psi) of the momentum schedule. */
    public static final double MOMENTUM_DECAY = 4e-3;
    private static final String[] KEYS = {"learning_rate", "beta1", "beta2", "epsilon"};

    public Nadam {
        UpdateSupport.checkRange("nadam", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("nadam", "beta1", beta1, 0, 1);
        UpdateSupport.checkRange("nadam", "beta2", beta2, 0, 1);
        UpdateSupport.checkRange("nadam", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** Nadam with the given learning rate and default betas and epsilon. */
    public Nadam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** DL4J's defaults: learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8. */
    public Nadam() {
        this(DEFAULT_LEARNING_RATE);
    }

    @Override
    public String jsonName() {
        return "nadam";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, beta1, beta2, epsilon);
    }

    static Nadam fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("nadam", json, KEYS, new double[] {
                DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON});
        return new Nadam(v[0], v[1], v[2], v[3]);
    }

    @Override
    public Nadam withLearningRate(double lr) {
        return new Nadam(lr, beta1, beta2, epsilon);
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
        double invBc2 = 1 / UpdateSupport.biasCorrection(beta2, iteration);
        double mu = momentumAt(beta1, iteration + 1.0);
        double muNext = momentumAt(beta1, iteration + 2.0);
        double product = momentumProduct(beta1, iteration + 1);
        double gradStep = learningRate * (1 - mu) / (1 - product);
        double momentumStep = learningRate * muNext / (1 - product * muNext);
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32) {
                step32(n, p, g, s[0], s[1], (float) c1, (float) b2, (float) c2, (float) invBc2,
                        (float) gradStep, (float) momentumStep, (float) eps);
            } else {
                step64(n, p, g, s[0], s[1], c1, b2, c2, invBc2, gradStep, momentumStep, eps);
            }
        });
    }

    private static void step32(long n, long p, long g, long m, long v, float c1, float b2,
            float c2, float invBc2, float gradStep, float momentumStep, float eps) {
        for (long i = 0; i < n; i++, p += 4, g += 4, m += 4, v += 4) {
            float gi = Raw.getFloat(g);
            float mi = Raw.getFloat(m);
            mi += c1 * (gi - mi);
            float vi = b2 * Raw.getFloat(v) + c2 * gi * gi;
            Raw.putFloat(m, mi);
            Raw.putFloat(v, vi);
            float d = (float) Math.sqrt(vi * invBc2) + eps;
            float pi = Raw.getFloat(p) - gradStep * (gi / d);
            Raw.putFloat(p, pi - momentumStep * (mi / d));
        }
    }

    private static void step64(long n, long p, long g, long m, long v, double c1, double b2,
            double c2, double invBc2, double gradStep, double momentumStep, double eps) {
        for (long i = 0; i < n; i++, p += 8, g += 8, m += 8, v += 8) {
            double gi = Raw.getDouble(g);
            double mi = Raw.getDouble(m);
            mi += c1 * (gi - mi);
            double vi = b2 * Raw.getDouble(v) + c2 * gi * gi;
            Raw.putDouble(m, mi);
            Raw.putDouble(v, vi);
            double d = Math.sqrt(vi * invBc2) + eps;
            double pi = Raw.getDouble(p) - gradStep * (gi / d);
            Raw.putDouble(p, pi - momentumStep * (mi / d));
        }
    }

    private static double momentumAt(double beta1, double t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, t * MOMENTUM_DECAY));
    }

    /**
     * {@code mu_1 * ... * mu_t}. Steps arrive in order, so the last product is remembered per
     * thread and extended by one factor; any other t is recomputed from scratch.
     */
    private static double momentumProduct(double beta1, long t) {
        double[] memo = PRODUCT.get();
        if (memo[0] != beta1 || memo[1] > t) {
            memo[0] = beta1;
            memo[1] = 0;
            memo[2] = 1;
        }
        while (memo[1] < t) {
            memo[1]++;
            memo[2] *= momentumAt(beta1, memo[1]);
        }
        return memo[2];
    }

    /** Per thread: {beta1, t, product up to t}. */
    private static final ThreadLocal<double[]> PRODUCT =
            ThreadLocal.withInitial(() -> new double[] {Double.NaN, 0, 1});
}
