package org.pybridge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Steps that pick, drop, rename and reorder columns. */
final class ColumnSteps {
    private ColumnSteps() {
    }

    private static Map<String, Object> json(String op, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put(key, value);
        return m;
    }

    private static Table pick(Table t, List<String> names) {
        List<Column> out = new ArrayList<>();
        for (String n : names) {
            out.add(t.column(n));
        }
        return new Table(out, t.rowCount());
    }

    private static Schema pick(Schema s, List<String> names) {
        List<ColumnType> types = new ArrayList<>();
        for (String n : names) {
            types.add(s.type(n));
        }
        return new Schema(names, types);
    }

    /** Keeps only these columns, in this order. */
    record Select(List<String> columns) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            return in == null ? null : pick(in, columns);
        }

        @Override
        public Table apply(Table t, Schema in) {
            return pick(t, columns);
        }

        @Override
        public Map<String, Object> toJson() {
            return json("select_columns", "columns", new ArrayList<Object>(columns));
        }

        @Override
        public String describe() {
            return "select_columns " + columns;
        }
    }

    /** Drops these columns. */
    record Remove(List<String> columns) implements Step {
        private List<String> kept(List<String> names) {
            List<String> out = new ArrayList<>();
            for (String n : names) {
                if (!columns.contains(n)) {
                    out.add(n);
                }
            }
            return out;
        }

        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            for (String c : columns) {
                in.indexOf(c);
            }
            return pick(in, kept(in.names()));
        }

        @Override
        public Table apply(Table t, Schema in) {
            return pick(t, kept(t.columnNames()));
        }

        @Override
        public Map<String, Object> toJson() {
            return json("remove_columns", "columns", new ArrayList<Object>(columns));
        }

        @Override
        public String describe() {
            return "remove_columns " + columns;
        }
    }

    /** Renames columns {@code {old: new}}. */
    record Rename(Map<String, String> mapping) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            for (String old : mapping.keySet()) {
                in.indexOf(old);
            }
            List<String> names = new ArrayList<>();
            for (String n : in.names()) {
                names.add(mapping.getOrDefault(n, n));
            }
            return new Schema(names, in.types());
        }

        @Override
        public Table apply(Table t, Schema in) {
            List<Column> out = new ArrayList<>();
            for (Column c : t.columns()) {
                String to = mapping.get(c.name());
                out.add(to == null ? c : c.rename(to));
            }
            return new Table(out, t.rowCount());
        }

        @Override
        public Map<String, Object> toJson() {
            return json("rename_columns", "mapping", new LinkedHashMap<String, Object>(mapping));
        }

        @Override
        public String describe() {
            return "rename_columns " + mapping;
        }
    }

    /** Moves these columns first, in this order; the others follow in their order. */
    record Reorder(List<String> columns) implements Step {
        private List<String> order(List<String> names) {
            List<String> out = new ArrayList<>(columns);
            for (String n : names) {
                if (!columns.contains(n)) {
                    out.add(n);
                }
            }
            return out;
        }

        @Override
        public Schema outputSchema(Schema in) {
            return in == null ? null : pick(in, order(in.names()));
        }

        @Override
        public Table apply(Table t, Schema in) {
            return pick(t, order(t.columnNames()));
        }

        @Override
        public Map<String, Object> toJson() {
            return json("reorder_columns", "columns", new ArrayList<Object>(columns));
        }

        @Override
        public String describe() {
            return "reorder_columns " + columns;
        }
    }
}
