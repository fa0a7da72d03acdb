package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * AdaGrad, as {@code torch.optim.Adagrad} (initial accumulator 0, no learning-rate decay) and
 * DL4J's AdaGrad: with the running sum of squared gradients (state "sum")
 * <pre>
 *   sum += g^2
 *   p   -= lr * g / (sqrt(sum) + eps)
 * </pre>
 * Defaults (DL4J): learning rate 0.1, epsilon 1e-6 (PyTorch's epsilon default is 1e-10).
 *
 * <pre>{@code
 * Updater u = new AdaGrad(0.05);
 * }</pre>
 *
 * @param learningRate the step size
 * @param epsilon      added to the root of the sum, for stability
 */
public record AdaGrad(double learningRate, double epsilon) implements Updater {
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_EPSILON = 1e-6;
    private static final String[] KEYS = {"learning_rate", "epsilon"};

    public AdaGrad {
        UpdateSupport.checkRange("adagrad", "learning_rate", learningRate, 0, Double.MAX_VALUE);
        UpdateSupport.checkRange("adagrad", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** AdaGrad with epsilon 1e-6. */
    public AdaGrad(double learningRate) {
        this(learningRate, DEFAULT_EPSILON);
    }

    /** DL4J's defaults: learning rate 0.1, epsilon 1e-6. */
    public AdaGrad() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_EPSILON);
    }

    @Override
    public String jsonName() {
        return "adagrad";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, learningRate, epsilon);
    }

    static AdaGrad fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("adagrad", json, KEYS,
                new double[] {DEFAULT_LEARNING_RATE, DEFAULT_EPSILON});
        return new AdaGrad(v[0], v[1]);
    }

    @Override
    public AdaGrad withLearningRate(double lr) {
        return new AdaGrad(lr, epsilon);
    }

    @Override
    public String[] stateNames() {
        return new String[] {"sum"};
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double lr = learningRate;
        double eps = epsilon;
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32) {
                step32(n, p, g, s[0], (float) lr, (float) eps);
            } else {
                step64(n, p, g, s[0], lr, eps);
            }
        });
    }

    private static void step32(long n, long p, long g, long sum, float lr, float eps) {
        for (long i = 0; i < n; i++, p += 4, g += 4, sum += 4) {
            float gi = Raw.getFloat(g);
            float si = Raw.getFloat(sum) + gi * gi;
            Raw.putFloat(sum, si);
            Raw.putFloat(p, Raw.getFloat(p) - lr * (gi / ((float) Math.sqrt(si) + eps)));
        }
    }

    private static void step64(long n, long p, long g, long sum, double lr, double eps) {
        for (long i = 0; i < n; i++, p += 8, g += 8, sum += 8) {
            double gi = Raw.getDouble(g);
            double si = Raw.getDouble(sum) + gi * gi;
            Raw.putDouble(sum, si);
            Raw.putDouble(p, Raw.getDouble(p) - lr * (gi / (Math.sqrt(si) + eps)));
        }
    }
}
