package org.pybridge.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered, named and typed columns of a table. Immutable.
 *
 * <pre>{@code
 * Schema s = Schema.builder().addDouble("x").addCategorical("c", List.of("a", "b")).build();
 * s.type("c").categories();   // [a, b]
 * }</pre>
 */
public final class Schema {
    private final List<String> names;
    private final List<ColumnType> types;
    private final Map<String, Integer> index = new HashMap<>();

    /** A schema of these columns; names must be unique. */
    public Schema(List<String> names, List<ColumnType> types) {
        if (names.size() != types.size()) {
            throw new IllegalArgumentException("A schema needs one type per name: " + names.size()
                    + " names, " + types.size() + " types.");
        }
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isEmpty()) {
                throw new IllegalArgumentException("A column name must be a non-empty string.");
            }
            if (index.put(n, i) != null) {
                throw new IllegalArgumentException("The schema names column '" + n
                        + "' twice; names must be unique.");
            }
        }
    }

    /** A builder; columns are added in order. */
    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    public List<ColumnType> types() {
        return types;
    }

    public String name(int i) {
        return names.get(i);
    }

    public ColumnType type(int i) {
        return types.get(i);
    }

    public boolean contains(String name) {
        return index.containsKey(name);
    }

    /** The position of column {@code name}; unknown names raise, listing the available ones. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("Unknown column '" + name + "'; the schema has: "
                    + names + ".");
        }
        return i;
    }

    /** The type of column {@code name} (unknown names raise, listing the available ones). */
    public ColumnType type(String name) {
        return types.get(indexOf(name));
    }

    /** The JSON object form, {@code {"columns": [{"name": ..., "type": ...}, ...]}}. */
    public Map<String, Object> toJsonMap() {
        List<Object> cols = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", names.get(i));
            c.put("type", types.get(i).kind().jsonName());
            if (types.get(i).kind() == ColumnType.Kind.CATEGORICAL) {
                c.put("categories", new ArrayList<Object>(types.get(i).categories()));
            }
            cols.add(c);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", cols);
        return m;
    }

    /** Reads {@link #toJsonMap}'s form. */
    public static Schema fromJsonMap(Map<String, Object> json) {
        Builder b = builder();
        for (Object o : JsonFields.list(json, "columns", "schema")) {
            Map<String, Object> c = JsonFields.object(o, "schema column");
            String name = JsonFields.string(c, "name", "schema column");
            ColumnType.Kind kind = ColumnType.Kind.ofJson(JsonFields.string(c, "type", name));
            if (kind == ColumnType.Kind.CATEGORICAL) {
                b.add(name, ColumnType.categorical(JsonFields.strings(c, "categories", name)));
            } else {
                b.add(name, ColumnType.of(kind));
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema && ((Schema) o).names.equals(names)
                && ((Schema) o).types.equals(types);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + types.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Schema(");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ")
                    .append(types.get(i).describe());
        }
        return sb.append(')').toString();
    }

    /** Adds columns in order; {@link #build()} checks the names are unique. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<ColumnType> types = new ArrayList<>();

        private Builder() {
        }

        public Builder add(String name, ColumnType type) {
            names.add(name);
            types.add(type);
            return this;
        }

        public Builder addInt64(String name) {
            return add(name, ColumnType.INT64);
        }

        public Builder addDouble(String name) {
            return add(name, ColumnType.DOUBLE);
        }

        public Builder addString(String name) {
            return add(name, ColumnType.STRING);
        }

        public Builder addBoolean(String name) {
            return add(name, ColumnType.BOOLEAN);
        }

        public Builder addTimestamp(String name) {
            return add(name, ColumnType.TIMESTAMP);
        }

        public Builder addCategorical(String name, List<String> categories) {
            return add(name, ColumnType.categorical(categories));
        }

        public Schema build() {
            return new Schema(Collections.unmodifiableList(names), types);
        }
    }
}
