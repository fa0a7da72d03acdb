package org.pybridge.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.ConfigValues;
import org.pybridge.nn.internal.Json;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.ShapeException;

/**
 * The configuration of a {@link MultiLayerNetwork}: immutable, validated, comparable by value,
 * and stored as plain JSON with one schema that the Java and Python builders both produce.
 *
 * <h2>Building</h2>
 * <pre>{@code
 * NeuralNetConfiguration conf = NeuralNetConfiguration.builder()
 *     .seed(123).updater(new Adam(1e-3)).l2(1e-4).weightInit(WeightInit.XAVIER)
 *     .list()
 *     .layer(new Dense.Builder().nIn(784).nOut(1000).activation(Activation.RELU).build())
 *     .layer(new Output.Builder().nOut(10).activation(Activation.SOFTMAX)
 *             .loss(LossFunction.MCXENT).build())
 *     .setInputType(InputType.feedForward(784))
 *     .build();
 * String json = conf.toJson();
 * NeuralNetConfiguration same = NeuralNetConfiguration.fromJson(json);   // equals(conf)
 * }</pre>
 * {@code build()} checks the stack and fills in what can be inferred: each layer's input size
 * from the previous layer's output shape (a mismatch names the layer and both shapes), and the
 * network-wide defaults ({@code weightInit}, {@code activation} (dense layers only),
 * {@code biasInit}, {@code dropout}) into layers that leave them unset. The built configuration
 * therefore spells out every layer completely, and its JSON depends on no default.
 *
 * <h2>JSON schema</h2>
 * One object with these keys, in this order (written with two-space indentation, floats in
 * Python's repr style, see {@link Json}):
 * <ul>
 *   <li>{@code "seed"}: integer, or null for a random initialisation;</li>
 *   <li>{@code "data_type"}: {@code "float32"} (default) or {@code "float64"} (the dtype of
 *       parameters and computation);</li>
 *   <li>{@code "input_shape"}: the shape of one example, batch excluded, e.g. {@code [784]};</li>
 *   <li>{@code "updater"}: the {@link Updater}'s JSON, e.g. {@code {"type": "adam",
 *       "learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-08}};</li>
 *   <li>{@code "regularization"}: {@code {"l1": 0.0, "l2": 0.0001, "weight_decay": 0.0,
 *       "apply_to_bias": false}} ({@link Regularization}); a layer's own {@code "l1"},
 *       {@code "l2"} and {@code "weight_decay"} override it when not null;</li>
 *   <li>{@code "layers"}: a list of layer objects, each starting with {@code "type"} and
 *       {@code "name"} (see {@link LayerConfig} and each layer class for its keys).</li>
 * </ul>
 * Reading is strict: an unknown key, layer type, activation, loss, updater or weight init is an
 * error naming it and the valid choices; missing optional keys take their defaults.
 */
public final class NeuralNetConfiguration {
    private static final List<String> KEYS = List.of("seed", "data_type", "input_shape",
            "updater", "regularization", "layers");

    private final Long seed;
    private final DataType dataType;
    private final InputType inputType;
    private final Updater updater;
    private final Regularization regularization;
    private final List<LayerConfig> layers;
    private final long[][] inputShapes;
    private final long[] outputShape;

    private NeuralNetConfiguration(Long seed, DataType dataType, InputType inputType,
            Updater updater, Regularization regularization, List<LayerConfig> layers,
            long[][] inputShapes, long[] outputShape) {
        this.seed = seed;
        this.dataType = dataType;
        this.inputType = inputType;
        this.updater = updater;
        this.regularization = regularization;
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
        this.inputShapes = inputShapes;
        this.outputShape = outputShape;
    }

    /** A DL4J-style builder for the network-wide settings; {@code list()} adds the layers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The initialisation seed, or null when the network draws a random one. */
    public Long seed() {
        return seed;
    }

    /** The dtype of parameters and computation (float32 or float64). */
    public DataType dataType() {
        return dataType;
    }

    /** The shape of one input example. */
    public InputType inputType() {
        return inputType;
    }

    public Updater updater() {
        return updater;
    }

    /** The network-wide regularisation (layers may override parts of it). */
    public Regularization regularization() {
        return regularization;
    }

    /** The layers, fully resolved (input sizes and defaults filled in). */
    public List<LayerConfig> layers() {
        return layers;
    }

    public int numLayers() {
        return layers.size();
    }

    public LayerConfig layer(int index) {
        return layers.get(index);
    }

    /** The shape of one example entering layer {@code index}. */
    public long[] inputShape(int index) {
        return inputShapes[index].clone();
    }

    /** The shape of one example leaving layer {@code index}. */
    public long[] outputShape(int index) {
        return index + 1 < layers.size() ? inputShapes[index + 1].clone() : outputShape.clone();
    }

