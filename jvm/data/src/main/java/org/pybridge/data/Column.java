package org.pybridge.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One named, typed column of a {@link Table}: values in a primitive array (or strings) plus an
 * optional validity mask ({@code valid[i] == false} means row {@code i} is null). Immutable:
 * the factories copy their arguments.
 *
 * <p>Storage by kind: int64 and timestamp (microseconds since the epoch, UTC) in a
 * {@code long[]}, double in a {@code double[]}, boolean in a {@code boolean[]}, string in a
 * {@code String[]} (a null element is a null value), categorical as {@code int[]} codes into the
 * type's category list.
 *
 * <pre>{@code
 * Column x = Column.ofDoubles("x", new double[] {1, 2}, new boolean[] {true, false});
 * x.isNull(1);   // true
 * }</pre>
 */
public final class Column {
    private final String name;
    private final ColumnType type;
    private final int size;
    final double[] doubles;
    final long[] longs;
    final boolean[] booleans;
    /** Strings; for a column read from Arrow, decoded from {@link #utf8Data} on first use. */
    private volatile String[] strings;
    /** Arrow utf8 layout of a column read from Arrow (offsets from 0), else null. */
    final int[] utf8Offsets;
    final byte[] utf8Data;
    final int[] codes;
    /** null when every row is valid. */
    final boolean[] valid;

    Column(String name, ColumnType type, int size, double[] doubles, long[] longs,
           boolean[] booleans, String[] strings, int[] codes, boolean[] valid) {
        this(name, type, size, doubles, longs, booleans, strings, null, null, codes, valid);
    }

