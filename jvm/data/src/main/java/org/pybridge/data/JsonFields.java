package org.pybridge.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads from parsed JSON, failing with the field and the place it was expected. */
final class JsonFields {
    private JsonFields() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o, String where) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("Expected a JSON object for " + where + ", found "
                    + describe(o) + ".");
        }
        return (Map<String, Object>) o;
    }

    static Object required(Map<String, Object> m, String key, String where) {
        if (!m.containsKey(key)) {
            throw new IllegalArgumentException("The " + where + " lacks the field \"" + key
                    + "\".");
        }
        return m.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key, String where) {
        Object o = required(m, key, where);
        if (!(o instanceof List)) {
            throw new IllegalArgumentException("Field \"" + key + "\" of the " + where
                    + " must be a JSON list, found " + describe(o) + ".");
        }
        return (List<Object>) o;
    }

    static String string(Map<String, Object> m, String key, String where) {
        Object o = required(m, key, where);
        if (!(o instanceof String)) {
            throw new IllegalArgumentException("Field \"" + key + "\" of the " + where
                    + " must be a string, found " + describe(o) + ".");
        }
        return (String) o;
    }

    static List<String> strings(Map<String, Object> m, String key, String where) {
        List<String> out = new ArrayList<>();
        for (Object o : list(m, key, where)) {
            if (!(o instanceof String)) {
                throw new IllegalArgumentException("Field \"" + key + "\" of the " + where
                        + " must list strings, found " + describe(o) + ".");
            }
            out.add((String) o);
        }
        return out;
    }

    /** A number field as a double; {@code null} when the JSON holds null. */
    static Double nullableDouble(Map<String, Object> m, String key, String where) {
        Object o = required(m, key, where);
        if (o == null) {
            return null;
        }
        if (!(o instanceof Number)) {
            throw new IllegalArgumentException("Field \"" + key + "\" of the " + where
                    + " must be a number, found " + describe(o) + ".");
        }
        return ((Number) o).doubleValue();
    }

    static double number(Map<String, Object> m, String key, String where) {
        Double d = nullableDouble(m, key, where);
        if (d == null) {
            throw new IllegalArgumentException("Field \"" + key + "\" of the " + where
                    + " must be a number, found null.");
        }
        return d;
    }

    static String describe(Object o) {
        return o == null ? "null" : o instanceof String ? "the string \"" + o + "\""
                : o.getClass().getSimpleName() + " " + o;
    }
}
