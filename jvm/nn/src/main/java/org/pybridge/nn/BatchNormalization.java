package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.layers.BatchNormalizationImpl;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;

/**
 * Batch normalisation of flat (n, c) input: {@code gamma (x - mean) / sqrt(var + eps) + beta}.
 * In training, mean and (biased) variance come from the batch, and the running statistics are
 * updated with DL4J's decay convention: {@code running = decay * running + (1 - decay) * batch}
 * (PyTorch's momentum is 1 - decay). At inference the running statistics are used. Parameters:
 * {@code "gamma"}, {@code "beta"} (trained unless {@code lockGammaBeta}, then fixed at
 * {@code gammaInit} and {@code betaInit}), {@code "mean"}, {@code "var"} (running statistics,
 * not trained; they start at 0 and 1). n_out (= c) is inferred from the input.
 *
 * <p>JSON: {@code {"type": "batch_normalization", "name": null, "n_out": 100, "eps": 1e-05,
 * "decay": 0.9, "lock_gamma_beta": false, "gamma_init": 1.0, "beta_init": 0.0}}.
 *
 * <pre>{@code
 * BatchNormalization bn = new BatchNormalization.Builder().build();
 * }</pre>
 */
public record BatchNormalization(String name, Long nOut, double eps, double decay,
        boolean lockGammaBeta, double gammaInit, double betaInit) implements LayerConfig {

    static final String TYPE = "batch_normalization";
    static final List<String> KEYS = List.of("type", "name", "n_out", "eps", "decay",
            "lock_gamma_beta", "gamma_init", "beta_init");

    public BatchNormalization {
        String what = "Batch normalization layer" + (name == null ? "" : " '" + name + "'");
        LayerChecks.positiveOrUnset(nOut, what, "nOut");
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(what + ": eps must be > 0, got " + eps + ".");
        }
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException(what + ": decay must lie in [0, 1] (the weight of"
                    + " the old running statistics), got " + decay + ".");
        }
        LayerChecks.finite(gammaInit, what, "gammaInit");
        LayerChecks.finite(betaInit, what, "betaInit");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("name", name);
        m.put("n_out", nOut);
        m.put("eps", eps);
        m.put("decay", decay);
        m.put("lock_gamma_beta", lockGammaBeta);
        m.put("gamma_init", gammaInit);
        m.put("beta_init", betaInit);
        return m;
    }

    static BatchNormalization fromJson(ConfigMap m) {
        return new BatchNormalization(m.optString("name", null), m.optLong("n_out", null),
                m.optDouble("eps", 1e-5), m.optDouble("decay", 0.9),
                m.optBoolean("lock_gamma_beta", false), m.optDouble("gamma_init", 1.0),
                m.optDouble("beta_init", 0.0));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        withInputShape(inputShape);
        return inputShape.clone();
    }

    @Override
    public BatchNormalization withInputShape(long[] inputShape) {
        long c = LayerChecks.flatInput(inputShape, "A batch normalization layer");
        LayerChecks.sameSize(nOut, c, "This batch normalization layer", "n_out", inputShape);
        return new BatchNormalization(name, c, eps, decay, lockGammaBeta, gammaInit, betaInit);
    }

    @Override
    public Layer instantiate(LayerSetup setup) {
        return new BatchNormalizationImpl(setup, withInputShape(setup.inputShape()));
    }

    /** Builder: eps 1e-5, decay 0.9, gamma 1, beta 0, trainable gamma and beta. */
    public static final class Builder {
        private String name;
        private Long nOut;
        private double eps = 1e-5;
        private double decay = 0.9;
        private boolean lockGammaBeta;
        private double gammaInit = 1.0;
        private double betaInit = 0.0;

        public Builder name(String value) {
            name = value;
            return this;
        }

        /** The number of features; inferred from the input when not set. */
        public Builder nOut(long value) {
            nOut = value;
            return this;
        }

        public Builder eps(double value) {
            eps = value;
            return this;
        }

        /** Weight of the old running statistics per update (DL4J's decay; 1 - momentum). */
        public Builder decay(double value) {
            decay = value;
            return this;
        }

        /** Keeps gamma and beta fixed at their initial values. */
        public Builder lockGammaBeta(boolean value) {
            lockGammaBeta = value;
            return this;
        }

        public Builder gammaInit(double value) {
            gammaInit = value;
            return this;
        }

        public Builder betaInit(double value) {
            betaInit = value;
            return this;
        }

        public BatchNormalization build() {
            return new BatchNormalization(name, nOut, eps, decay, lockGammaBeta, gammaInit,
                    betaInit);
        }
    }
}