    /** The regularisation that applies to layer {@code index}: its overrides over the network's. */
    public Regularization regularization(int index) {
        LayerConfig l = layers.get(index);
        Double l1 = null;
        Double l2 = null;
        Double wd = null;
        if (l instanceof Dense d) {
            l1 = d.l1();
            l2 = d.l2();
            wd = d.weightDecay();
        } else if (l instanceof Output o) {
            l1 = o.l1();
            l2 = o.l2();
            wd = o.weightDecay();
        } else if (l instanceof Embedding e) {
            l1 = e.l1();
            l2 = e.l2();
            wd = e.weightDecay();
        }
        if (l1 == null && l2 == null && wd == null) {
            return regularization;
        }
        return new Regularization(l1 == null ? regularization.l1() : l1,
                l2 == null ? regularization.l2() : l2,
                wd == null ? regularization.weightDecay() : wd, regularization.applyToBias());
    }

    /** The canonical JSON text, pretty-printed (see the class comment for the schema). */
    public String toJson() {
        return Json.write(toJsonMap(), true);
    }

    /** The canonical JSON as maps and lists. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("data_type", dataType.numpyName());
        m.put("input_shape", ConfigValues.shapeToJson(inputType.shape()));
        m.put("updater", updater.toJson());
        m.put("regularization", regularization.toJson());
        List<Object> ls = new ArrayList<>();
        for (LayerConfig l : layers) {
            ls.add(l.toJson());
        }
        m.put("layers", ls);
        return m;
    }

    /**
     * Reads a configuration written by {@link #toJson()} (or by the Python builders) and
     * validates it like {@link ListBuilder#build()}.
     *
     * @throws IllegalArgumentException naming the offending key, type or value and the valid ones
     */
    public static NeuralNetConfiguration fromJson(String json) {
        return fromJsonMap(Json.parseObject(json));
    }

