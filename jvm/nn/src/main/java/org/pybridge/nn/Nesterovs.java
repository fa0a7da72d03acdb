package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.NativeKernels;
import org.pybridge.tensor.internal.Raw;

/**
 * SGD with Nesterov momentum, as {@code torch.optim.SGD(momentum=mu, nesterov=True)}: with the
 * velocity {@code v} (state "v", in gradient units)
 * <pre>
 *   v = mu * v + g
 *   p -= lr * (g + mu * v)
 * </pre>
 * DL4J's Nesterovs keeps the velocity in parameter units ({@code v' = mu v - lr g},
 * {@code p += -mu v + (1 + mu) v'}); with a constant learning rate the two are the same
 * algorithm ({@code v_dl4j = -lr v}), and this form matches PyTorch exactly when the learning
 * rate changes. Defaults (DL4J): learning rate 0.1, momentum 0.9.
 *
 * <pre>{@code
 * Updater u = new Nesterovs(0.01, 0.9);
 * }</pre>
 *
 * @param learningRate the step size
 * @param momentum     the momentum coefficient mu, in [0, 1)
 */
public record Nesterovs(double learningRate, double momentum) implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_MOMENTUM = 0.9;
    private static final String[] KEYS = {"learning_rate", "momentum"};

    public Nesterovs {
        UpdateSupport.checkRange("nesterovs", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("nesterovs", "momentum", momentum, 0, 1);
    }

    /** Nesterov momentum 0.9 with the given learning rate. */
    public Nesterovs(double learningRate) {
        this(learningRate, DEFAULT_MOMENTUM);
    }

    /** DL4J's defaults: learning rate 0.1, momentum 0.9. */
    public Nesterovs() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM);
    }

    @Override
    public String jsonName() {
        return "nesterovs";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, momentum);
    }

    static Nesterovs fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("nesterovs", json, KEYS,
                new double[] {DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM});
        return new Nesterovs(v[0], v[1]);
    }

    @Override
    public Nesterovs withLearningRate(double lr) {
        return new Nesterovs(lr, momentum);
    }

    @Override
    public String[] stateNames() {
        return new String[] {"v"};
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double lr = learningRate;
        double mu = momentum;
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32 && NativeKernels.available()) {
                NativeKernels.nesterov32(n, p, g, s[0], (float) lr, (float) mu);
            } else if (f32) {
                step32(n, p, g, s[0], (float) lr, (float) mu);
            } else {
                step64(n, p, g, s[0], lr, mu);
            }
        });
    }

    private static void step32(long n, long p, long g, long v, float lr, float mu) {
        for (long i = 0; i < n; i++, p += 4, g += 4, v += 4) {
            float gi = Raw.getFloat(g);
            float vi = mu * Raw.getFloat(v) + gi;
            Raw.putFloat(v, vi);
            Raw.putFloat(p, Raw.getFloat(p) - lr * (gi + mu * vi));
        }
    }

    private static void step64(long n, long p, long g, long v, double lr, double mu) {
        for (long i = 0; i < n; i++, p += 8, g += 8, v += 8) {
            double gi = Raw.getDouble(g);
            double vi = mu * Raw.getDouble(v) + gi;
            Raw.putDouble(v, vi);
            Raw.putDouble(p, Raw.getDouble(p) - lr * (gi + mu * vi));
        }
    }
}
