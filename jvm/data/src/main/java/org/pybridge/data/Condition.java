package org.pybridge.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A row predicate of a filter step, with SQL null semantics: comparisons with null are unknown,
 * and/or/not use three-valued (Kleene) logic, {@code in} is false for null, {@code is_null} is
 * never unknown. NaN compares false (IEEE) and is not null.
 */
interface Condition {
    /** Per row: {@code known[i]} false means null; otherwise {@code value[i]}. */
    record Result(boolean[] value, boolean[] known) {
    }

    void check(Schema s);

    Result evaluate(Table t);

    Map<String, Object> toJson();

    List<String> OPS = List.of("lt", "le", "gt", "ge", "eq", "ne");

    static Condition parse(Object json) {
        Map<String, Object> m = JsonFields.object(json, "condition");
        String op = JsonFields.string(m, "op", "condition");
        switch (op) {
            case "and":
            case "or": {
                List<Condition> parts = new ArrayList<>();
                for (Object o : JsonFields.list(m, "conditions", op + " condition")) {
                    parts.add(parse(o));
                }
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("An '" + op
                            + "' condition needs at least one condition.");
                }
                return new Logic(op, parts);
            }
            case "not":
                return new Not(parse(JsonFields.required(m, "condition", "not condition")));
            case "is_null":
                return new IsNull(JsonFields.string(m, "column", "is_null condition"));
            case "in":
                return new In(JsonFields.string(m, "column", "in condition"),
                        JsonFields.list(m, "values", "in condition"));
            default:
                if (!OPS.contains(op)) {
                    throw new IllegalArgumentException("Unknown condition op '" + op
                            + "'; use lt, le, gt, ge, eq, ne, in, is_null, and, or, not.");
                }
                return new Compare(op, JsonFields.string(m, "column", op + " condition"),
                        JsonFields.required(m, "value", op + " condition"));
        }
    }

    private static boolean[] allTrue(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    /** Checks {@code v} suits a column of type {@code t}. */
    private static void checkValue(String column, ColumnType t, Object v) {
        boolean ok;
        switch (t.kind()) {
            case INT64:
                ok = v instanceof Long || v instanceof Double;
                break;
            case DOUBLE:
                ok = v instanceof Double;
                break;
            case STRING:
            case CATEGORICAL:
                ok = v instanceof String;
                break;
            case BOOLEAN:
                ok = v instanceof Boolean;
                break;
            default:
                throw new IllegalArgumentException("Column '" + column + "' is " + t.describe()
                        + "; conditions on it support is_null only.");
        }
        if (!ok) {
            throw new IllegalArgumentException("Condition value " + JsonFields.describe(v)
                    + " does not suit column '" + column + "' of type " + t.describe() + ".");
        }
    }

    /** Unicode code point order (what Arrow's byte-wise UTF-8 comparison gives). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** {@code column <op> value}. */
    record Compare(String op, String column, Object value) implements Condition {
        @Override
        public void check(Schema s) {
            ColumnType t = s.type(column);
            if ((t.kind() == ColumnType.Kind.CATEGORICAL || t.kind() == ColumnType.Kind.BOOLEAN)
                    && !op.equals("eq") && !op.equals("ne")) {
                throw new IllegalArgumentException("Column '" + column + "' is " + t.describe()
                        + ": compare it with eq, ne or in, not " + op + ".");
            }
            checkValue(column, t, value);
        }

        private boolean test(int c) {
            switch (op) {
                case "lt": return c < 0;
                case "le": return c <= 0;
                case "gt": return c > 0;
                case "ge": return c >= 0;
                case "eq": return c == 0;
                default: return c != 0;
            }
        }

        private boolean test(double x, double v) {
            switch (op) {
                case "lt": return x < v;
                case "le": return x <= v;
                case "gt": return x > v;
                case "ge": return x >= v;
                case "eq": return x == v;
                default: return x != v;
            }
        }

        @Override
        public Result evaluate(Table t) {
            Column c = t.column(column);
            int n = c.size();
            boolean[] out = new boolean[n];
            switch (c.type().kind()) {
                case DOUBLE: {
                    double v = (Double) value;
                    for (int i = 0; i < n; i++) {
                        out[i] = test(c.doubles[i], v);
                    }
                    break;
                }
                case INT64:
                    if (value instanceof Double) {
                        double v = (Double) value;
                        for (int i = 0; i < n; i++) {
                            out[i] = test((double) c.longs[i], v);
                        }
                    } else {
                        long v = (Long) value;
                        for (int i = 0; i < n; i++) {
                            out[i] = test(Long.compare(c.longs[i], v));
                        }
                    }
                    break;
                case BOOLEAN: {
                    boolean v = (Boolean) value;
                    for (int i = 0; i < n; i++) {
                        out[i] = test(Boolean.compare(c.booleans[i], v));
                    }
                    break;
                }
                case CATEGORICAL: {
                    int k = c.type().categoryIndex((String) value);
                    for (int i = 0; i < n; i++) {
                        out[i] = test(Integer.compare(c.codes[i], k));
                    }
                    break;
                }
                default: {
                    String v = (String) value;
                    String[] values = c.strings();
                    for (int i = 0; i < n; i++) {
                        out[i] = c.isValid(i) && test(compareCodePoints(values[i], v));
                    }
                }
            }
            return new Result(out, c.valid == null ? allTrue(n) : c.valid);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op);
            m.put("column", column);
            m.put("value", value);
            return m;
        }
    }

    /** {@code column} is one of {@code values}; false for null. */
    record In(String column, List<Object> values) implements Condition {
        @Override
        public void check(Schema s) {
            ColumnType t = s.type(column);
            for (Object v : values) {
                checkValue(column, t, v);
            }
        }

        @Override
        public Result evaluate(Table t) {
            Column c = t.column(column);
            int n = c.size();
            boolean[] out = new boolean[n];
            boolean anyDouble = false;
            for (Object v : values) {
                anyDouble |= v instanceof Double;
            }
            if (c.type().kind() == ColumnType.Kind.DOUBLE
                    || (c.type().kind() == ColumnType.Kind.INT64 && anyDouble)) {
                // Arrow's is_in matches doubles by value bits: -0.0 is not 0.0 there.
                double[] x = Step.doubles(c);
                Set<Long> bits = new HashSet<>();
                for (Object v : values) {
                    bits.add(Double.doubleToLongBits(((Number) v).doubleValue()));
                }
                for (int i = 0; i < n; i++) {
                    out[i] = bits.contains(Double.doubleToLongBits(x[i]));
                }
            } else {
                Set<Object> set = new HashSet<>(values);
                for (int i = 0; i < n; i++) {
                    if (c.isValid(i)) {
                        out[i] = set.contains(c.get(i));
                    }
                }
            }
            if (c.valid != null) {
                for (int i = 0; i < n; i++) {
                    out[i] &= c.valid[i];
                }
            }
            return new Result(out, allTrue(n));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "in");
            m.put("column", column);
            m.put("values", new ArrayList<>(values));
            return m;
        }
    }

    /** Whether {@code column} is null (never unknown). */
    record IsNull(String column) implements Condition {
        @Override
        public void check(Schema s) {
            s.indexOf(column);
        }

        @Override
        public Result evaluate(Table t) {
            Column c = t.column(column);
            boolean[] out = new boolean[c.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = c.isNull(i);
            }
            return new Result(out, allTrue(out.length));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "is_null");
            m.put("column", column);
            return m;
        }
    }

    /** Kleene and/or over the parts. */
    record Logic(String op, List<Condition> parts) implements Condition {
        @Override
        public void check(Schema s) {
            for (Condition p : parts) {
                p.check(s);
            }
        }

        @Override
        public Result evaluate(Table t) {
            boolean and = op.equals("and");
            Result acc = parts.get(0).evaluate(t);
            boolean[] v = acc.value().clone();
            boolean[] k = acc.known().clone();
            for (int p = 1; p < parts.size(); p++) {
                Result r = parts.get(p).evaluate(t);
                for (int i = 0; i < v.length; i++) {
                    boolean dominant = !and;
                    boolean aDom = k[i] && v[i] == dominant;
                    boolean bDom = r.known()[i] && r.value()[i] == dominant;
                    if (aDom || bDom) {
                        v[i] = dominant;
                        k[i] = true;
                    } else {
                        k[i] = k[i] && r.known()[i];
                        v[i] = !dominant;
                    }
                }
            }
            return new Result(v, k);
        }

        @Override
        public Map<String, Object> toJson() {
            List<Object> list = new ArrayList<>();
            for (Condition p : parts) {
                list.add(p.toJson());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op);
            m.put("conditions", list);
            return m;
        }
    }

    /** Negation (null stays null). */
    record Not(Condition inner) implements Condition {
        @Override
        public void check(Schema s) {
            inner.check(s);
        }

        @Override
        public Result evaluate(Table t) {
            Result r = inner.evaluate(t);
            boolean[] v = new boolean[r.value().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = !r.value()[i];
            }
            return new Result(v, r.known());
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "not");
            m.put("condition", inner.toJson());
            return m;
        }
    }
}