    /** Like {@link #fromJson(String)} for already-parsed JSON. */
    public static NeuralNetConfiguration fromJsonMap(Map<String, Object> json) {
        ConfigMap m = new ConfigMap(json, "configuration");
        m.finish(KEYS);
        Builder b = builder();
        Long seed = m.optLong("seed", null);
        if (seed != null) {
            b.seed(seed);
        }
        String dtype = m.optString("data_type", "float32");
        try {
            b.dataType(DataType.of(dtype));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration.data_type must be \"float32\" or"
                    + " \"float64\", got \"" + dtype + "\".", e);
        }
        Map<String, Object> updater = m.optObject("updater");
        if (updater != null) {
            b.updater(Updater.fromJson(updater));
        }
        Map<String, Object> reg = m.optObject("regularization");
        if (reg != null) {
            b.regularization(Regularization.fromJson(reg));
        }
        ListBuilder list = b.list();
        long[] input = m.optLongs("input_shape");
        if (input != null) {
            list.setInputType(InputType.of(input));
        }
        List<Object> layers = m.optList("layers");
        if (layers == null) {
            throw new IllegalArgumentException("configuration: the key \"layers\" is required: a"
                    + " list of layer objects.");
        }
        for (int i = 0; i < layers.size(); i++) {
            Object l = layers.get(i);
            if (!(l instanceof Map)) {
                throw new IllegalArgumentException("configuration.layers[" + i + "] must be a"
                        + " layer object, got " + ConfigMap.describe(l) + ".");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> lm = (Map<String, Object>) l;
            list.layer(LayerConfig.fromJson(lm, "layers[" + i + "]"));
        }
        return list.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuralNetConfiguration c && Objects.equals(c.seed, seed)
                && c.dataType == dataType && c.inputType.equals(inputType)
                && c.updater.equals(updater) && c.regularization.equals(regularization)
                && c.layers.equals(layers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, dataType, inputType, updater, regularization, layers);
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** Network-wide settings; {@link #list()} continues with the layers. */
    public static final class Builder {
        private Long seed;
        private DataType dataType = DataType.FLOAT32;
        private Updater updater = new Sgd();
        private double l1;
        private double l2;
        private double weightDecay;
        private boolean applyToBias;
        private ActivationFunction activation;
        private WeightInitScheme weightInit;
        private Double biasInit;
        private Double dropout;

        private Builder() {
        }

        /** The seed of parameter initialisation and training randomness (dropout, shuffling). */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** float32 (default) or float64 (e.g. for gradient checks). */
        public Builder dataType(DataType value) {
            if (value != DataType.FLOAT32 && value != DataType.FLOAT64) {
                throw new IllegalArgumentException("A network computes in float32 or float64, got "
                        + value.numpyName() + ".");
            }
            dataType = value;
            return this;
        }

        /** The optimizer (default: SGD with learning rate 1e-3, as DL4J). */
        public Builder updater(Updater value) {
            updater = Objects.requireNonNull(value, "updater");
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

        /** Decoupled weight decay (AdamW-style), scaled by the learning rate. */
        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /** Whether l1, l2 and weight decay also apply to biases (default false). */
        public Builder regularizeBias(boolean value) {
            applyToBias = value;
            return this;
        }

        /** All regularisation settings at once. */
        public Builder regularization(Regularization value) {
            l1 = value.l1();
            l2 = value.l2();
            weightDecay = value.weightDecay();
            applyToBias = value.applyToBias();
            return this;
        }

        /** Default activation of dense layers that set none (otherwise identity). */
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

        /** Default weight init of layers that set none (otherwise xavier). */
        public Builder weightInit(WeightInitScheme value) {
            weightInit = value;
            return this;
        }

        /** Default bias init of layers that set none (otherwise 0). */
        public Builder biasInit(double value) {
            biasInit = value;
            return this;
        }

        /** Default input dropout rate of dense and output layers that set none (otherwise 0). */
        public Builder dropout(double rate) {
            dropout = rate;
            return this;
        }

        /** Continues with the layer stack. */
        public ListBuilder list() {
            return new ListBuilder(this);
        }

        LayerDefaults defaults() {
            LayerDefaults d = LayerDefaults.BUILT_IN;
            return new LayerDefaults(activation == null ? d.activation() : activation,
                    weightInit == null ? d.weightInit() : weightInit,
                    biasInit == null ? d.biasInit() : biasInit,
                    dropout == null ? d.dropout() : dropout);
        }
    }

    /** The layer stack; {@link #build()} validates and resolves it. */
    public static final class ListBuilder {
        private final Builder global;
        private final List<LayerConfig> layers = new ArrayList<>();
        private InputType inputType;

        private ListBuilder(Builder global) {
            this.global = global;
        }

        /** Appends a layer. */
        public ListBuilder layer(LayerConfig layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /** The shape of one input example; optional when the first layer sets its n_in. */
        public ListBuilder setInputType(InputType value) {
            inputType = value;
            return this;
        }

        /**
         * Validates the stack and resolves it: defaults into layers, input sizes inferred.
         *
         * @throws IllegalArgumentException for an invalid stack (no layers, an output layer that
         *                                  is not last, no input shape)
         * @throws ShapeException           when a layer cannot take its input, naming the layer
         *                                  and both shapes
         */
        public NeuralNetConfiguration build() {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("A network needs at least one layer; add"
                        + " layers with .layer(...) before build().");
            }
            for (int i = 0; i < layers.size() - 1; i++) {
                if (layers.get(i).isOutputLayer()) {
                    throw new IllegalArgumentException("Layer " + i + " (" + describe(i,
                            layers.get(i)) + ") scores the network's output, so it must be the"
                            + " last layer, but " + (layers.size() - 1 - i) + " more follow;"
                            + " use a dense layer here, or move it to the end.");
                }
            }
            InputType input = inputType != null ? inputType : inferInput(layers.get(0));
            Regularization reg = new Regularization(global.l1, global.l2, global.weightDecay,
                    global.applyToBias);
            LayerDefaults defaults = global.defaults();
            List<LayerConfig> resolved = new ArrayList<>();
            long[][] shapes = new long[layers.size()][];
            long[] shape = input.shape();
            for (int i = 0; i < layers.size(); i++) {
                LayerConfig l = withDefaults(layers.get(i), defaults);
                shapes[i] = shape;
                try {
                    l = l.withInputShape(shape);
                    shape = l.outputShape(shape);
                } catch (ShapeException e) {
                    throw new ShapeException("Layer " + i + " (" + describe(i, l) + "): "
                            + e.getMessage() + (i == 0 ? " The network input has shape "
                            + ShapeText.of(input.shape()) + "." : " Layer " + (i - 1) + " ("
                            + describe(i - 1, resolved.get(i - 1)) + ") outputs "
                            + ShapeText.of(shapes[i]) + "."));
                }
                resolved.add(l);
            }
            return new NeuralNetConfiguration(global.seed, global.dataType, input, global.updater,
                    reg, resolved, shapes, shape);
        }

        private static String describe(int index, LayerConfig l) {
            return l.type() + (l.name() == null ? "" : " '" + l.name() + "'");
        }

        private static LayerConfig withDefaults(LayerConfig l, LayerDefaults d) {
            if (l instanceof Dense dense) {
                return dense.withDefaults(d);
            }
            if (l instanceof Output out) {
                return out.withDefaults(d);
            }
            if (l instanceof Embedding e) {
                return e.withDefaults(d);
            }
            return l;
        }

        private static InputType inferInput(LayerConfig first) {
            if (first instanceof Dense d && d.nIn() != null) {
                return InputType.feedForward(d.nIn());
            }
            if (first instanceof Output o && o.nIn() != null) {
                return InputType.feedForward(o.nIn());
            }
            if (first instanceof Embedding) {
                return InputType.feedForward(1);
            }
            if (first instanceof BatchNormalization b && b.nOut() != null) {
                return InputType.feedForward(b.nOut());
            }
            throw new IllegalArgumentException("The network's input shape is unknown: set it"
                    + " with .setInputType(InputType.feedForward(n)) or give the first layer"
                    + " (" + describe(0, first) + ") its nIn.");
        }
    }
}
