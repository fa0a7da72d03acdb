package org.pybridge.spark.internal;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Turns a partition of (features, label) rows into minibatches of at most {@code batchSize}
 * rows, lazily, in row order. Runs on the executors.
 */
public final class BatchMaker implements FlatMapFunction<Iterator<Row>, Batch> {
    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private final int featureWidth;
    private final boolean float64;
    private final int labelWidth;
    private final String featuresColumn;
    private final String labelColumn;

    /**
     * @param batchSize      rows per batch
     * @param featureWidth   numbers per example (the product of the input shape)
     * @param float64        whether features are kept as doubles (float64 networks)
     * @param labelWidth     numbers per label (1 for class ids and single values)
     * @param featuresColumn the name for error messages
     * @param labelColumn    the name for error messages, or null when rows have no label
     */
    public BatchMaker(int batchSize, int featureWidth, boolean float64, int labelWidth,
            String featuresColumn, String labelColumn) {
        this.batchSize = batchSize;
        this.featureWidth = featureWidth;
        this.float64 = float64;
        this.labelWidth = labelWidth;
        this.featuresColumn = featuresColumn;
        this.labelColumn = labelColumn;
    }

    @Override
    public Iterator<Batch> call(Iterator<Row> rows) {
        return Batch.cut(rows, this::take);
    }

    /** Reads up to {@code batchSize} rows into one batch. */
    Batch take(Iterator<Row> rows) {
        float[] f32 = float64 ? null : new float[batchSize * featureWidth];
        double[] f64 = float64 ? new double[batchSize * featureWidth] : null;
        double[] labels = new double[batchSize * labelWidth];
        int n = 0;
        while (n < batchSize && rows.hasNext()) {
            Row r = rows.next();
            RowValues.copy(r, 0, featuresColumn, featureWidth, f32, f64, n * featureWidth);
            if (labelColumn != null) {
                if (labelWidth == 1) {
                    labels[n] = RowValues.scalar(r, 1, labelColumn);
                } else {
                    RowValues.copy(r, 1, labelColumn, labelWidth, null, labels, n * labelWidth);
                }
            }
            n++;
        }
        return Batch.trimmed(n, f32, f64, labels, labelWidth);
    }
}
