package org.pybridge.spark.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.pybridge.data.Column;
import org.pybridge.data.ColumnType;
import org.pybridge.data.Schema;
import org.pybridge.data.Table;

/**
 * Spark rows to {@code org.pybridge.data} tables and back, by the type mapping documented on
 * {@code SparkTransforms}.
 */
public final class TableRows {
    private TableRows() {
    }

    /** Whether a Spark column of type {@code t} can feed a transform column of {@code want}. */
    public static boolean accepts(ColumnType want, DataType t) {
        switch (want.kind()) {
            case INT64:
                return isIntegral(t);
            case DOUBLE:
                // The JVM executor widens int64 into double; Spark's CSV inference reads a
                // column of whole numbers as int.
                return t instanceof DoubleType || t instanceof FloatType || isIntegral(t);
            case STRING:
            case CATEGORICAL:
                return t instanceof StringType;
            case BOOLEAN:
                return t instanceof BooleanType;
            case TIMESTAMP:
                return t instanceof TimestampType || t instanceof TimestampNTZType;
            default:
                return false;
        }
    }

    private static boolean isIntegral(DataType t) {
        return t instanceof LongType || t instanceof IntegerType || t instanceof ShortType
                || t instanceof ByteType;
    }

    /** The Spark type of a transform output column. */
    public static DataType sparkType(ColumnType type) {
        switch (type.kind()) {
            case INT64: return DataTypes.LongType;
            case DOUBLE: return DataTypes.DoubleType;
            case BOOLEAN: return DataTypes.BooleanType;
            case TIMESTAMP: return DataTypes.TimestampType;
            // A categorical column leaves as its category names, as Table.toRecords gives it.
            default: return DataTypes.StringType;
        }
    }

    /** The Spark schema of a transform's output (every column nullable). */
    public static StructType sparkSchema(Schema schema) {
        StructType s = new StructType();
        for (int j = 0; j < schema.size(); j++) {
            s = s.add(schema.name(j), sparkType(schema.type(j)), true);
        }
        return s;
    }

    /**
     * A table of {@code schema} from rows whose field {@code j} holds column {@code j} (checked
     * beforehand with {@link #accepts}). String data for categorical columns stays string: the
     * transform's own conversion checks the categories.
     */
    public static Table toTable(List<Row> rows, Schema schema) {
        int n = rows.size();
        List<Column> cols = new ArrayList<>(schema.size());
        for (int j = 0; j < schema.size(); j++) {
            String name = schema.name(j);
            boolean[] valid = new boolean[n];
            switch (schema.type(j).kind()) {
                case INT64: {
                    long[] v = new long[n];
                    for (int i = 0; i < n; i++) {
                        Object o = rows.get(i).get(j);
                        if (o != null) {
                            v[i] = ((Number) o).longValue();
                            valid[i] = true;
                        }
                    }
                    cols.add(Column.ofLongs(name, v, valid));
                    break;
                }
                case DOUBLE: {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        Object o = rows.get(i).get(j);
                        if (o != null) {
                            v[i] = ((Number) o).doubleValue();
                            valid[i] = true;
                        }
                    }
                    cols.add(Column.ofDoubles(name, v, valid));
                    break;
                }
                case BOOLEAN: {
                    boolean[] v = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        Object o = rows.get(i).get(j);
                        if (o != null) {
                            v[i] = (Boolean) o;
                            valid[i] = true;
                        }
                    }
                    cols.add(Column.ofBooleans(name, v, valid));
                    break;
                }
                case TIMESTAMP: {
                    long[] v = new long[n];
                    for (int i = 0; i < n; i++) {
                        Object o = rows.get(i).get(j);
                        if (o != null) {
                            v[i] = micros(o);
                            valid[i] = true;
                        }
                    }
                    cols.add(Column.ofTimestamps(name, v, valid));
                    break;
                }
                default: {
                    String[] v = new String[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = (String) rows.get(i).get(j);
                    }
                    cols.add(Column.ofStrings(name, v));
                    break;
                }
            }
        }
        return new Table(cols, n);
    }

    /** Microseconds since the epoch, UTC, of Spark's external timestamp values. */
    static long micros(Object o) {
        Instant t;
        if (o instanceof Timestamp ts) {
            t = ts.toInstant();
        } else if (o instanceof Instant i) {
            t = i;
        } else if (o instanceof LocalDateTime ldt) {
            t = ldt.toInstant(ZoneOffset.UTC);
        } else {
            throw new IllegalStateException("A timestamp column holds a "
                    + o.getClass().getName() + "; expected java.sql.Timestamp, Instant or "
                    + "LocalDateTime.");
        }
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
                t.getNano() / 1000);
    }

    /**
     * The rows of {@code table}, appended to {@code out}; timestamps as {@link Instant} when
     * {@code instants} (Spark's Java 8 time API is on), else as {@link Timestamp}.
     */
    public static void toRows(Table table, boolean instants, List<Row> out) {
        int width = table.columnCount();
        Column[] cols = table.columns().toArray(new Column[0]);
        for (int r = 0; r < table.rowCount(); r++) {
            Object[] values = new Object[width];
            for (int j = 0; j < width; j++) {
                Column c = cols[j];
                if (c.isNull(r)) {
                    continue;
                }
                if (c.type().kind() == ColumnType.Kind.TIMESTAMP) {
                    long us = c.getLong(r);
                    Instant t = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L),
                            Math.floorMod(us, 1_000_000L) * 1000L);
                    values[j] = instants ? t : Timestamp.from(t);
                } else {
                    values[j] = c.get(r);
                }
            }
            out.add(RowFactory.create(values));
        }
    }
}
