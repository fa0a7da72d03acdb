package org.pybridge.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Building columns from boxed values (records, JDBC rows, parsed CSV fields). */
final class Records {
    private Records() {
    }

    static Table toTable(Schema schema, List<Map<String, Object>> records) {
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < schema.size(); j++) {
            String name = schema.name(j);
            List<Object> values = new ArrayList<>(records.size());
            for (Map<String, Object> rec : records) {
                values.add(rec.get(name));
            }
            cols.add(column(name, schema.type(j), values));
        }
        return new Table(cols, records.size());
    }

    /** A column of {@code type} from boxed values (null = null). */
    static Column column(String name, ColumnType type, List<Object> values) {
        int n = values.size();
        boolean[] valid = new boolean[n];
        switch (type.kind()) {
            case DOUBLE: {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    Object o = values.get(i);
                    if (o != null) {
                        v[i] = number(name, i, o).doubleValue();
                        valid[i] = true;
                    }
                }
                return Column.doubles(name, v, valid);
            }
            case INT64:
            case TIMESTAMP: {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    Object o = values.get(i);
                    if (o != null) {
                        v[i] = type.kind() == ColumnType.Kind.TIMESTAMP ? micros(name, i, o)
                                : integer(name, i, o);
                        valid[i] = true;
                    }
                }
                return Column.longs(name, type, v, valid);
            }
            case BOOLEAN: {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    Object o = values.get(i);
                    if (o != null) {
                        if (!(o instanceof Boolean)) {
                            throw bad(name, i, o, "a Boolean");
                        }
                        v[i] = (Boolean) o;
                        valid[i] = true;
                    }
                }
                return Column.booleans(name, v, valid);
            }
            case STRING: {
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    Object o = values.get(i);
                    if (o != null && !(o instanceof String)) {
                        throw bad(name, i, o, "a String");
                    }
                    v[i] = (String) o;
                }
                return Column.strings(name, v);
            }
            default: {
                int[] codes = new int[n];
                for (int i = 0; i < n; i++) {
                    Object o = values.get(i);
                    if (o != null) {
                        if (!(o instanceof String)) {
                            throw bad(name, i, o, "a category name (String)");
                        }
                        codes[i] = Conform.code(name, type, (String) o);
                        valid[i] = true;
                    }
                }
                return Column.categorical(name, type, codes, valid);
            }
        }
    }

    private static Number number(String name, int row, Object o) {
        if (!(o instanceof Number)) {
            throw bad(name, row, o, "a number");
        }
        return (Number) o;
    }

    private static long integer(String name, int row, Object o) {
        Number x = number(name, row, o);
        if (x instanceof Double || x instanceof Float) {
            double d = x.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw bad(name, row, o, "an integer");
            }
            return (long) d;
        }
        return x.longValue();
    }

    private static long micros(String name, int row, Object o) {
        if (o instanceof Instant) {
            Instant t = (Instant) o;
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
                    t.getNano() / 1000);
        }
        if (o instanceof java.util.Date) {
            return Math.multiplyExact(((java.util.Date) o).getTime(), 1000L);
        }
        if (o instanceof Number && !(o instanceof Double) && !(o instanceof Float)) {
            return ((Number) o).longValue();
        }
        throw bad(name, row, o, "microseconds since the epoch (Long) or an Instant");
    }

    private static IllegalArgumentException bad(String name, int row, Object o, String want) {
        return new IllegalArgumentException("Column '" + name + "' row " + row + " holds "
                + JsonFields.describe(o) + "; expected " + want + ".");
    }
}
