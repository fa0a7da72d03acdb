package org.pybridge.nn;

import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerSetup;

/**
 * The configuration of one layer: immutable data that round-trips through JSON, from which a
 * runtime {@link Layer} is built once its input shape is known.
 *
 * <p>Every layer's JSON is an object whose {@code "type"} names the layer ({@link
 * #registeredTypes()}: {@code dense}, {@code output}, {@code loss}, {@code activation},
 * {@code dropout}, {@code embedding}, {@code batch_normalization}), followed by
 * {@code "name"} (a string or null) and the layer's own keys in a fixed order ({@link
 * #jsonKeys(String)}). Shapes exclude the batch dimension and are general {@code long[]}, so
 * that convolutional and recurrent layers fit the same interface.
 *
 * <pre>{@code
 * LayerConfig dense = new Dense.Builder().nOut(100).activation(Activation.RELU).build();
 * long[] out = dense.outputShape(new long[] {784});            // {100}
 * LayerConfig same = LayerConfig.fromJson(dense.toJson());     // equal to dense
 * }</pre>
 */
public sealed interface LayerConfig permits Dense, Output, LossLayer, ActivationLayer,
        DropoutLayer, Embedding, BatchNormalization {

    /** The JSON type name, e.g. {@code "dense"}. */
    String type();

    /** An optional name shown in summaries and messages; null when unnamed. */
    String name();

    /** The canonical JSON object (keys in {@link #jsonKeys(String)} order). */
    Map<String, Object> toJson();

    /**
     * The output shape (batch excluded) for this input shape.
     *
     * @throws org.pybridge.tensor.ShapeException naming both shapes when the layer cannot take
     *                                            this input
     */
    long[] outputShape(long[] inputShape);

    /**
     * This configuration with its input-dependent sizes filled in (a dense layer's n_in, a
     * batch-norm's n_out), checked against {@code inputShape}.
     *
     * @throws org.pybridge.tensor.ShapeException when a size was set and disagrees with the input
     */
    LayerConfig withInputShape(long[] inputShape);

    /** Whether this layer ends a network and scores its output (output and loss layers). */
    default boolean isOutputLayer() {
        return false;
    }

    /** Builds the runtime layer, drawing its initial parameters from {@code setup.random()}. */
    Layer instantiate(LayerSetup setup);

    /** The registered JSON type names, in a fixed order. */
    static List<String> registeredTypes() {
        return LayerTypes.names();
    }

    /** The keys of a layer type's JSON object, in canonical order ({@code type} first). */
    static List<String> jsonKeys(String type) {
        return LayerTypes.keys(type);
    }

    /** Reads one layer configuration (strict: unknown types and keys are errors). */
    static LayerConfig fromJson(Map<String, Object> json) {
        return fromJson(json, "layer");
    }

    /** Like {@link #fromJson(Map)}, naming {@code path} (e.g. {@code layers[2]}) in errors. */
    static LayerConfig fromJson(Map<String, Object> json, String path) {
        return LayerTypes.parse(new ConfigMap(json, path));
    }
}
