package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.ConfigValues;
import org.pybridge.nn.layers.DenseImpl;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;

/**
 * A fully connected layer: {@code activation(dropout(x) @ W + b)} with W of shape
 * (n_in, n_out) and b of shape (n_out,), the parameters {@code "W"} and {@code "b"}.
 *
 * <p>Settings left null take the network's defaults when the network is built (activation
 * identity, weight init xavier, bias init 0, dropout 0, unless the network builder sets others);
 * n_in is inferred from the previous layer. {@code dropout} is the probability of dropping each
 * input unit in training (Keras' rate; DL4J's {@code dropOut(p)} takes the retain probability
 * instead). {@code l1}, {@code l2} and {@code weightDecay} override the network's
 * regularisation for this layer (null: the network's value).
 *
 * <p>JSON: {@code {"type": "dense", "name": null, "n_in": 784, "n_out": 1000, "activation":
 * "relu", "weight_init": "xavier", "bias_init": 0.0, "has_bias": true, "dropout": 0.0,
 * "l1": null, "l2": null, "weight_decay": null}}.
 *
 * <pre>{@code
 * Dense hidden = new Dense.Builder().nIn(784).nOut(1000).activation(Activation.RELU).build();
 * }</pre>
 */
public record Dense(String name, Long nIn, long nOut, ActivationFunction activation,
        WeightInitScheme weightInit, Double biasInit, boolean hasBias, Double dropout, Double l1,
        Double l2, Double weightDecay) implements LayerConfig {

    static final String TYPE = "dense";
    static final List<String> KEYS = List.of("type", "name", "n_in", "n_out", "activation",
            "weight_init", "bias_init", "has_bias", "dropout", "l1", "l2", "weight_decay");

    public Dense {
        String what = "Dense layer" + (name == null ? "" : " '" + name + "'");
        LayerChecks.positiveOrUnset(nIn, what, "nIn");
        LayerChecks.positive(nOut, what, "nOut", "nOut");
        LayerChecks.finite(biasInit, what, "biasInit");
        LayerChecks.dropout(dropout, what);
        LayerChecks.nonNegative(l1, what, "l1");
        LayerChecks.nonNegative(l2, what, "l2");
        LayerChecks.nonNegative(weightDecay, what, "weightDecay");
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
        m.put("dropout", dropout);
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("weight_decay", weightDecay);
        return m;
    }

    static Dense fromJson(ConfigMap m) {
        return new Dense(m.optString("name", null), m.optLong("n_in", null),
                m.requireLong("n_out"),
                ConfigValues.activationFromJson(m.raw("activation"), m.path() + ".activation"),
                m.present("weight_init") ? WeightInitScheme.fromJson(m.raw("weight_init"),
                        m.path() + ".weight_init") : null,
                m.optDouble("bias_init", null), m.optBoolean("has_bias", true),
                m.optDouble("dropout", null), m.optDouble("l1", null), m.optDouble("l2", null),
                m.optDouble("weight_decay", null));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        withInputShape(inputShape);
        return new long[] {nOut};
    }

    @Override
    public Dense withInputShape(long[] inputShape) {
        long n = LayerChecks.flatInput(inputShape, "A dense layer");
        LayerChecks.sameSize(nIn, n, "This dense layer", "n_in", inputShape);
        return new Dense(name, n, nOut, activation, weightInit, biasInit, hasBias, dropout, l1, l2,
                weightDecay);
    }

    /** This layer with unset settings taken from {@code d}. */
    Dense withDefaults(LayerDefaults d) {
        return new Dense(name, nIn, nOut, activation == null ? d.activation() : activation,
                weightInit == null ? d.weightInit() : weightInit,
                biasInit == null ? d.biasInit() : biasInit, hasBias,
                dropout == null ? d.dropout() : dropout, l1, l2, weightDecay);
    }

    @Override
    public Layer instantiate(LayerSetup setup) {
        Dense resolved = withInputShape(setup.inputShape()).withDefaults(LayerDefaults.BUILT_IN);
        return new DenseImpl(setup, resolved, resolved.nIn(), nOut, resolved.activation(),
                resolved.weightInit(), resolved.biasInit(), hasBias, resolved.dropout());
    }

    /** DL4J-style builder; {@code nOut} is required. */
    public static final class Builder {
        private String name;
        private Long nIn;
        private long nOut;
        private ActivationFunction activation;
        private WeightInitScheme weightInit;
        private Double biasInit;
        private boolean hasBias = true;
        private Double dropout;
        private Double l1;
        private Double l2;
        private Double weightDecay;

        public Builder name(String value) {
            name = value;
            return this;
        }

        /** Input size; inferred from the previous layer when not set. */
        public Builder nIn(long value) {
            nIn = value;
            return this;
        }

        /** Number of units (required). */
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

        /** An activation by JSON name, e.g. {@code "relu"}. */
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

        /** Probability of dropping each input unit in training, in [0, 1). */
        public Builder dropout(double rate) {
            dropout = rate;
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

        public Dense build() {
            return new Dense(name, nIn, nOut, activation, weightInit, biasInit, hasBias, dropout,
                    l1, l2, weightDecay);
        }
    }
}
