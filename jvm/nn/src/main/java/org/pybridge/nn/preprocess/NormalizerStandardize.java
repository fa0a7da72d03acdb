package org.pybridge.nn.preprocess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.DataSetIterator;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.tensor.NDArray;

/**
 * Zero mean, unit variance per feature: {@code (x - mean) / std}, with statistics fitted on
 * training data (population standard deviation; a constant feature gets std 1).
 *
 * <pre>{@code
 * NormalizerStandardize norm = NormalizerStandardize.fit(trainX);
 * try (NDArray z = norm.transform(x)) { ... }
 * }</pre>
 */
public final class NormalizerStandardize implements Normalizer {
    private final double[] mean;
    private final double[] std;

    /** A normalizer with known statistics, one value per feature. */
    public NormalizerStandardize(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("NormalizerStandardize needs one mean and one std"
                    + " per feature, got " + mean.length + " means and " + std.length
                    + " stds.");
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("NormalizerStandardize: every std must be a"
                        + " positive finite number, got " + s + ".");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Fits on (n, ...) examples. */
    public static NormalizerStandardize fit(NDArray features) {
        FeatureStats s = FeatureStats.of(features);
        return new NormalizerStandardize(s.mean(), s.std());
    }

    /** Fits on every batch's features (the iterator is reset before and after). */
    public static NormalizerStandardize fit(DataSetIterator data) {
        FeatureStats s = FeatureStats.of(data);
        return new NormalizerStandardize(s.mean(), s.std());
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    @Override
    public String type() {
        return "standardize";
    }

    @Override
    public NDArray transform(NDArray features) {
        double[] scale = new double[mean.length];
        double[] shift = new double[mean.length];
        for (int j = 0; j < scale.length; j++) {
            scale[j] = 1.0 / std[j];
            shift[j] = -mean[j] / std[j];
        }
        return FeatureStats.affine(features, scale, shift, "NormalizerStandardize");
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("mean", FeatureStats.list(mean));
        m.put("std", FeatureStats.list(std));
        return m;
    }

    static NormalizerStandardize fromMap(ConfigMap m) {
        m.finish(List.of("type", "mean", "std"));
        return new NormalizerStandardize(FeatureStats.array(m.optDoubles("mean"), "mean"),
                FeatureStats.array(m.optDoubles("std"), "std"));
    }
}
