package org.pybridge.data;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JDBC {@link ResultSet} into a {@link Table}. Column types follow the SQL types the
 * driver reports: integer types to int64, floating and decimal types to double, BOOLEAN/BIT to
 * boolean, TIMESTAMP/DATE to timestamp (the instant of the driver's {@link Timestamp}; drivers
 * read zone-less SQL timestamps in the JVM's time zone), everything else to string. SQL NULL is
 * null.
 * The caller owns (and closes) the result set.
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection("jdbc:sqlite:iris.db");
 *      ResultSet rs = c.createStatement().executeQuery("SELECT * FROM iris")) {
 *     Table t = JdbcReader.read(rs);
 * }
 * }</pre>
 */
public final class JdbcReader {
    private JdbcReader() {
    }

    /** The column type for a {@link java.sql.Types} code. */
    static ColumnType typeOf(int sqlType) {
        switch (sqlType) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return ColumnType.INT64;
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
            case Types.NUMERIC:
            case Types.DECIMAL:
                return ColumnType.DOUBLE;
            case Types.BOOLEAN:
            case Types.BIT:
                return ColumnType.BOOLEAN;
            case Types.DATE:
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return ColumnType.TIMESTAMP;
            default:
                return ColumnType.STRING;
        }
    }

    /** Every remaining row of {@code rs}, with types from its metadata. */
    public static Table read(ResultSet rs) throws SQLException {
        return read(rs, schemaOf(rs));
    }

    /** The columns of {@code rs} with the types its metadata reports (see the class comment). */
    public static Schema schemaOf(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        Schema.Builder b = Schema.builder();
        for (int j = 1; j <= n; j++) {
            b.add(meta.getColumnLabel(j), typeOf(meta.getColumnType(j)));
        }
        return b.build();
    }

    /**
     * Every remaining row of {@code rs}, read as {@code schema}'s columns (by label, in schema
     * order): use it when the driver's metadata is vague (SQLite reports declared types only).
     */
    public static Table read(ResultSet rs, Schema schema) throws SQLException {
        return read(rs, schema, Integer.MAX_VALUE);
    }

    /**
     * At most {@code maxRows} of the remaining rows of {@code rs}: call it again for the next
     * batch until a table of no rows comes back, so a large result is served in bounded
     * memory. Drivers fetch rows in chunks of {@link java.sql.Statement#setFetchSize} (for
     * PostgreSQL only with auto-commit off; otherwise it loads the whole result first).
     *
     * <pre>{@code
     * Schema s = JdbcReader.schemaOf(rs);
     * for (Table t = JdbcReader.read(rs, s, 4096); t.rowCount() > 0;
     *         t = JdbcReader.read(rs, s, 4096)) {
     *     serve(t);
     * }
     * }</pre>
     */
    public static Table read(ResultSet rs, Schema schema, int maxRows) throws SQLException {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows
                    + ".");
        }
        List<List<Object>> values = new ArrayList<>();
        int[] at = new int[schema.size()];
        for (int j = 0; j < schema.size(); j++) {
            values.add(new ArrayList<>());
            at[j] = rs.findColumn(schema.name(j));
        }
        int row = 0;
        while (row < maxRows && rs.next()) {
            row++;
            int where = rs.getRow();  // the row's number in the result, where the driver knows it
            for (int j = 0; j < at.length; j++) {
                values.get(j).add(value(rs, at[j], schema.name(j), schema.type(j),
                        where > 0 ? where : row));
            }
        }
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < schema.size(); j++) {
            cols.add(Records.column(schema.name(j), schema.type(j), values.get(j)));
        }
        return new Table(cols, row);
    }

    private static Object value(ResultSet rs, int col, String name, ColumnType type, long row)
            throws SQLException {
        Object v;
        switch (type.kind()) {
            case INT64:
                v = rs.getLong(col);
                break;
            case DOUBLE:
                v = rs.getDouble(col);
                break;
            case BOOLEAN:
                v = rs.getBoolean(col);
                break;
            case TIMESTAMP: {
                Timestamp t = rs.getTimestamp(col);
                v = t == null ? null : t.toInstant();
                break;
            }
            default:
                v = rs.getString(col);
        }
        if (rs.wasNull()) {
            return null;
        }
        if (type.kind() == ColumnType.Kind.CATEGORICAL && type.categoryIndex((String) v) < 0) {
            throw new IllegalArgumentException("Row " + row + " of column '" + name + "' holds '"
                    + v + "', not one of its categories " + type.categories() + ".");
        }
        return v;
    }
}
