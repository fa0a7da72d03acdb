package org.pybridge.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.pybridge.nn.internal.ConfigMap;

/** The registry of layer JSON types: name -> canonical keys and parser. */
final class LayerTypes {
    private record Entry(List<String> keys, Function<ConfigMap, LayerConfig> parser) {
    }

    private static final Map<String, Entry> TYPES = new LinkedHashMap<>();

    static {
        register(Dense.TYPE, Dense.KEYS, Dense::fromJson);
        register(Output.TYPE, Output.KEYS, Output::fromJson);
        register(LossLayer.TYPE, LossLayer.KEYS, LossLayer::fromJson);
        register(ActivationLayer.TYPE, ActivationLayer.KEYS, ActivationLayer::fromJson);
        register(DropoutLayer.TYPE, DropoutLayer.KEYS, DropoutLayer::fromJson);
        register(Embedding.TYPE, Embedding.KEYS, Embedding::fromJson);
        register(BatchNormalization.TYPE, BatchNormalization.KEYS, BatchNormalization::fromJson);
    }

    private LayerTypes() {
    }

    private static void register(String type, List<String> keys,
            Function<ConfigMap, LayerConfig> parser) {
        TYPES.put(type, new Entry(List.copyOf(keys), parser));
    }

    static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }

    static List<String> keys(String type) {
        Entry e = TYPES.get(type);
        if (e == null) {
            throw unknown(type, "layer type");
        }
        return e.keys();
    }

    static LayerConfig parse(ConfigMap m) {
        String type = m.requireString("type");
        Entry e = TYPES.get(type);
        if (e == null) {
            throw unknown(type, m.path() + ": layer type");
        }
        ConfigMap typed = m.renamed(m.path() + " (" + type + ")");
        typed.finish(e.keys());
        return e.parser().apply(typed);
    }

    private static IllegalArgumentException unknown(String type, String what) {
        return new IllegalArgumentException("Unknown " + what + " \"" + type + "\"; registered"
                + " types are " + new ArrayList<>(TYPES.keySet()) + ".");
    }
}
