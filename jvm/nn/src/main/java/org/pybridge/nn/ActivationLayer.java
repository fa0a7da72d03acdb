package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.ConfigValues;
import org.pybridge.nn.layers.ActivationLayerImpl;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;

/**
 * Applies an activation element-wise (softmax over the last axis); no parameters, any input
 * shape. JSON: {@code {"type": "activation", "name": null, "activation": "relu"}}.
 *
 * <pre>{@code
 * ActivationLayer relu = new ActivationLayer.Builder().activation(Activation.RELU).build();
 * }</pre>
 */
public record ActivationLayer(String name, ActivationFunction activation)
        implements LayerConfig {

    static final String TYPE = "activation";
    static final List<String> KEYS = List.of("type", "name", "activation");

    public ActivationLayer {
        if (activation == null) {
            throw new IllegalArgumentException("Activation layer"
                    + (name == null ? "" : " '" + name + "'") + ": the activation is required;"
                    + " set it with .activation(Activation.RELU) (or another).");
        }
    }

    /** A layer applying {@code activation}. */
    public ActivationLayer(Activation activation) {
        this(null, activation.function());
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
        m.put("activation", ConfigValues.activationToJson(activation));
        return m;
    }

    static ActivationLayer fromJson(ConfigMap m) {
        return new ActivationLayer(m.optString("name", null),
                ConfigValues.activationFromJson(m.raw("activation"), m.path() + ".activation"));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public ActivationLayer withInputShape(long[] inputShape) {
        return this;
    }

    @Override
    public Layer instantiate(LayerSetup setup) {
        return new ActivationLayerImpl(setup, this);
    }

    /** Builder; the activation is required. */
    public static final class Builder {
        private String name;
        private ActivationFunction activation;

        public Builder name(String value) {
            name = value;
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

        public ActivationLayer build() {
            return new ActivationLayer(name, activation);
        }
    }
}
