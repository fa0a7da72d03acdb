package org.pybridge.nn.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pybridge.nn.DataSet;
import org.pybridge.nn.DataSetIterator;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.Scope;

/**
 * Per-feature count, mean, M2 (sum of squared deviations), min and max, accumulated batch by
 * batch. Batches merge with Chan's parallel formula, which stays accurate where a plain sum of
 * squares would cancel; Python's {@code pybridge.data} uses the same formula.
 */
final class FeatureStats {
    private long count;
    private double[] mean;
    private double[] m2;
    private double[] min;
    private double[] max;

    /** Statistics over every batch of {@code data} (reset before and after). */
    static FeatureStats of(DataSetIterator data) {
        FeatureStats stats = new FeatureStats();
        data.reset();
        while (data.hasNext()) {
            try (DataSet batch = data.next()) {
                stats.add(batch.features());
            }
        }
        data.reset();
        return stats;
    }

    static FeatureStats of(NDArray features) {
        FeatureStats stats = new FeatureStats();
        stats.add(features);
        return stats;
    }

    /** Adds a batch of (n, ...) examples; trailing dimensions are flattened into features. */
    void add(NDArray features) {
        if (features.ndim() < 1) {
            throw new IllegalArgumentException("A normalizer is fitted on (examples, features)"
                    + " arrays, got a scalar; reshape it to (n, 1).");
        }
        long n = features.shape(0);
        if (n == 0) {
            return;
        }
        double[] values;
        try (NDArray wide = features.cast(DataType.FLOAT64)) {
            values = wide.toDoubleArray();
        }
        int d = Math.toIntExact(values.length / n);
        if (mean == null) {
            mean = new double[d];
            m2 = new double[d];
            min = new double[d];
            max = new double[d];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        } else if (d != mean.length) {
            throw new IllegalArgumentException("This batch has " + d + " features per example"
                    + " but earlier ones had " + mean.length + "; every batch must have the same"
                    + " feature shape.");
        }
        double[] bm = new double[d];
        for (int r = 0; r < n; r++) {
            int base = r * d;
            for (int j = 0; j < d; j++) {
                double v = values[base + j];
                bm[j] += v;
                if (v < min[j]) {
                    min[j] = v;
                }
                if (v > max[j]) {
                    max[j] = v;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            bm[j] /= n;
        }
        double[] bm2 = new double[d];
        for (int r = 0; r < n; r++) {
            int base = r * d;
            for (int j = 0; j < d; j++) {
                double dv = values[base + j] - bm[j];
                bm2[j] += dv * dv;
            }
        }
        long total = count + n;
        for (int j = 0; j < d; j++) {
            double delta = bm[j] - mean[j];
            mean[j] += delta * n / total;
            m2[j] += bm2[j] + delta * delta * ((double) count * n / total);
        }
        count = total;
    }

    private void checkFitted() {
        if (count == 0) {
            throw new IllegalArgumentException("Cannot fit a normalizer on no examples; give it"
                    + " at least one row.");
        }
    }

    double[] mean() {
        checkFitted();
        return mean.clone();
    }

    /** Population standard deviation, with 0 replaced by 1 so constant features map to 0. */
    double[] std() {
        checkFitted();
        double[] s = new double[m2.length];
        for (int j = 0; j < s.length; j++) {
            double v = Math.sqrt(m2[j] / count);
            s[j] = v == 0.0 ? 1.0 : v;
        }
        return s;
    }

    double[] min() {
        checkFitted();
        return min.clone();
    }

    double[] max() {
        checkFitted();
        return max.clone();
    }

    static List<Object> list(double[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    static double[] array(List<Double> values, String what) {
        if (values == null) {
            throw new IllegalArgumentException("normalizer JSON: '" + what + "' is missing; it"
                    + " must be a list of numbers, one per feature.");
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /**
     * {@code features * scale + shift} per feature, in the features' float dtype (float32 for
     * integer input), as a new array of the input's shape.
     */
    static NDArray affine(NDArray features, double[] scale, double[] shift, String who) {
        long n = features.ndim() == 0 ? 1 : features.shape(0);
        long d = n == 0 ? scale.length : features.size() / n;
        if (features.ndim() < 1 || d != scale.length) {
            throw new IllegalArgumentException(who + " was fitted on " + scale.length
                    + " features per example, but the input has shape "
                    + Arrays.toString(features.shape()) + " (" + d + " per example); give"
                    + " (n, " + scale.length + ") features.");
        }
        DataType dt = features.dtype().isFloatingPoint() ? features.dtype() : DataType.FLOAT32;
        try (Scope s = Scope.open()) {
            NDArray x = features.dtype() == dt ? features.share() : features.cast(dt);
            NDArray flat = x.reshape(n, d);
            NDArray sc = NDArray.create(scale, d).cast(dt);
            NDArray sh = NDArray.create(shift, d).cast(dt);
            NDArray out = flat.mul(sc);
            out.addi(sh);
            return s.detach(out.reshape(features.shape()));
        }
    }
}
