package org.pybridge.spark.internal;

import java.io.Serializable;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * One minibatch as plain arrays, the unit that training data is cached in on the executors.
 * Features are kept in the network's precision (float32, or float64 for float64 networks);
 * labels as doubles: class ids, regression values, or {@code labelWidth} values per row.
 */
public final class Batch implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final float[] features32;
    private final double[] features64;
    private final double[] labels;
    private final int labelWidth;

    /** A batch; exactly one of {@code features32} and {@code features64} is non-null. */
    public Batch(int rows, float[] features32, double[] features64, double[] labels,
            int labelWidth) {
        this.rows = rows;
        this.features32 = features32;
        this.features64 = features64;
        this.labels = labels;
        this.labelWidth = labelWidth;
    }

    public int rows() {
        return rows;
    }

    /** The features as (rows, ...inputShape); the caller closes the array. */
    public NDArray features(long[] inputShape) {
        long[] shape = new long[inputShape.length + 1];
        shape[0] = rows;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return features32 != null ? NDArray.create(features32, shape)
                : NDArray.create(features64, shape);
    }

    /**
     * The labels in {@code dtype}: (rows,) for one value per row (class ids are one-hot encoded
     * by the network), (rows, labelWidth) otherwise. The caller closes the array.
     */
    public NDArray labels(DataType dtype) {
        long[] shape = labelWidth == 1 ? new long[] {rows} : new long[] {rows, labelWidth};
        if (dtype == DataType.FLOAT64) {
            return NDArray.create(labels, shape);
        }
        float[] f = new float[labels.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) labels[i];
        }
        return NDArray.create(f, shape);
    }

    /**
     * Batches taken lazily from {@code rows} by {@code take} (which reads up to a batch of rows
     * and is called only while rows remain).
     */
    static <R> java.util.Iterator<Batch> cut(java.util.Iterator<R> rows,
            java.util.function.Function<java.util.Iterator<R>, Batch> take) {
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Batch next() {
                if (!rows.hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return take.apply(rows);
            }
        };
    }

    /** A batch of the first {@code n} rows of arrays sized for a full batch. */
    static Batch trimmed(int n, float[] f32, double[] f64, double[] labels, int labelWidth) {
        int width = f32 != null ? f32.length : f64.length;
        int full = labels.length / labelWidth;
        if (n < full) {
            int w = width / full;
            f32 = f32 == null ? null : java.util.Arrays.copyOf(f32, n * w);
            f64 = f64 == null ? null : java.util.Arrays.copyOf(f64, n * w);
            labels = java.util.Arrays.copyOf(labels, n * labelWidth);
        }
        return new Batch(n, f32, f64, labels, labelWidth);
    }

    /**
     * Rows of {@code parts} (in order) re-cut into batches of {@code batchSize} rows, the last
     * one possibly shorter. Used to join the short last batches of several partitions.
     */
    static java.util.List<Batch> rechunk(java.util.List<Batch> parts, int batchSize) {
        java.util.List<Batch> out = new java.util.ArrayList<>();
        if (parts.isEmpty()) {
            return out;
        }
        Batch first = parts.get(0);
        boolean f64 = first.features32 == null;
        int width = first.rows == 0 ? 0 : (f64 ? first.features64.length
                : first.features32.length) / first.rows;
        int lw = first.labelWidth;
        long total = 0;
        for (Batch b : parts) {
            total += b.rows;
        }
        int filled = 0;
        float[] f32 = null;
        double[] d64 = null;
        double[] labels = null;
        long left = total;
        for (Batch b : parts) {
            for (int r = 0; r < b.rows; r++) {
                if (labels == null) {
                    int n = (int) Math.min(batchSize, left);
                    f32 = f64 ? null : new float[n * width];
                    d64 = f64 ? new double[n * width] : null;
                    labels = new double[n * lw];
                }
                if (f64) {
                    System.arraycopy(b.features64, r * width, d64, filled * width, width);
                } else {
                    System.arraycopy(b.features32, r * width, f32, filled * width, width);
                }
                System.arraycopy(b.labels, r * lw, labels, filled * lw, lw);
                filled++;
                left--;
                if (filled * lw == labels.length) {
                    out.add(new Batch(filled, f32, d64, labels, lw));
                    filled = 0;
                    labels = null;
                }
            }
        }
        return out;
    }
}
