package org.pybridge.nn;

import static org.pybridge.nn.internal.UpdateSupport.ld;
import static org.pybridge.nn.internal.UpdateSupport.st;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;

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
        double r = rho;
        double eps = epsilon;
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state, (f, p, g, s, from, to) -> {
            long msg = s[0];
            long msdx = s[1];
            for (long i = from; i < to; i++) {
                double gi = ld(f, g, i);
                double m = r * ld(f, msg, i) + (1 - r) * gi * gi;
                double dx = Math.sqrt(ld(f, msdx, i) + eps) / Math.sqrt(m + eps) * gi;
                st(f, msg, i, m);
                st(f, msdx, i, r * ld(f, msdx, i) + (1 - r) * dx * dx);
                st(f, p, i, ld(f, p, i) - dx);
            }
        });
    }
}
