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
}
