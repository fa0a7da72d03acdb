package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.ConfigValues;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.nn.layers.EmbeddingImpl;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;
import org.pybridge.tensor.ShapeException;

/**
 * A lookup table: each input is a class id in [0, n_in) and the output is row id of
 * {@code "W"} (n_in, n_out) (plus {@code "b"} when {@code hasBias}), then the activation. Input
 * batches are class ids of shape (n,) or (n, 1), integers or integral floats; the output is
 * (n, n_out). Equivalent to a dense layer on one-hot input, without building the one-hot rows.
 *
 * <p>Defaults: no bias, identity activation; weight init and bias init from the network.
 * JSON: {@code {"type": "embedding", "name": null, "n_in": 10000, "n_out": 64, "activation":
 * "identity", "weight_init": "xavier", "bias_init": 0.0, "has_bias": false, "l1": null,
 * "l2": null, "weight_decay": null}}.
 *
 * <pre>{@code
 * Embedding words = new Embedding.Builder().nIn(10000).nOut(64).build();
 * }</pre>
 */
public record Embedding(String name, long nIn, long nOut, ActivationFunction activation,
        WeightInitScheme weightInit, Double biasInit, boolean hasBias, Double l1, Double l2,
        Double weightDecay) implements LayerConfig {

    static final String TYPE = "embedding";
    static final List<String> KEYS = List.of("type", "name", "n_in", "n_out", "activation",
            "weight_init", "bias_init", "has_bias", "l1", "l2", "weight_decay");

    public Embedding {
        String what = "Embedding layer" + (name == null ? "" : " '" + name + "'");
        LayerChecks.positive(nIn, what, "nIn (the number of distinct ids)", "nIn");
        LayerChecks.positive(nOut, what, "nOut", "nOut");
        LayerChecks.finite(biasInit, what, "biasInit");
        LayerChecks.nonNegative(l1, what, "l1");
        LayerChecks.nonNegative(l2, what, "l2");
        LayerChecks.nonNegative(weightDecay, what, "weightDecay");
        if (activation == null) {
            activation = Activation.IDENTITY.function();
        }
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
        m.put("n_in", nIn);
        m.put("n_out", nOut);
        m.put("activation", ConfigValues.activationToJson(activation));
        m.put("weight_init", weightInit == null ? null : weightInit.toJson());
        m.put("bias_init", biasInit);
        m.put("has_bias", hasBias);
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("weight_decay", weightDecay);
        return m;
    }

    static Embedding fromJson(ConfigMap m) {
        return new Embedding(m.optString("name", null), m.requireLong("n_in"),
                m.requireLong("n_out"),
                ConfigValues.activationFromJson(m.raw("activation"), m.path() + ".activation"),
                m.present("weight_init") ? WeightInitScheme.fromJson(m.raw("weight_init"),
                        m.path() + ".weight_init") : null,
                m.optDouble("bias_init", null), m.optBoolean("has_bias", false),
                m.optDouble("l1", null), m.optDouble("l2", null),
                m.optDouble("weight_decay", null));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        withInputShape(inputShape);
        return new long[] {nOut};
    }

    @Override
    public Embedding withInputShape(long[] inputShape) {
        if (!(inputShape.length == 0 || (inputShape.length == 1 && inputShape[0] == 1))) {
            throw new ShapeException("An embedding layer reads one class id per example (input"
                    + " shape (1,) or ()), but its input examples have shape "
                    + ShapeText.of(inputShape) + ".");
        }
        return this;
    }

    /** Unset weight and bias init from {@code d}. */
    Embedding withDefaults(LayerDefaults d) {
        return new Embedding(name, nIn, nOut, activation,
                weightInit == null ? d.weightInit() : weightInit,
                biasInit == null ? d.biasInit() : biasInit, hasBias, l1, l2, weightDecay);
    }

    @Override
    public Layer instantiate(LayerSetup setup) {
        withInputShape(setup.inputShape());
        Embedding r = withDefaults(LayerDefaults.BUILT_IN);
        return new EmbeddingImpl(setup, r);
    }

    /** Builder; {@code nIn} (vocabulary size) and {@code nOut} are required. */
    public static final class Builder {
        private String name;
        private long nIn;
        private long nOut;
        private ActivationFunction activation;
        private WeightInitScheme weightInit;
        private Double biasInit;
        private boolean hasBias;
        private Double l1;
        private Double l2;
        private Double weightDecay;

        public Builder name(String value) {
            name = value;
            return this;
        }

        /** The number of distinct ids (vocabulary size). */
        public Builder nIn(long value) {
            nIn = value;
            return this;
        }

        /** The size of each embedding vector. */
        public Builder nOut(long value) {
            nOut = value;
            return this;
        }

        public Builder activation(Activation value) {
            activation = value.function();
            return this;
        }

        public Builder activation(ActivationFunction value) {
            activation = value;
            return this;
        }

        public Builder activation(String value) {
            activation = ActivationFunction.of(value);
            return this;
        }

        public Builder weightInit(WeightInitScheme value) {
            weightInit = value;
            return this;
        }

        public Builder biasInit(double value) {
            biasInit = value;
            return this;
        }

        public Builder hasBias(boolean value) {
            hasBias = value;
            return this;
        }

        public Builder l1(double value) {
            l1 = value;
            return this;
        }

        public Builder l2(double value) {
            l2 = value;
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Embedding build() {
            return new Embedding(name, nIn, nOut, activation, weightInit, biasInit, hasBias, l1,
                    l2, weightDecay);
        }
    }
}
