package org.pybridge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Steps that fill missing values and that drop rows. */
final class RowSteps {
    private RowSteps() {
    }

    /**
     * Replaces nulls (and NaN in double columns) with {@code value}; for the mean and median
     * strategies the value is learnt in Python and null until then.
     */
    record ReplaceMissing(String column, String strategy, Object value) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            ColumnType t = in.type(column);
            if (!strategy.equals("constant") && !t.isNumeric()) {
                throw new IllegalArgumentException("replace_missing with " + strategy
                        + " needs a numeric column, but '" + column + "' is " + t.describe()
                        + "; use strategy 'constant'.");
            }
            if (value != null) {
                canonical(t);
            }
            return in;
        }

        /** The value as the column's JSON type; checks it suits the column. */
        Object canonical(ColumnType t) {
            Object v = value;
            boolean ok;
            switch (t.kind()) {
                case DOUBLE:
                    ok = v instanceof Number;
                    v = ok ? (Object) ((Number) v).doubleValue() : v;
                    break;
                case INT64:
                case TIMESTAMP:
                    ok = v instanceof Long;
                    break;
                case BOOLEAN:
                    ok = v instanceof Boolean;
                    break;
                case CATEGORICAL:
                    ok = v instanceof String && (!t.isFitted() || t.categoryIndex((String) v) >= 0);
                    break;
                default:
                    ok = v instanceof String;
            }
            if (!ok) {
                throw new IllegalArgumentException("Fill value " + JsonFields.describe(value)
                        + " does not suit column '" + column + "' of type " + t.describe()
                        + " (timestamps take microseconds since the epoch).");
            }
            return v;
        }

        @Override
        public boolean isFitted() {
            return value != null;
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            int n = c.size();
            Object v = canonical(c.type());
            switch (c.type().kind()) {
                case DOUBLE: {
                    double fill = (Double) v;
                    double[] y = c.doubles.clone();
                    for (int i = 0; i < n; i++) {
                        if (!c.isValid(i) || Double.isNaN(y[i])) {
                            y[i] = fill;
                        }
                    }
                    return Step.replace(t, Column.doubles(column, y, null));
                }
                case INT64:
                case TIMESTAMP: {
                    long fill = (Long) v;
                    long[] y = c.longs.clone();
                    for (int i = 0; i < n; i++) {
                        if (!c.isValid(i)) {
                            y[i] = fill;
                        }
                    }
                    return Step.replace(t, Column.longs(column, c.type(), y, null));
                }
                case BOOLEAN: {
                    boolean fill = (Boolean) v;
                    boolean[] y = c.booleans.clone();
                    for (int i = 0; i < n; i++) {
                        if (!c.isValid(i)) {
                            y[i] = fill;
                        }
                    }
                    return Step.replace(t, Column.booleans(column, y, null));
                }
                case CATEGORICAL: {
                    int fill = c.type().categoryIndex((String) v);
                    int[] y = c.codes.clone();
                    for (int i = 0; i < n; i++) {
                        if (!c.isValid(i)) {
                            y[i] = fill;
                        }
                    }
                    return Step.replace(t, Column.categorical(column, c.type(), y, null));
                }
                default: {
                    String[] y = c.strings().clone();
                    for (int i = 0; i < n; i++) {
                        if (y[i] == null) {
                            y[i] = (String) v;
                        }
                    }
                    return Step.replace(t, Column.strings(column, y));
                }
            }
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "replace_missing");
            m.put("column", column);
            m.put("strategy", strategy);
            m.put("value", value);
            return m;
        }

        @Override
        public String describe() {
            return "replace_missing (" + strategy + ") on '" + column + "'";
        }
    }

    /** Keeps the rows where the condition is true (null counts as false). */
    record Filter(Condition condition) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in != null) {
                condition.check(in);
            }
            return in;
        }

        @Override
        public Table apply(Table t, Schema in) {
            Condition.Result r = condition.evaluate(t);
            int n = t.rowCount();
            int kept = 0;
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                if (r.known()[i] && r.value()[i]) {
                    rows[kept++] = i;
                }
            }
            if (kept == n) {
                return t;
            }
            List<Column> out = new ArrayList<>();
            for (Column c : t.columns()) {
                out.add(take(c, rows, kept));
            }
            return new Table(out, kept);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "filter");
            m.put("condition", condition.toJson());
            return m;
        }

        @Override
        public String describe() {
            return "filter";
        }
    }

    /** The first {@code n} of {@code rows} of column {@code c}. */
    static Column take(Column c, int[] rows, int n) {
        boolean[] valid = null;
        if (c.valid != null) {
            valid = new boolean[n];
            for (int i = 0; i < n; i++) {
                valid[i] = c.valid[rows[i]];
            }
        }
        switch (c.type().kind()) {
            case DOUBLE: {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.doubles[rows[i]];
                }
                return Column.doubles(c.name(), v, valid);
            }
            case INT64:
            case TIMESTAMP: {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.longs[rows[i]];
                }
                return Column.longs(c.name(), c.type(), v, valid);
            }
            case BOOLEAN: {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.booleans[rows[i]];
                }
                return Column.booleans(c.name(), v, valid);
            }
            case CATEGORICAL: {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.codes[rows[i]];
                }
                return Column.categorical(c.name(), c.type(), v, valid);
            }
            default:
                return c.utf8Data != null ? takeUtf8(c, rows, n, valid) : takeStrings(c, rows, n);
        }
    }

    private static Column takeStrings(Column c, int[] rows, int n) {
        String[] all = c.strings();
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = all[rows[i]];
        }
        return Column.strings(c.name(), v);
    }

    /** Rows of a column still in UTF-8: byte ranges are copied, nothing is decoded. */
    private static Column takeUtf8(Column c, int[] rows, int n, boolean[] valid) {
        int[] from = c.utf8Offsets;
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + from[rows[i] + 1] - from[rows[i]];
        }
        byte[] data = new byte[offsets[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(c.utf8Data, from[rows[i]], data, offsets[i],
                    offsets[i + 1] - offsets[i]);
        }
        return Column.utf8(c.name(), offsets, data, valid);
    }
}
