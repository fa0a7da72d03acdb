package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * AdaDelta (Zeiler 2012), as {@code torch.optim.Adadelta} with learning rate 1 and DL4J's
 * AdaDelta: with the running mean of squared gradients (state "msg") and of squared steps (state
 * "msdx")
 * <pre>
 *   msg  = rho * msg + (1 - rho) * g^2
 *   dx   = sqrt(msdx + eps) / sqrt(msg + eps) * g
 *   msdx = rho * msdx + (1 - rho) * dx^2
 *   p   -= dx
 * </pre>
 * It has no learning rate ({@link #learningRate()} is NaN). Defaults (DL4J): rho 0.95, epsilon
 * 1e-6 (PyTorch: rho 0.9).
 *
 * <pre>{@code
 * Updater u = new AdaDelta();
 * }</pre>
 *
 * @param rho     decay of the running means, in [0, 1]
 * @param epsilon added inside both roots
 */
public record AdaDelta(double rho, double epsilon) implements Updater {
    public static final double DEFAULT_RHO = 0.95;
    public static final double DEFAULT_EPSILON = 1e-6;
    private static final String[] KEYS = {"rho", "epsilon"};

    public AdaDelta {
        UpdateSupport.checkRange("adadelta", "rho", rho, 0, 1);
        UpdateSupport.checkRange("adadelta", "epsilon", epsilon, 0, Double.MAX_VALUE);
    }

    /** DL4J's defaults: rho 0.95, epsilon 1e-6. */
    public AdaDelta() {
        this(DEFAULT_RHO, DEFAULT_EPSILON);
    }

    @Override
    public String jsonName() {
        return "adadelta";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS, rho, epsilon);
    }

    static AdaDelta fromJson(Map<String, Object> json) {
        double[] v = UpdateSupport.readJson("adadelta", json, KEYS,
                new double[] {DEFAULT_RHO, DEFAULT_EPSILON});
        return new AdaDelta(v[0], v[1]);
    }

    /** NaN: AdaDelta adapts its own step size. */
    @Override
    public double learningRate() {
        return Double.NaN;
    }

    /** This updater, unchanged: AdaDelta has no learning rate. */
    @Override
    public AdaDelta withLearningRate(double lr) {
        return this;
    }

    @Override
    public String[] stateNames() {
        return new String[] {"msg", "msdx"};
    }

    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        double keep = 1 - rho;
        double eps = epsilon;
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f32, n, p, g, s) -> {
            if (f32) {
                step32(n, p, g, s[0], s[1], (float) rho, (float) keep, (float) eps);
            } else {
                step64(n, p, g, s[0], s[1], rho, keep, eps);
            }
        });
    }

    private static void step32(long n, long p, long g, long msg, long msdx, float rho, float keep,
            float eps) {
        for (long i = 0; i < n; i++, p += 4, g += 4, msg += 4, msdx += 4) {
            float gi = Raw.getFloat(g);
            float m = rho * Raw.getFloat(msg) + keep * gi * gi;
            float dx = (float) Math.sqrt(Raw.getFloat(msdx) + eps) / (float) Math.sqrt(m + eps)
                    * gi;
            Raw.putFloat(msg, m);
            Raw.putFloat(msdx, rho * Raw.getFloat(msdx) + keep * dx * dx);
            Raw.putFloat(p, Raw.getFloat(p) - dx);
        }
    }

    private static void step64(long n, long p, long g, long msg, long msdx, double rho,
            double keep, double eps) {
        for (long i = 0; i < n; i++, p += 8, g += 8, msg += 8, msdx += 8) {
            double gi = Raw.getDouble(g);
            double m = rho * Raw.getDouble(msg) + keep * gi * gi;
            double dx = Math.sqrt(Raw.getDouble(msdx) + eps) / Math.sqrt(m + eps) * gi;
            Raw.putDouble(msg, m);
            Raw.putDouble(msdx, rho * Raw.getDouble(msdx) + keep * dx * dx);
            Raw.putDouble(p, Raw.getDouble(p) - dx);
        }
    }
}
