package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.layers.DropoutLayerImpl;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;

/**
 * Inverted dropout as a layer: in training each element is zeroed with probability
 * {@code rate} and the kept ones are scaled by 1 / (1 - rate); at inference it passes its input
 * through. No parameters, any input shape.
 * JSON: {@code {"type": "dropout", "name": null, "rate": 0.5}}.
 *
 * <pre>{@code
 * DropoutLayer drop = new DropoutLayer(0.5);
 * }</pre>
 */
public record DropoutLayer(String name, double rate) implements LayerConfig {

    static final String TYPE = "dropout";
    static final List<String> KEYS = List.of("type", "name", "rate");

    public DropoutLayer {
        LayerChecks.dropout(rate, "Dropout layer" + (name == null ? "" : " '" + name + "'"));
    }

    /** An unnamed dropout layer dropping each element with probability {@code rate}. */
    public DropoutLayer(double rate) {
        this(null, rate);
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
        m.put("rate", rate);
        return m;
    }

    static DropoutLayer fromJson(ConfigMap m) {
        return new DropoutLayer(m.optString("name", null), m.requireDouble("rate"));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public DropoutLayer withInputShape(long[] inputShape) {
        return this;
    }

    @Override
    public Layer instantiate(LayerSetup setup) {
        return new DropoutLayerImpl(setup, this);
    }

    /** Builder; the rate is required. */
    public static final class Builder {
        private String name;
        private Double rate;

        public Builder name(String value) {
            name = value;
            return this;
        }

        /** Probability of dropping each element, in [0, 1). */
        public Builder rate(double value) {
            rate = value;
            return this;
        }

        public DropoutLayer build() {
            if (rate == null) {
                throw new IllegalArgumentException("Dropout layer: the rate is required; set it"
                        + " with .rate(0.5) (the probability of dropping an element).");
            }
            return new DropoutLayer(name, rate);
        }
    }
}
