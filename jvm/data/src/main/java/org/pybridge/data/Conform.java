package org.pybridge.data;

import java.util.ArrayList;
import java.util.List;

/** Fits a table to a transform's input schema: selects, orders and converts its columns. */
final class Conform {
    private Conform() {
    }

    /**
     * {@code t}'s columns named in {@code schema}, in schema order and type. Accepted widenings:
     * int64 into double, strings into categorical (values must be categories), a categorical
     * with other categories into the schema's (by name). Columns the schema does not name are
     * left out. A missing column or another type raises, naming the column, both types and
     * the fix.
     */
    static Table toSchema(Table t, Schema schema) {
        List<Column> out = new ArrayList<>();
        for (int j = 0; j < schema.size(); j++) {
            String name = schema.name(j);
            ColumnType want = schema.type(j);
            if (!t.hasColumn(name)) {
                throw new IllegalArgumentException("The data has no column '" + name
                        + "' (schema type " + want.describe() + "); its columns are: "
                        + t.columnNames() + ".");
            }
            out.add(column(t.column(name), want));
        }
        return new Table(out, t.rowCount());
    }

    private static Column column(Column c, ColumnType want) {
        ColumnType have = c.type();
        if (have.equals(want)) {
            return c;
        }
        ColumnType.Kind hk = have.kind();
        ColumnType.Kind wk = want.kind();
        if (wk == ColumnType.Kind.DOUBLE && hk == ColumnType.Kind.INT64) {
            double[] v = new double[c.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = c.longs[i];
            }
            return Column.doubles(c.name(), v, c.valid);
        }
        if (wk == ColumnType.Kind.CATEGORICAL
                && (hk == ColumnType.Kind.STRING || hk == ColumnType.Kind.CATEGORICAL)) {
            int[] codes = new int[c.size()];
            for (int i = 0; i < codes.length; i++) {
                if (c.isValid(i)) {
                    codes[i] = code(c.name(), want, c.getString(i));
                }
            }
            return Column.categorical(c.name(), want, codes, c.valid);
        }
        throw new IllegalArgumentException("Column '" + c.name() + "' holds " + have.describe()
                + " data but the transform's schema says " + want.describe() + "; convert the "
                + "column or build the transform from a schema of this data.");
    }

    static int code(String column, ColumnType type, String value) {
        int k = type.categoryIndex(value);
        if (k < 0) {
            throw new IllegalArgumentException("Column '" + column + "' holds '" + value
                    + "', which is not one of its categories " + type.categories()
                    + "; list it in the categories or map it first (map_values).");
        }
        return k;
    }
}
