package org.pybridge.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One transform step: how it changes the schema, how it runs on a table conformed to its input
 * schema, and its canonical JSON object (key order matches the Python writer).
 */
interface Step {
    /** The schema after this step, checked against {@code in}; null when {@code in} is unknown. */
    Schema outputSchema(Schema in);

    /** False while the step lacks statistics that are learnt from data (in Python). */
    default boolean isFitted() {
        return true;
    }

    /** The step applied to {@code t}, whose columns follow {@code in}. */
    Table apply(Table t, Schema in);

    Map<String, Object> toJson();

    /** A short description for errors, e.g. {@code normalize on 'x'}. */
    String describe();

    // ------------------------------------------------------------------ shared helpers

    static ColumnType need(Schema s, String name, String op, ColumnType.Kind... kinds) {
        ColumnType t = s.type(name);
        for (ColumnType.Kind k : kinds) {
            if (t.kind() == k) {
                return t;
            }
        }
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            want.append(i == 0 ? "" : " or ").append(kinds[i].jsonName());
        }
        throw new IllegalArgumentException(op + " needs a " + want + " column, but '" + name
                + "' is " + t.describe() + ".");
    }

    static void newName(Schema s, String name, String op) {
        if (s.contains(name)) {
            throw new IllegalArgumentException(op + " would create column '" + name
                    + "', which already exists; pick another name or remove the old column.");
        }
    }

    /** {@code s} with column {@code name} replaced by the given columns (in its place). */
    static Schema replace(Schema s, String name, List<String> names, List<ColumnType> types) {
        List<String> n = new ArrayList<>();
        List<ColumnType> t = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (s.name(i).equals(name)) {
                n.addAll(names);
                t.addAll(types);
            } else {
                n.add(s.name(i));
                t.add(s.type(i));
            }
        }
        return new Schema(n, t);
    }

    static Schema replace(Schema s, String name, ColumnType type) {
        return replace(s, name, List.of(name), List.of(type));
    }

    /** {@code t} with column {@code name} replaced by {@code cols} (in its place). */
    static Table replace(Table t, String name, List<Column> cols) {
        List<Column> out = new ArrayList<>();
        for (Column c : t.columns()) {
            if (c.name().equals(name)) {
                out.addAll(cols);
            } else {
                out.add(c);
            }
        }
        return new Table(out, t.rowCount());
    }

    static Table replace(Table t, Column c) {
        return replace(t, c.name(), List.of(c));
    }

    /** The values of an int64 or double column as doubles (shared, not copied, for doubles). */
    static double[] doubles(Column c) {
        if (c.type().kind() == ColumnType.Kind.DOUBLE) {
            return c.doubles;
        }
        double[] v = new double[c.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.longs[i];
        }
        return v;
    }

    /** Validity of rows where both columns are valid (null = all valid). */
    static boolean[] both(Column a, Column b) {
        if (a.valid == null) {
            return b.valid;
        }
        if (b.valid == null) {
            return a.valid;
        }
        boolean[] v = Arrays.copyOf(a.valid, a.valid.length);
        for (int i = 0; i < v.length; i++) {
            v[i] &= b.valid[i];
        }
        return v;
    }
}
