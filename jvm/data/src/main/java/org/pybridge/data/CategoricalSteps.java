package org.pybridge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Steps between strings, categories, integer codes and one-hot columns. */
final class CategoricalSteps {
    private CategoricalSteps() {
    }

    private static Map<String, Object> json(String op, String column) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("column", column);
        return m;
    }

    /** Strings to categories; {@code categories} is null until fitted in Python. */
    record StringToCategorical(String column, List<String> categories) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            Step.need(in, column, "string_to_categorical", ColumnType.Kind.STRING);
            return Step.replace(in, column, categories == null ? ColumnType.UNFITTED_CATEGORICAL
                    : ColumnType.categorical(categories));
        }

        @Override
        public boolean isFitted() {
            return categories != null;
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            ColumnType type = ColumnType.categorical(categories);
            int[] codes = new int[c.size()];
            String[] values = c.strings();
            for (int i = 0; i < codes.length; i++) {
                if (c.isValid(i)) {
                    codes[i] = Conform.code(column, type, values[i]);
                }
            }
            return Step.replace(t, Column.categorical(column, type, codes, c.valid));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("string_to_categorical", column);
            m.put("categories", categories == null ? null : new ArrayList<Object>(categories));
            return m;
        }

        @Override
        public String describe() {
            return "string_to_categorical on '" + column + "'";
        }
    }

    /** Categories to their int64 index. */
    record ToInteger(String column) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            Step.need(in, column, "categorical_to_integer", ColumnType.Kind.CATEGORICAL);
            return Step.replace(in, column, ColumnType.INT64);
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            long[] v = new long[c.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = c.codes[i];
            }
            return Step.replace(t, Column.longs(column, ColumnType.INT64, v, c.valid));
        }

        @Override
        public Map<String, Object> toJson() {
            return json("categorical_to_integer", column);
        }

        @Override
        public String describe() {
            return "categorical_to_integer on '" + column + "'";
        }
    }

    /** One int64 0/1 column per category, named {@code column[category]}. */
    record OneHot(String column) implements Step {
        static String name(String column, String category) {
            return column + "[" + category + "]";
        }

        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            ColumnType t = Step.need(in, column, "categorical_to_one_hot",
                    ColumnType.Kind.CATEGORICAL);
            if (!t.isFitted()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            List<ColumnType> types = new ArrayList<>();
            for (String cat : t.categories()) {
                String n = name(column, cat);
                if (!n.equals(column)) {
                    Step.newName(in, n, "categorical_to_one_hot");
                }
                names.add(n);
                types.add(ColumnType.INT64);
            }
            return Step.replace(in, column, names, types);
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            List<String> cats = c.type().categories();
            List<Column> out = new ArrayList<>();
            for (int k = 0; k < cats.size(); k++) {
                long[] v = new long[c.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = c.codes[i] == k ? 1 : 0;
                }
                out.add(Column.longs(name(column, cats.get(k)), ColumnType.INT64, v, c.valid));
            }
            return Step.replace(t, column, out);
        }

        @Override
        public Map<String, Object> toJson() {
            return json("categorical_to_one_hot", column);
        }

        @Override
        public String describe() {
            return "categorical_to_one_hot on '" + column + "'";
        }
    }
}
