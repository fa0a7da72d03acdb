package org.pybridge.nn.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of one JSON object of a configuration: typed getters that name the object's
 * path and the expected type on error, and {@link #finish()} that rejects keys nobody read
 * (naming them and the valid ones), so that a misspelt key is an error rather than a silently
 * ignored setting.
 *
 * <pre>{@code
 * ConfigMap m = new ConfigMap(json, "layers[0] (dense)");
 * long nOut = m.requireLong("n_out");
 * double bias = m.optDouble("bias_init", 0.0);
 * m.finish(List.of("type", "n_out", "bias_init"));
 * }</pre>
 */
public final class ConfigMap {
    private final Map<String, Object> map;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    public ConfigMap(Map<String, Object> map, String path) {
        if (map == null) {
            throw new IllegalArgumentException(path + ": expected a JSON object, got null.");
        }
        this.map = map;
        this.path = path;
    }

    /** The same object under another path (e.g. once its type is known). */
    public ConfigMap renamed(String newPath) {
        return new ConfigMap(map, newPath);
    }

    /** The object's location in the configuration, for messages (e.g. {@code layers[2]}). */
    public String path() {
        return path;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    /** Whether the key is present with a non-null value. */
    public boolean present(String key) {
        read.add(key);
        return map.get(key) != null;
    }

    /** The raw value (or null), marked as read. */
    public Object raw(String key) {
        read.add(key);
        return map.get(key);
    }

    public String requireString(String key) {
        Object v = require(key);
        if (!(v instanceof String)) {
            throw wrongType(key, "a string", v);
        }
        return (String) v;
    }

    public String optString(String key, String fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String)) {
            throw wrongType(key, "a string", v);
        }
        return (String) v;
    }

    public long requireLong(String key) {
        return asLong(key, require(key));
    }

    /** An integer, or {@code fallback} when the key is absent or null. */
    public Long optLong(String key, Long fallback) {
        Object v = raw(key);
        return v == null ? fallback : Long.valueOf(asLong(key, v));
    }

    public double requireDouble(String key) {
        return asDouble(key, require(key));
    }

    /** A number (integers accepted), or {@code fallback} when absent or null. */
    public Double optDouble(String key, Double fallback) {
        Object v = raw(key);
        return v == null ? fallback : Double.valueOf(asDouble(key, v));
    }

    public boolean optBoolean(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean)) {
            throw wrongType(key, "true or false", v);
        }
        return (Boolean) v;
    }

    /** A nested object, or null when absent or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> optObject(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw wrongType(key, "a JSON object", v);
        }
        return (Map<String, Object>) v;
    }

    /** A list, or null when absent or null. */
    @SuppressWarnings("unchecked")
    public List<Object> optList(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List)) {
            throw wrongType(key, "a JSON list", v);
        }
        return (List<Object>) v;
    }

    /** A list of integers, or null when absent or null. */
    public long[] optLongs(String key) {
        List<Object> list = optList(key);
        if (list == null) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(key + "[" + i + "]", list.get(i));
        }
        return out;
    }

    /** A list of numbers, or null when absent or null. */
    public List<Double> optDoubles(String key) {
        List<Object> list = optList(key);
        if (list == null) {
            return null;
        }
        List<Double> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(asDouble(key + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /**
     * Fails if the object holds a key outside {@code valid}, naming the unknown keys and the
     * valid ones.
     */
    public void finish(Collection<String> valid) {
        List<String> unknown = new ArrayList<>();
        for (String k : map.keySet()) {
            if (!valid.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(path + ": unknown key" + (unknown.size() > 1 ? "s "
                    : " ") + quoted(unknown) + "; valid keys are " + quoted(valid) + ".");
        }
    }

    private Object require(String key) {
        Object v = raw(key);
        if (v == null) {
            throw new IllegalArgumentException(path + ": the key \"" + key + "\" is required"
                    + (map.containsKey(key) ? " and may not be null." : " but missing."));
        }
        return v;
    }

    private long asLong(String key, Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        throw wrongType(key, "an integer", v);
    }

    private double asDouble(String key, Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    private IllegalArgumentException wrongType(String key, String expected, Object v) {
        return new IllegalArgumentException(path + "." + key + " must be " + expected + ", got "
                + describe(v) + ".");
    }

    /** A value as a message shows it: its JSON text and kind. */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        String kind = v instanceof String ? "string" : v instanceof Boolean ? "boolean"
                : v instanceof Long || v instanceof Integer ? "integer" : v instanceof Number
                ? "number" : v instanceof Map ? "object" : v instanceof List ? "list"
                : v.getClass().getSimpleName();
        String text = v instanceof Map || v instanceof List ? Json.write(v, false)
                : v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return text + " (" + kind + ")";
    }

    private static String quoted(Collection<String> keys) {
        List<String> q = new ArrayList<>();
        for (String k : keys) {
            q.add("\"" + k + "\"");
        }
        return q.toString();
    }
}
