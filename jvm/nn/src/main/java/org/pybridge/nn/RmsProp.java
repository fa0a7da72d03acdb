package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * RMSProp, as {@code torch.optim.RMSprop} (no momentum, not centred): with the running mean of
 * squared gradients (state "v")
 * <pre>
 *   v  = decay * v + (1 - decay) * g^2
 *   p -= lr * g / (sqrt(v) + eps)
 * </pre>
 * DL4J puts epsilon inside the root ({@code sqrt(v + eps)}); this follows PyTorch. Defaults
 * (DL4J): learning rate 0.1, rmsDecay 0.95, epsilon 1e-8 (PyTorch: 0.01, alpha 0.99, 1e-8).
 *
 * <pre>{@code
 * Updater u = new RmsProp(1e-3);
 * }</pre>
 *
 * @param learningRate the step size
 * @param rmsDecay     decay of the running mean (PyTorch's alpha), in [0, 1]
 * @param epsilon      added to the root, for stability
 */
public record RmsProp(double learningRate, double rmsDecay, double epsilon) implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_RMS_DECAY = 0.95;
    public static final double DEFAULT_EPSILON = 1e-8;
    private static final String[] KEYS = {"learning_rate", "rms_decay", "epsilon"};

    public RmsProp {
        UpdateSupport.checkRange("rmsprop", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("rmsprop", "rms_decay", rmsDecay, 0, 1);
        UpdateSupport.checkRange("rmsprop", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** RMSProp with decay 0.95 and epsilon 1e-8. */
    public RmsProp(double learningRate) {
        this(learningRate, DEFAULT_RMS_DECAY, DEFAULT_EPSILON);
    }

    /** DL4J's defaults: learning rate 0.1, decay 0.95, epsilon 1e-8. */
    public RmsProp() {
        this(DEFAULT_LEARNING_RATE);
    }

    @Override
    public String jsonName() {
        return "rmsprop";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, rmsDecay, epsilon);
    }

    static RmsProp fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("rmsprop", json, KEYS,
                new double[] {DEFAULT_LEARNING_RATE, DEFAULT_RMS_DECAY, DEFAULT_EPSILON});
        return new RmsProp(v[0], v[1], v[2]);
    }

    @Override
    public RmsProp withLearningRate(double lr) {
        return new RmsProp(lr, rmsDecay, epsilon);
    }

    @Override
    public String[] stateNames() {
        return new String[] {"v"};
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double lr = learningRate;
        double decay = rmsDecay;
        double keep = 1 - rmsDecay;
        double eps = epsilon;
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32) {
                step32(n, p, g, s[0], (float) lr, (float) decay, (float) keep, (float) eps);
            } else {
                step64(n, p, g, s[0], lr, decay, keep, eps);
            }
        });
    }

    private static void step32(long n, long p, long g, long v, float lr, float decay, float keep,
            float eps) {
        for (long i = 0; i < n; i++, p += 4, g += 4, v += 4) {
            float gi = Raw.getFloat(g);
            float vi = decay * Raw.getFloat(v) + keep * gi * gi;
            Raw.putFloat(v, vi);
            Raw.putFloat(p, Raw.getFloat(p) - lr * (gi / ((float) Math.sqrt(vi) + eps)));
        }
    }

    private static void step64(long n, long p, long g, long v, double lr, double decay,
            double keep, double eps) {
        for (long i = 0; i < n; i++, p += 8, g += 8, v += 8) {
            double gi = Raw.getDouble(g);
            double vi = decay * Raw.getDouble(v) + keep * gi * gi;
            Raw.putDouble(v, vi);
            Raw.putDouble(p, Raw.getDouble(p) - lr * (gi / (Math.sqrt(vi) + eps)));
        }
    }
}
