package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * Plain stochastic gradient descent: {@code p -= lr * g}. Same as {@code torch.optim.SGD} with
 * no momentum; keeps no state. Default learning rate 1e-3 (DL4J).
 *
 * <pre>{@code
 * Updater u = new Sgd(0.1);     // {"type": "sgd", "learning_rate": 0.1}
 * }</pre>
 *
 * @param learningRate the step size
 */
public record Sgd(double learningRate) implements Updater {
    /** DL4J's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    private static final String[] KEYS = {"learning_rate"};

    public Sgd {
        UpdateSupport.checkRange("sgd", "learning_rate", learningRate, 0, Double.MAX_VALUE);
    }

    /** SGD with DL4J's default learning rate. */
    public Sgd() {
        this(DEFAULT_LEARNING_RATE);
    }

    @Override
    public String jsonName() {
        return "sgd";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate);
    }

    static Sgd fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("sgd", json, KEYS,
                new double[] {DEFAULT_LEARNING_RATE});
        return new Sgd(v[0]);
    }

    @Override
    public Sgd withLearningRate(double lr) {
        return new Sgd(lr);
    }

    @Override
    public String[] stateNames() {
        return new String[0];
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double lr = learningRate;
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32) {
                step32(n, p, g, (float) lr);
            } else {
                step64(n, p, g, lr);
            }
        });
    }

    private static void step32(long n, long p, long g, float lr) {
        for (long i = 0; i < n; i++, p += 4, g += 4) {
            Raw.putFloat(p, Raw.getFloat(p) - lr * Raw.getFloat(g));
        }
    }

    private static void step64(long n, long p, long g, double lr) {
        for (long i = 0; i < n; i++, p += 8, g += 8) {
            Raw.putDouble(p, Raw.getDouble(p) - lr * Raw.getDouble(g));
        }
    }
}
