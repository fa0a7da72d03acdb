package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.ConfigValues;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;
import org.pybridge.nn.layers.OutputImpl;

/**
 * An output layer: a dense layer ({@code "W"} (n_in, n_out), {@code "b"} (n_out,)) whose
 * activated output is scored by a loss; it must be the network's last layer. Softmax with
 * mcxent / negativeloglikelihood / sparse_mcxent and sigmoid with xent run as one fused,
 * numerically stable op in training.
 *
 * <p>Defaults: activation softmax and loss mcxent (the network's default activation does not
 * apply here); weight init, bias init and dropout as for {@link Dense}. {@code lossWeights}
 * (one per output, or null) scale each output's loss term.
 *
 * <p>JSON: the keys of {@link Dense} plus {@code "loss": "mcxent", "loss_weights": null}.
 *
 * <pre>{@code
 * Output out = new Output.Builder().nOut(10).activation(Activation.SOFTMAX)
 *         .loss(LossFunction.MCXENT).build();
 * }</pre>
 */
public record Output(String name, Long nIn, long nOut, ActivationFunction activation,
        WeightInitScheme weightInit, Double biasInit, boolean hasBias, Double dropout, Double l1,
        Double l2, Double weightDecay, LossFunction loss, List<Double> lossWeights)
        implements LayerConfig {

    static final String TYPE = "output";
    static final List<String> KEYS = List.of("type", "name", "n_in", "n_out", "activation",
            "weight_init", "bias_init", "has_bias", "dropout", "l1", "l2", "weight_decay", "loss",
            "loss_weights");

    public Output {
        String what = "Output layer" + (name == null ? "" : " '" + name + "'");
        LayerChecks.positiveOrUnset(nIn, what, "nIn");
        LayerChecks.positive(nOut, what, "nOut", "nOut");
        LayerChecks.finite(biasInit, what, "biasInit");
        LayerChecks.dropout(dropout, what);
        LayerChecks.nonNegative(l1, what, "l1");
        LayerChecks.nonNegative(l2, what, "l2");
        LayerChecks.nonNegative(weightDecay, what, "weightDecay");
        if (loss == null) {
            throw new IllegalArgumentException(what + ": a loss function is required; set it"
                    + " with .loss(LossFunction.MCXENT) (or another).");
        }
        lossWeights = LayerChecks.lossWeights(lossWeights, what);
        if (lossWeights != null && lossWeights.size() != nOut) {
            throw new IllegalArgumentException(what + " has " + nOut + " outputs but "
                    + lossWeights.size() + " loss weights; give one weight per output.");
        }
        if (activation != null && activation.type() == Activation.SOFTMAX && nOut == 1) {
            throw new IllegalArgumentException(what + ": softmax over a single output is always"
                    + " 1, so nothing can be learnt; use nOut >= 2, or sigmoid with the xent loss"
                    + " for a binary output.");
        }
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
        m.put("loss", loss.jsonName());
        m.put("loss_weights", ConfigValues.doublesToJson(lossWeights));
        return m;
    }

    static Output fromJson(ConfigMap m) {
        return new Output(m.optString("name", null), m.optLong("n_in", null),
                m.requireLong("n_out"),
                ConfigValues.activationFromJson(m.raw("activation"), m.path() + ".activation"),
                m.present("weight_init") ? WeightInitScheme.fromJson(m.raw("weight_init"),
                        m.path() + ".weight_init") : null,
                m.optDouble("bias_init", null), m.optBoolean("has_bias", true),
                m.optDouble("dropout", null), m.optDouble("l1", null), m.optDouble("l2", null),
                m.optDouble("weight_decay", null),
                ConfigValues.lossFromJson(m.requireString("loss"), m.path() + ".loss"),
                m.optDoubles("loss_weights"));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        withInputShape(inputShape);
        return new long[] {nOut};
    }

    @Override
    public Output withInputShape(long[] inputShape) {
        long n = LayerChecks.flatInput(inputShape, "An output layer");
        LayerChecks.sameSize(nIn, n, "This output layer", "n_in", inputShape);
        return new Output(name, n, nOut, activation, weightInit, biasInit, hasBias, dropout, l1,
                l2, weightDecay, loss, lossWeights);
    }

    /** Unset settings from {@code d}, except the activation, which defaults to softmax. */
    Output withDefaults(LayerDefaults d) {
        return new Output(name, nIn, nOut,
                activation == null ? Activation.SOFTMAX.function() : activation,
                weightInit == null ? d.weightInit() : weightInit,
                biasInit == null ? d.biasInit() : biasInit, hasBias,
                dropout == null ? d.dropout() : dropout, l1, l2, weightDecay, loss, lossWeights);
    }

    @Override
    public Layer instantiate(LayerSetup setup) {
        Output r = withInputShape(setup.inputShape()).withDefaults(LayerDefaults.BUILT_IN);
        return new OutputImpl(setup, r, r.nIn(), nOut, r.activation(), r.weightInit(),
                r.biasInit(), hasBias, r.dropout(), loss, lossWeights);
    }

    /** DL4J-style builder; {@code nOut} is required, the loss defaults to mcxent. */
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
        private LossFunction loss = LossFunction.MCXENT;
        private List<Double> lossWeights;

        public Builder() {
        }

        /** A builder with this loss, as DL4J's {@code new OutputLayer.Builder(loss)}. */
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

        public Builder nIn(long value) {
            nIn = value;
            return this;
        }

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

        public Builder loss(LossFunction value) {
            loss = value;
            return this;
        }

        /** A loss by JSON name, e.g. {@code "sparse_mcxent"}. */
        public Builder loss(String value) {
            loss = LossFunction.fromName(value);
            return this;
        }

        /** One weight per output scaling its loss term. */
        public Builder lossWeights(double... values) {
            lossWeights = java.util.Arrays.stream(values).boxed().toList();
            return this;
        }

        public Output build() {
            return new Output(name, nIn, nOut, activation, weightInit, biasInit, hasBias,
                    dropout, l1, l2, weightDecay, loss, lossWeights);
        }
    }
}
