package org.pybridge.nn.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.Activation;
import org.pybridge.nn.ActivationFunction;
import org.pybridge.nn.LossFunction;

/**
 * JSON forms of the value types that configurations share, so that every layer writes them the
 * same way:
 * <ul>
 *   <li>an activation without parameters is its name ({@code "relu"}); one with parameters is
 *       an object with every parameter written out
 *       ({@code {"type": "leakyrelu", "alpha": 0.01}}), so that a saved file never depends on
 *       defaults; reading accepts the bare name for any activation (defaults apply);</li>
 *   <li>a loss is its name ({@code "mcxent"});</li>
 *   <li>per-output loss weights are a list of numbers or null.</li>
 * </ul>
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    public static Object activationToJson(ActivationFunction f) {
        if (f == null) {
            return null;
        }
        if (f.params().isEmpty()) {
            return f.type().jsonName();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", f.type().jsonName());
        m.putAll(f.params());
        return m;
    }

    /** Reads an activation written by {@link #activationToJson} (or a bare name). */
    public static ActivationFunction activationFromJson(Object json, String path) {
        if (json == null) {
            return null;
        }
        try {
            if (json instanceof String s) {
                return ActivationFunction.of(s);
            }
            if (json instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) json);
                Object type = m.remove("type");
                if (!(type instanceof String)) {
                    throw new IllegalArgumentException("an activation object needs a \"type\""
                            + " string, e.g. {\"type\": \"leakyrelu\", \"alpha\": 0.2}");
                }
                return ActivationFunction.of(Activation.fromName((String) type), m);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(path + " must be an activation name such as \"relu\""
                + " or an object such as {\"type\": \"leakyrelu\", \"alpha\": 0.2}, got "
                + ConfigMap.describe(json) + ".");
    }

    public static LossFunction lossFromJson(String name, String path) {
        try {
            return LossFunction.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** Loss weights as JSON (a list of doubles) or null. */
    public static Object doublesToJson(List<Double> values) {
        return values == null ? null : new ArrayList<Object>(values);
    }

    /** A shape as a JSON list of integers. */
    public static List<Object> shapeToJson(long[] shape) {
        List<Object> list = new ArrayList<>(shape.length);
        for (long s : shape) {
            list.add(s);
        }
        return list;
    }
}
