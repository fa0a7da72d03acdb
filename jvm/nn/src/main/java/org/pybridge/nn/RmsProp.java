package org.pybridge.nn;

import static org.pybridge.nn.internal.UpdateSupport.ld;
import static org.pybridge.nn.internal.UpdateSupport.st;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;

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
        double eps = epsilon;
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f, p, g, s, from, to) -> {
            long v = s[0];
            for (long i = from; i < to; i++) {
                double gi = ld(f, g, i);
                double vi = decay * ld(f, v, i) + (1 - decay) * gi * gi;
                st(f, v, i, vi);
                st(f, p, i, ld(f, p, i) - lr * gi / (Math.sqrt(vi) + eps));
            }
        });
    }
}
