package org.pybridge.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The type of a {@link Column}: one of six kinds, and for categorical columns the ordered
 * category list. The kind names are those of the transform JSON format.
 *
 * <pre>{@code
 * ColumnType t = ColumnType.categorical(List.of("setosa", "versicolor"));
 * t.categoryIndex("versicolor");   // 1
 * }</pre>
 */
public final class ColumnType {
    /** The six kinds of column. */
    public enum Kind {
        /** 64-bit signed integers. */
        INT64("int64"),
        /** 64-bit floats. */
        DOUBLE("double"),
        /** Unicode strings. */
        STRING("string"),
        /** An index into a fixed category list. */
        CATEGORICAL("categorical"),
        /** true / false. */
        BOOLEAN("boolean"),
        /** Microseconds since 1970-01-01T00:00:00Z. */
        TIMESTAMP("timestamp");

        private final String jsonName;

        Kind(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The name used in JSON, e.g. {@code "int64"}. */
        public String jsonName() {
            return jsonName;
        }

        static Kind ofJson(String name) {
            for (Kind k : values()) {
                if (k.jsonName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown column type '" + name
                    + "'; use int64, double, string, categorical, boolean or timestamp.");
        }
    }

    public static final ColumnType INT64 = new ColumnType(Kind.INT64, null);
    public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, null);
    public static final ColumnType STRING = new ColumnType(Kind.STRING, null);
    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, null);
    public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, null);
    /** A categorical column whose categories are still to be learnt (an unfitted transform). */
    static final ColumnType UNFITTED_CATEGORICAL = new ColumnType(Kind.CATEGORICAL, null);

    private final Kind kind;
    private final List<String> categories;
    private final Map<String, Integer> index;

    private ColumnType(Kind kind, List<String> categories) {
        this.kind = kind;
        this.categories = categories;
        if (categories != null) {
            index = new HashMap<>();
            for (int i = 0; i < categories.size(); i++) {
                String c = Objects.requireNonNull(categories.get(i), "a category is null");
                if (index.put(c, i) != null) {
                    throw new IllegalArgumentException("The category list repeats '" + c
                            + "': " + categories + ".");
                }
            }
        } else {
            index = Map.of();
        }
    }

    /** A categorical type over {@code categories} (in this order; each once). */
    public static ColumnType categorical(List<String> categories) {
        return new ColumnType(Kind.CATEGORICAL, List.copyOf(categories));
    }

    /** The non-categorical type of {@code kind}. */
    public static ColumnType of(Kind kind) {
        switch (kind) {
            case INT64: return INT64;
            case DOUBLE: return DOUBLE;
            case STRING: return STRING;
            case BOOLEAN: return BOOLEAN;
            case TIMESTAMP: return TIMESTAMP;
            default:
                throw new IllegalArgumentException(
                        "A categorical type needs its categories: ColumnType.categorical(list).");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The categories (empty for other kinds). */
    public List<String> categories() {
        return categories == null ? List.of() : categories;
    }

    /** Whether the categories are known (false only inside an unfitted transform). */
    boolean isFitted() {
        return kind != Kind.CATEGORICAL || categories != null;
    }

    /** The index of {@code category}, or -1. */
    public int categoryIndex(String category) {
        Integer i = index.get(category);
        return i == null ? -1 : i;
    }

    public boolean isNumeric() {
        return kind == Kind.INT64 || kind == Kind.DOUBLE;
    }

    /** The type as people read it, e.g. {@code categorical['a', 'b']}. */
    public String describe() {
        if (kind != Kind.CATEGORICAL) {
            return kind.jsonName;
        }
        if (categories == null) {
            return "categorical[to be fitted]";
        }
        StringBuilder sb = new StringBuilder("categorical[");
        for (int i = 0; i < categories.size(); i++) {
            sb.append(i == 0 ? "'" : ", '").append(categories.get(i)).append('\'');
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnType && ((ColumnType) o).kind == kind
                && Objects.equals(((ColumnType) o).categories, categories);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Objects.hashCode(categories);
    }

    @Override
    public String toString() {
        return describe();
    }
}
