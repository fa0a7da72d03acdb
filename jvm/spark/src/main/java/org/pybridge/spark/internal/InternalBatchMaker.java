package org.pybridge.spark.internal;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

/**
 * {@link BatchMaker} over Spark's internal rows: array and scalar columns are read straight
 * from the binary row, with no boxed number per element. Going through {@code Row} boxes every
 * feature (784 objects per MNIST row) and was most of the preparation time. Used when both
 * columns hold primitive numbers or arrays of them; other types (ML vectors, decimals) take the
 * {@code Row} path.
 */
public final class InternalBatchMaker implements FlatMapFunction<Iterator<InternalRow>, Batch> {
    private static final long serialVersionUID = 1L;

    /** The primitive kinds this path reads. */
    enum Kind { BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, BOOLEAN }

    private final int batchSize;
    private final int featureWidth;
    private final boolean float64;
    private final int labelWidth;
    private final Kind featureKind;
    private final Kind labelKind;
    private final boolean labelIsArray;
    private final String featuresColumn;
    private final String labelColumn;

    private InternalBatchMaker(int batchSize, int featureWidth, boolean float64, int labelWidth,
            Kind featureKind, Kind labelKind, boolean labelIsArray, String featuresColumn,
            String labelColumn) {
        this.batchSize = batchSize;
        this.featureWidth = featureWidth;
        this.float64 = float64;
        this.labelWidth = labelWidth;
        this.featureKind = featureKind;
        this.labelKind = labelKind;
        this.labelIsArray = labelIsArray;
        this.featuresColumn = featuresColumn;
        this.labelColumn = labelColumn;
    }

    /**
     * A maker for rows of (features, label), or null when a column's type needs the
     * {@code Row} path.
     *
     * @param featuresType the features column's type (ordinal 0)
     * @param labelType    the label column's type (ordinal 1), or null when rows have no label
     */
    public static InternalBatchMaker of(int batchSize, int featureWidth, boolean float64,
            int labelWidth, DataType featuresType, DataType labelType, String featuresColumn,
            String labelColumn) {
        if (!(featuresType instanceof ArrayType fa)) {
            return null;
        }
        Kind fk = kind(fa.elementType());
        if (fk == null) {
            return null;
        }
        Kind lk = null;
        boolean labelIsArray = false;
        if (labelType != null) {
            labelIsArray = labelType instanceof ArrayType;
            lk = kind(labelIsArray ? ((ArrayType) labelType).elementType() : labelType);
            if (lk == null) {
                return null;
            }
        }
        return new InternalBatchMaker(batchSize, featureWidth, float64, labelWidth, fk, lk,
                labelIsArray, featuresColumn, labelColumn);
    }

    private static Kind kind(DataType t) {
        if (t instanceof FloatType) {
            return Kind.FLOAT;
        }
        if (t instanceof DoubleType) {
            return Kind.DOUBLE;
        }
        if (t instanceof IntegerType) {
            return Kind.INT;
        }
        if (t instanceof LongType) {
            return Kind.LONG;
        }
        if (t instanceof ShortType) {
            return Kind.SHORT;
        }
        if (t instanceof ByteType) {
            return Kind.BYTE;
        }
        if (t instanceof BooleanType) {
            return Kind.BOOLEAN;
        }
        return null;
    }

    @Override
    public Iterator<Batch> call(Iterator<InternalRow> rows) {
        return Batch.cut(rows, this::take);
    }

    /** Reads up to {@code batchSize} rows into one batch (rows may be reused by Spark). */
    Batch take(Iterator<InternalRow> rows) {
        float[] f32 = float64 ? null : new float[batchSize * featureWidth];
        double[] f64 = float64 ? new double[batchSize * featureWidth] : null;
        double[] labels = new double[batchSize * labelWidth];
        int n = 0;
        while (n < batchSize && rows.hasNext()) {
            InternalRow r = rows.next();
            ArrayData features = array(r, 0, featuresColumn, featureWidth);
            if (f32 != null) {
                readFloats(features, featureKind, f32, n * featureWidth);
            } else {
                readDoubles(features, featureKind, f64, n * featureWidth);
            }
            if (labelColumn != null) {
                if (labelIsArray) {
                    readDoubles(array(r, 1, labelColumn, labelWidth), labelKind, labels,
                            n * labelWidth);
                } else if (r.isNullAt(1)) {
                    throw new IllegalArgumentException("Column '" + labelColumn + "' has a null"
                            + " value; drop or fill nulls first (e.g. df.na().drop()).");
                } else {
                    labels[n] = scalar(r, 1, labelKind);
                }
            }
            n++;
        }
        return Batch.trimmed(n, f32, f64, labels, labelWidth);
    }

    private static ArrayData array(InternalRow r, int ordinal, String column, int width) {
        if (r.isNullAt(ordinal)) {
            throw new IllegalArgumentException("Column '" + column + "' has a null value; every"
                    + " row needs " + width + " numbers (drop or fill nulls first, e.g."
                    + " df.na().drop()).");
        }
        ArrayData a = r.getArray(ordinal);
        if (a.numElements() != width) {
            throw new IllegalArgumentException("Column '" + column + "' has a row of "
                    + a.numElements() + " values; the network expects " + width + " per row.");
        }
        for (int i = 0; i < width; i++) {
            if (a.isNullAt(i)) {
                throw new IllegalArgumentException("Column '" + column + "' holds a null"
                        + " element where a number is expected; fill or drop such rows first.");
            }
        }
        return a;
    }

    private static void readFloats(ArrayData a, Kind kind, float[] out, int offset) {
        int n = a.numElements();
        switch (kind) {
            case FLOAT -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = a.getFloat(i);
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = (float) a.getDouble(i);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = (float) element(a, i, kind);
                }
            }
        }
    }

    private static void readDoubles(ArrayData a, Kind kind, double[] out, int offset) {
        int n = a.numElements();
        if (kind == Kind.DOUBLE) {
            for (int i = 0; i < n; i++) {
                out[offset + i] = a.getDouble(i);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[offset + i] = element(a, i, kind);
        }
    }

    private static double element(ArrayData a, int i, Kind kind) {
        return switch (kind) {
            case BYTE -> a.getByte(i);
            case SHORT -> a.getShort(i);
            case INT -> a.getInt(i);
            case LONG -> a.getLong(i);
            case FLOAT -> a.getFloat(i);
            case DOUBLE -> a.getDouble(i);
            case BOOLEAN -> a.getBoolean(i) ? 1 : 0;
        };
    }

    private static double scalar(InternalRow r, int ordinal, Kind kind) {
        return switch (kind) {
            case BYTE -> r.getByte(ordinal);
            case SHORT -> r.getShort(ordinal);
            case INT -> r.getInt(ordinal);
            case LONG -> r.getLong(ordinal);
            case FLOAT -> r.getFloat(ordinal);
            case DOUBLE -> r.getDouble(ordinal);
            case BOOLEAN -> r.getBoolean(ordinal) ? 1 : 0;
        };
    }
}
