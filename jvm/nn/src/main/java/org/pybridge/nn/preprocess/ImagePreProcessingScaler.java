package org.pybridge.nn.preprocess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.Scope;

/**
 * Scales pixel values from [0, maxPixel] to [low, high] (default 255 to [0, 1]); needs no
 * fitting, and works on any feature shape.
 *
 * <pre>{@code
 * net.setNormalizer(new ImagePreProcessingScaler());   // uint8 images in, [0, 1] floats used
 * }</pre>
 */
public final class ImagePreProcessingScaler implements Normalizer {
    private final double low;
    private final double high;
    private final double maxPixel;

    /** Scales [0, 255] to [0, 1]. */
    public ImagePreProcessingScaler() {
        this(0.0, 1.0, 255.0);
    }

    /** Scales [0, maxPixel] to [low, high]. */
    public ImagePreProcessingScaler(double low, double high, double maxPixel) {
        if (!(low < high) || !(maxPixel > 0) || Double.isInfinite(maxPixel)) {
            throw new IllegalArgumentException("ImagePreProcessingScaler needs low < high and a"
                    + " positive finite maxPixel, got [" + low + ", " + high + "] and "
                    + maxPixel + ".");
        }
        this.low = low;
        this.high = high;
        this.maxPixel = maxPixel;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    public double maxPixel() {
        return maxPixel;
    }

    @Override
    public String type() {
        return "image_scaler";
    }

    @Override
    public NDArray transform(NDArray features) {
        DataType dt = features.dtype().isFloatingPoint() ? features.dtype() : DataType.FLOAT32;
        try (Scope s = Scope.open()) {
            NDArray x = features.dtype() == dt ? features.share() : features.cast(dt);
            NDArray out = x.mul((high - low) / maxPixel);
            out.applyInPlace(BinaryOp.ADD, low);
            return s.detach(out);
        }
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("range", List.of(low, high));
        m.put("max_pixel", maxPixel);
        return m;
    }

    static ImagePreProcessingScaler fromMap(ConfigMap m) {
        m.finish(List.of("type", "range", "max_pixel"));
        double[] range = FeatureStats.array(m.optDoubles("range"), "range");
        if (range.length != 2) {
            throw new IllegalArgumentException("normalizer JSON: 'range' must be [low, high], got"
                    + " " + range.length + " numbers.");
        }
        return new ImagePreProcessingScaler(range[0], range[1], m.requireDouble("max_pixel"));
    }
}
