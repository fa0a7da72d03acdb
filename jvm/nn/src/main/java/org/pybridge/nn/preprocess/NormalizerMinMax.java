package org.pybridge.nn.preprocess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.DataSetIterator;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.tensor.NDArray;

/**
 * Scales each feature from its fitted [min, max] to a target range (default [0, 1]); a feature
 * with max == min maps to the range's low end.
 *
 * <pre>{@code
 * NormalizerMinMax norm = NormalizerMinMax.fit(trainX, -1, 1);
 * }</pre>
 */
public final class NormalizerMinMax implements Normalizer {
    private final double low;
    private final double high;
    private final double[] min;
    private final double[] max;

    /** A normalizer with known per-feature bounds, scaling to [low, high]. */
    public NormalizerMinMax(double low, double high, double[] min, double[] max) {
        if (!(low < high)) {
            throw new IllegalArgumentException("NormalizerMinMax: the range must have low <"
                    + " high, got [" + low + ", " + high + "].");
        }
        if (min.length != max.length || min.length == 0) {
            throw new IllegalArgumentException("NormalizerMinMax needs one min and one max per"
                    + " feature, got " + min.length + " and " + max.length + ".");
        }
        this.low = low;
        this.high = high;
        this.min = min.clone();
        this.max = max.clone();
    }

    /** Fits on (n, ...) examples, scaling to [0, 1]. */
    public static NormalizerMinMax fit(NDArray features) {
        return fit(features, 0.0, 1.0);
    }

    /** Fits on (n, ...) examples, scaling to [low, high]. */
    public static NormalizerMinMax fit(NDArray features, double low, double high) {
        FeatureStats s = FeatureStats.of(features);
        return new NormalizerMinMax(low, high, s.min(), s.max());
    }

    /** Fits on every batch's features (the iterator is reset before and after). */
    public static NormalizerMinMax fit(DataSetIterator data, double low, double high) {
        FeatureStats s = FeatureStats.of(data);
        return new NormalizerMinMax(low, high, s.min(), s.max());
    }

    public double[] min() {
        return min.clone();
    }

    public double[] max() {
        return max.clone();
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    @Override
    public String type() {
        return "min_max";
    }

    @Override
    public NDArray transform(NDArray features) {
        double[] scale = new double[min.length];
        double[] shift = new double[min.length];
        for (int j = 0; j < scale.length; j++) {
            double span = max[j] - min[j];
            scale[j] = span > 0 ? (high - low) / span : 0.0;
            shift[j] = low - min[j] * scale[j];
        }
        return FeatureStats.affine(features, scale, shift, "NormalizerMinMax");
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("range", List.of(low, high));
        m.put("min", FeatureStats.list(min));
        m.put("max", FeatureStats.list(max));
        return m;
    }

    static NormalizerMinMax fromMap(ConfigMap m) {
        m.finish(List.of("type", "range", "min", "max"));
        double[] range = FeatureStats.array(m.optDoubles("range"), "range");
        if (range.length != 2) {
            throw new IllegalArgumentException("normalizer JSON: 'range' must be [low, high], got"
                    + " " + range.length + " numbers.");
        }
        return new NormalizerMinMax(range[0], range[1], FeatureStats.array(m.optDoubles("min"),
                "min"), FeatureStats.array(m.optDoubles("max"), "max"));
    }
}
