package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.ConfigValues;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;
import org.pybridge.nn.layers.LossLayerImpl;
import org.pybridge.tensor.ShapeException;

/**
 * A loss without parameters: applies {@code activation} (identity by default) to its input and
 * scores it against the labels; it must be the network's last layer. Use it after a layer that
 * already produces the outputs (DL4J's {@code LossLayer}).
 *
 * <p>JSON: {@code {"type": "loss", "name": null, "loss": "mse", "activation": "identity",
 * "loss_weights": null}}.
 *
 * <pre>{@code
 * LossLayer mse = new LossLayer.Builder().loss(LossFunction.MSE).build();
 * }</pre>
 */
public record LossLayer(String name, LossFunction loss, ActivationFunction activation,
        List<Double> lossWeights) implements LayerConfig {

    static final String TYPE = "loss";
    static final List<String> KEYS = List.of("type", "name", "loss", "activation",
            "loss_weights");

    public LossLayer {
        String what = "Loss layer" + (name == null ? "" : " '" + name + "'");
        if (loss == null) {
            throw new IllegalArgumentException(what + ": a loss function is required; set it"
                    + " with .loss(LossFunction.MSE) (or another).");
        }
        if (activation == null) {
            activation = Activation.IDENTITY.function();
        }
        lossWeights = LayerChecks.lossWeights(lossWeights, what);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isOutputLayer() {
        return true;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("name", name);
        m.put("loss", loss.jsonName());
        m.put("activation", ConfigValues.activationToJson(activation));
        m.put("loss_weights", ConfigValues.doublesToJson(lossWeights));
        return m;
    }

    static LossLayer fromJson(ConfigMap m) {
        return new LossLayer(m.optString("name", null),
                ConfigValues.lossFromJson(m.requireString("loss"), m.path() + ".loss"),
                ConfigValues.activationFromJson(m.raw("activation"), m.path() + ".activation"),
                m.optDoubles("loss_weights"));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        withInputShape(inputShape);
        return inputShape.clone();
    }

    @Override
    public LossLayer withInputShape(long[] inputShape) {
        LayerChecks.flatInput(inputShape, "A loss layer");
        if (lossWeights != null && lossWeights.size() != inputShape[0]) {
            throw new ShapeException("This loss layer has " + lossWeights.size() + " loss"
                    + " weights but its input examples have shape " + ShapeText.of(inputShape)
                    + "; give one weight per output.");
        }
        return this;
    }

    @Override
    public Layer instantiate(LayerSetup setup) {
        withInputShape(setup.inputShape());
        return new LossLayerImpl(setup, this);
    }

    /** Builder; the loss is required, the activation defaults to identity. */
    public static final class Builder {
        private String name;
        private LossFunction loss;
        private ActivationFunction activation;
        private List<Double> lossWeights;

        public Builder() {
        }

        public Builder(LossFunction loss) {
            this.loss = loss;
        }

        /** A builder with the loss of this JSON name, e.g. {@code "mse"}. */
        public Builder(String loss) {
            this.loss = LossFunction.fromName(loss);
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder loss(LossFunction value) {
            loss = value;
            return this;
        }

        public Builder loss(String value) {
            loss = LossFunction.fromName(value);
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

        public Builder lossWeights(double... values) {
            lossWeights = java.util.Arrays.stream(values).boxed().toList();
            return this;
        }

        public LossLayer build() {
            return new LossLayer(name, loss, activation, lossWeights);
        }
    }
}
