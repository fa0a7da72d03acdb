package org.pybridge.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.nn.layers.Layer;
import org.pybridge.tensor.NDArray;

/** A network's parameters by DL4J key ({@code "0_W"}): listing, views and validated copies. */
final class NetworkParams {
    private NetworkParams() {
    }

    static String key(Layer l, String param) {
        return l.index() + "_" + param;
    }

    static List<String> keys(List<Layer> layers) {
        List<String> keys = new ArrayList<>();
        for (Layer l : layers) {
            for (String name : l.params().keySet()) {
                keys.add(key(l, name));
            }
        }
        return keys;
    }

    /** New views of every parameter, by key, in layer order. */
    static Map<String, NDArray> views(List<Layer> layers) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                m.put(key(l, p.getKey()), p.getValue().share());
            }
        }
        return m;
    }

    /** The live parameter array (owned by its layer). */
    static NDArray live(List<Layer> layers, String key) {
        for (Layer l : layers) {
            for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                if (key(l, p.getKey()).equals(key)) {
                    return p.getValue();
                }
            }
        }
        throw new IllegalArgumentException("Unknown parameter '" + key + "'; this network has "
                + keys(layers) + ".");
    }

    /** Copies every value in, after checking that the keys and shapes match exactly. */
    static void setAll(List<Layer> layers, Map<String, NDArray> values) {
        List<String> keys = keys(layers);
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (!values.containsKey(k)) {
                missing.add(k);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!keys.contains(k)) {
                unknown.add(k);
            }
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("setParams: "
                    + (unknown.isEmpty() ? "" : "unknown keys " + unknown + "; ")
                    + (missing.isEmpty() ? "" : "missing keys " + missing + "; ")
                    + "this network's parameters are " + keys + " (use setParam for one).");
        }
        for (String k : keys) {
            checkShape(live(layers, k), k, values.get(k));
        }
        for (String k : keys) {
            live(layers, k).assign(values.get(k));
        }
    }

    static void set(List<Layer> layers, String key, NDArray value) {
        NDArray p = live(layers, key);
        checkShape(p, key, value);
        p.assign(value);
    }

    private static void checkShape(NDArray p, String key, NDArray value) {
        if (value == null || !Arrays.equals(p.shape(), value.shape())) {
            throw new IllegalArgumentException("setParams: parameter '" + key + "' has shape "
                    + ShapeText.of(p.shape()) + " but the value " + (value == null ? "is null"
                    : "has shape " + ShapeText.of(value.shape())) + ".");
        }
    }
}
