package org.pybridge.nn.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/** Shared input checks, JSON helpers and table formatting for the evaluation classes. */
public final class EvalSupport {
    private EvalSupport() {
    }

    /** The per-example mask as n booleans (true = counted), or null for no mask. */
    public static boolean[] exampleMask(String who, NDArray mask, long n) {
        if (mask == null) {
            return null;
        }
        long[] s = mask.shape();
        boolean ok = (s.length == 1 && s[0] == n) || (s.length == 2 && s[0] == n && s[1] == 1);
        if (!ok) {
            throw new ShapeException(who + ": the mask has shape " + Arrays.toString(s)
                    + " but there are " + n + " examples; expected (" + n + ",) or (" + n
                    + ", 1) with 1 to count an example and 0 to skip it.");
        }
        double[] v = mask.toDoubleArray();
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] != 0;
        }
        return out;
    }

    /** Rows of a 2-d array, as a flat double array with {@code cols} per row. */
    public static double[] matrix(String who, String what, NDArray a) {
        if (a.ndim() != 2) {
            throw new ShapeException(who + ": " + what + " must be 2-d (examples, columns), got"
                    + " shape " + Arrays.toString(a.shape()) + ".");
        }
        if (a.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(who + ": " + what + " has " + a.size()
                    + " values; evaluate it in smaller batches.");
        }
        return a.toDoubleArray();
    }

    /** A JSON array of longs as {@code long[]}, or an error naming {@code key}. */
    public static long[] longs(String who, Object v, String key, int n) {
        if (!(v instanceof List) || ((List<?>) v).size() != n) {
            throw new IllegalArgumentException(who + " JSON: \"" + key + "\" must be a list of "
                    + n + " integers, got " + (v == null ? "nothing" : Json.write(v, false))
                    + ".");
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            Object x = ((List<?>) v).get(i);
            if (!(x instanceof Long) || (Long) x < 0) {
                throw new IllegalArgumentException(who + " JSON: \"" + key + "\" must hold"
                        + " non-negative integers, got " + Json.write(x, false) + ".");
            }
            out[i] = (Long) x;
        }
        return out;
    }

    /** A non-negative integer field, {@code missing} when absent. */
    public static long count(String who, Map<String, Object> json, String key, long missing) {
        if (!json.containsKey(key)) {
            if (missing < 0) {
                throw new IllegalArgumentException(who + " JSON needs \"" + key + "\".");
            }
            return missing;
        }
        Object v = json.get(key);
        if (!(v instanceof Long) || (Long) v < 0) {
            throw new IllegalArgumentException(who + " JSON: \"" + key + "\" must be a"
                    + " non-negative integer, got " + Json.write(v, false) + ".");
        }
        return (Long) v;
    }

    /** A JSON array of numbers (null = NaN) as {@code double[]}. */
    public static double[] doubles(String who, Object v, String key, int n) {
        if (!(v instanceof List) || ((List<?>) v).size() != n) {
            throw new IllegalArgumentException(who + " JSON: \"" + key + "\" must be a list of "
                    + n + " numbers, got " + (v == null ? "nothing" : Json.write(v, false))
                    + ".");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Object x = ((List<?>) v).get(i);
            if (x != null && !(x instanceof Number)) {
                throw new IllegalArgumentException(who + " JSON: \"" + key + "\" must hold"
                        + " numbers, got " + Json.write(x, false) + ".");
            }
            out[i] = x == null ? Double.NaN : ((Number) x).doubleValue();
        }
        return out;
    }

    /** Numbers for JSON: NaN and infinities (JSON has none) become null. */
    public static List<Object> jsonNumbers(double[] v) {
        List<Object> out = new ArrayList<>();
        for (double d : v) {
            out.add(Double.isFinite(d) ? (Object) d : null);
        }
        return out;
    }

    public static List<Object> jsonNumbers(long[] v) {
        List<Object> out = new ArrayList<>();
        for (long x : v) {
            out.add(x);
        }
        return out;
    }

    /** Optional names (a list of strings of length n) from JSON, or null. */
    public static List<String> names(String who, Object v, int n) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List) || ((List<?>) v).size() != n) {
            throw new IllegalArgumentException(who + " JSON: names must be a list of " + n
                    + " strings, got " + Json.write(v, false) + ".");
        }
        List<String> out = new ArrayList<>();
        for (Object x : (List<?>) v) {
            if (!(x instanceof String)) {
                throw new IllegalArgumentException(who + " JSON: names must be strings, got "
                        + Json.write(x, false) + ".");
            }
            out.add((String) x);
        }
        return List.copyOf(out);
    }

    /** Rejects keys other than {@code allowed}. */
    public static void checkKeys(String who, Map<String, Object> json, List<String> allowed) {
        for (String k : json.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(who + " JSON: unknown key '" + k + "'; the"
                        + " keys are " + allowed + ".");
            }
        }
    }

    /** A metric for tables: 4 decimals, or "n/a" for NaN. */
    public static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Left-aligns {@code s} in {@code width} characters. */
    public static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Right-aligns {@code s} in {@code width} characters. */
    public static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
