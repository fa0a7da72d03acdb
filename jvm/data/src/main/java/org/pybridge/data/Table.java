package org.pybridge.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.Raw;

/**
 * An immutable columnar table: named {@link Column}s of equal length.
 *
 * <pre>{@code
 * Table t = Table.of(Column.ofDoubles("x", 1, 2), Column.ofLongs("y", 3, 4));
 * try (NDArray features = t.toFeatureMatrix("x", "y")) {   // float32, shape (2, 2)
 *     ...
 * }
 * }</pre>
 */
public final class Table {
    private final List<Column> columns;
    private final int rows;
    private final Map<String, Integer> index = new HashMap<>();

    /** A table of these columns: equal lengths, unique names. */
    public Table(List<Column> columns) {
        this(columns, columns.isEmpty() ? 0 : columns.get(0).size());
    }

    /** A table with an explicit row count (a table without columns can still have rows). */
    public Table(List<Column> columns, int rowCount) {
        this.columns = List.copyOf(columns);
        this.rows = rowCount;
        for (int i = 0; i < this.columns.size(); i++) {
            Column c = this.columns.get(i);
            if (c.size() != rowCount) {
                throw new IllegalArgumentException("Column '" + c.name() + "' has " + c.size()
                        + " rows but the table has " + rowCount + "; all columns need the same "
                        + "length.");
            }
            if (index.put(c.name(), i) != null) {
                throw new IllegalArgumentException("The table has two columns named '"
                        + c.name() + "'.");
            }
        }
    }

    public static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    public int rowCount() {
        return rows;
    }

    public int columnCount() {
        return columns.size();
    }

    public List<Column> columns() {
        return columns;
    }

    public Column column(int i) {
        return columns.get(i);
    }

    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    /** The column called {@code name}; unknown names raise, listing the available ones. */
    public Column column(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("Unknown column '" + name + "'; the table has: "
                    + columnNames() + ".");
        }
        return columns.get(i);
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }

    /** The schema of this table's columns. */
    public Schema schema() {
        List<ColumnType> types = new ArrayList<>();
        for (Column c : columns) {
            types.add(c.type());
        }
        return new Schema(columnNames(), types);
    }

    /**
     * The rows as maps from column name to value (see {@link Column#get}), for services that
     * work record by record.
     */
    public List<Map<String, Object>> toRecords() {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Column c : columns) {
                m.put(c.name(), c.get(r));
            }
            out.add(m);
        }
        return out;
    }

    /**
     * A table of {@code schema}'s columns from records (maps from column name to value). Values
     * may be null or missing (null); numbers for int64/double, Strings for string/categorical,
     * Booleans, and for timestamps a Long of microseconds or a {@link java.time.Instant}.
     */
    public static Table fromRecords(Schema schema, List<Map<String, Object>> records) {
        return Records.toTable(schema, records);
    }

    /**
     * Selected numeric columns (int64, double, boolean) as a float32 matrix of shape
     * {@code (rows, columns.length)}, row-major: the features a network's {@code output} takes.
     * Nulls raise naming the column and row (replace them first, e.g. with replace_missing).
     * The caller closes the returned tensor.
     */
    public NDArray toFeatureMatrix(String... names) {
        Column[] cols = new Column[names.length];
        for (int j = 0; j < names.length; j++) {
            cols[j] = column(names[j]);
            ColumnType.Kind k = cols[j].type().kind();
            if (k != ColumnType.Kind.INT64 && k != ColumnType.Kind.DOUBLE
                    && k != ColumnType.Kind.BOOLEAN) {
                throw new IllegalArgumentException("Column '" + names[j] + "' is "
                        + cols[j].type().describe() + "; a feature matrix takes int64, double "
                        + "or boolean columns (turn categories into integers or one-hot first).");
            }
            if (cols[j].hasNulls()) {
                for (int r = 0; r < rows; r++) {
                    if (cols[j].isNull(r)) {
                        throw new IllegalArgumentException("Column '" + names[j]
                                + "' is null at row " + r + "; a feature matrix cannot hold "
                                + "nulls: replace them first (replace_missing).");
                    }
                }
            }
        }
        NDArray out = NDArray.empty(DataType.FLOAT32, rows, names.length);
        long base = out.address();
        long rowBytes = 4L * names.length;
        for (int j = 0; j < cols.length; j++) {
            Column c = cols[j];
            long addr = base + 4L * j;
            if (c.type().kind() == ColumnType.Kind.DOUBLE) {
                double[] v = c.doubles;
                for (int r = 0; r < rows; r++, addr += rowBytes) {
                    Raw.putFloat(addr, (float) v[r]);
                }
            } else if (c.type().kind() == ColumnType.Kind.INT64) {
                long[] v = c.longs;
                for (int r = 0; r < rows; r++, addr += rowBytes) {
                    Raw.putFloat(addr, (float) v[r]);
                }
            } else {
                boolean[] v = c.booleans;
                for (int r = 0; r < rows; r++, addr += rowBytes) {
                    Raw.putFloat(addr, v[r] ? 1f : 0f);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Table(" + rows + " rows, " + schema() + ")";
    }
}