    private Column(String name, ColumnType type, int size, double[] doubles, long[] longs,
                   boolean[] booleans, String[] strings, int[] utf8Offsets, byte[] utf8Data,
                   int[] codes, boolean[] valid) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A column name must be a non-empty string.");
        }
        if (valid != null && valid.length != size) {
            throw new IllegalArgumentException("Column '" + name + "' has " + size
                    + " values but a validity mask of " + valid.length + ".");
        }
        this.name = name;
        this.type = type;
        this.size = size;
        this.doubles = doubles;
        this.longs = longs;
        this.booleans = booleans;
        this.strings = strings;
        this.utf8Offsets = utf8Offsets;
        this.utf8Data = utf8Data;
        this.codes = codes;
        this.valid = valid == null || allTrue(valid) ? null : valid;
    }

    private static boolean allTrue(boolean[] v) {
        for (boolean b : v) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] copy(boolean[] v) {
        return v == null ? null : v.clone();
    }

    static Column doubles(String name, double[] values, boolean[] valid) {
        return new Column(name, ColumnType.DOUBLE, values.length, values, null, null, null, null,
                valid);
    }

    static Column longs(String name, ColumnType type, long[] values, boolean[] valid) {
        return new Column(name, type, values.length, null, values, null, null, null, valid);
    }

    static Column booleans(String name, boolean[] values, boolean[] valid) {
        return new Column(name, ColumnType.BOOLEAN, values.length, null, null, values, null, null,
                valid);
    }

    static Column strings(String name, String[] values) {
        boolean[] valid = null;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                if (valid == null) {
                    valid = new boolean[values.length];
                    Arrays.fill(valid, true);
                }
                valid[i] = false;
            }
        }
        return new Column(name, ColumnType.STRING, values.length, null, null, null, values, null,
                valid);
    }

    /**
     * A string column over UTF-8 bytes in Arrow's layout ({@code offsets[0] == 0}); strings are
     * decoded only if a step reads them, and pass through to Arrow without re-encoding.
     */
    static Column utf8(String name, int[] offsets, byte[] data, boolean[] valid) {
        return new Column(name, ColumnType.STRING, offsets.length - 1, null, null, null, null,
                offsets, data, null, valid);
    }

    /** The strings (null elements for null rows). */
    String[] strings() {
        String[] s = strings;
        if (s == null && utf8Data != null) {
            s = new String[size];
            for (int i = 0; i < size; i++) {
                if (isValid(i)) {
                    s[i] = new String(utf8Data, utf8Offsets[i], utf8Offsets[i + 1] - utf8Offsets[i],
                            StandardCharsets.UTF_8);
                }
            }
            strings = s; // a benign race: every thread decodes the same strings
        }
        return s;
    }

    static Column categorical(String name, ColumnType type, int[] codes, boolean[] valid) {
        int n = type.categories().size();
        for (int i = 0; i < codes.length; i++) {
            if ((valid == null || valid[i]) && (codes[i] < 0 || codes[i] >= n)) {
                throw new IllegalArgumentException("Column '" + name + "' row " + i + " has code "
                        + codes[i] + ", outside its " + n + " categories.");
            }
        }
        return new Column(name, type, codes.length, null, null, null, null, codes, valid);
    }

    /** A double column; {@code valid} may be null (no nulls). */
    public static Column ofDoubles(String name, double[] values, boolean[] valid) {
        return doubles(name, values.clone(), copy(valid));
    }

    public static Column ofDoubles(String name, double... values) {
        return ofDoubles(name, values, null);
    }

    /** An int64 column; {@code valid} may be null (no nulls). */
    public static Column ofLongs(String name, long[] values, boolean[] valid) {
        return longs(name, ColumnType.INT64, values.clone(), copy(valid));
    }

    public static Column ofLongs(String name, long... values) {
        return ofLongs(name, values, null);
    }

    /** A timestamp column of microseconds since 1970-01-01T00:00:00Z. */
    public static Column ofTimestamps(String name, long[] micros, boolean[] valid) {
        return longs(name, ColumnType.TIMESTAMP, micros.clone(), copy(valid));
    }

    public static Column ofBooleans(String name, boolean[] values, boolean[] valid) {
        return booleans(name, values.clone(), copy(valid));
    }

    /** A string column; null elements are null values. */
    public static Column ofStrings(String name, String... values) {
        return strings(name, values.clone());
    }

    /** A categorical column of {@code codes} into {@code categories}. */
    public static Column ofCategorical(String name, List<String> categories, int[] codes,
                                       boolean[] valid) {
        return categorical(name, ColumnType.categorical(categories), codes.clone(), copy(valid));
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public int size() {
        return size;
    }

    public boolean isNull(int row) {
        return valid != null && !valid[row];
    }

    /** Whether any row is null. */
    public boolean hasNulls() {
        return valid != null;
    }

    boolean isValid(int row) {
        return valid == null || valid[row];
    }

    /** The value at {@code row} as a double (int64, double, boolean columns). */
    public double getDouble(int row) {
        switch (type.kind()) {
            case DOUBLE: return doubles[row];
            case INT64: return longs[row];
            case BOOLEAN: return booleans[row] ? 1 : 0;
            default: throw wrongKind("getDouble", "int64, double or boolean");
        }
    }

    /** The value at {@code row} as a long (int64, timestamp, categorical code). */
    public long getLong(int row) {
        switch (type.kind()) {
            case INT64:
            case TIMESTAMP:
                return longs[row];
            case CATEGORICAL:
                return codes[row];
            default: throw wrongKind("getLong", "int64, timestamp or categorical");
        }
    }

    public boolean getBoolean(int row) {
        if (type.kind() != ColumnType.Kind.BOOLEAN) {
            throw wrongKind("getBoolean", "boolean");
        }
        return booleans[row];
    }

    /** The string at {@code row} (strings) or the category name (categorical); null if null. */
    public String getString(int row) {
        if (isNull(row)) {
            return null;
        }
        if (type.kind() == ColumnType.Kind.STRING) {
            return strings()[row];
        }
        if (type.kind() == ColumnType.Kind.CATEGORICAL) {
            return type.categories().get(codes[row]);
        }
        throw wrongKind("getString", "string or categorical");
    }

    /**
     * The value at {@code row} boxed: Long (int64, timestamp micros), Double, Boolean, String
     * (string, category name), or null.
     */
    public Object get(int row) {
        if (isNull(row)) {
            return null;
        }
        switch (type.kind()) {
            case INT64:
            case TIMESTAMP:
                return longs[row];
            case DOUBLE: return doubles[row];
            case BOOLEAN: return booleans[row];
            default: return getString(row);
        }
    }

    /** This column under another name (shares the data). */
    public Column rename(String newName) {
        return new Column(newName, type, size, doubles, longs, booleans, strings, utf8Offsets,
                utf8Data, codes, valid);
    }

    private IllegalStateException wrongKind(String method, String kinds) {
        return new IllegalStateException(method + " reads " + kinds + " columns, but column '"
                + name + "' is " + type.describe() + ".");
    }

    @Override
    public String toString() {
        return "Column(" + name + ": " + type.describe() + ", " + size + " rows)";
    }
}
