package org.pybridge.nn.preprocess;

import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.NDArray;

/**
 * Maps raw features to what a network was trained on. Implementations are immutable once
 * fitted and safe to use from many threads.
 *
 * <pre>{@code
 * NormalizerStandardize norm = NormalizerStandardize.fit(trainFeatures);
 * net.setNormalizer(norm);                 // output() now standardises raw inputs
 * Normalizer same = Normalizer.fromJson(norm.toJson());
 * }</pre>
 */
public sealed interface Normalizer
        permits NormalizerStandardize, NormalizerMinMax, ImagePreProcessingScaler {

    /** The "type" value of the JSON form, e.g. {@code "standardize"}. */
    String type();

    /**
     * The normalised features as a new floating-point array (the input's float dtype, float32
     * for integer input), which the caller closes. The input is left unchanged.
     *
     * @param features (n, ...) examples; the product of the trailing dimensions must equal the
     *                 number of features the statistics were fitted on
     */
    NDArray transform(NDArray features);

    /** The JSON form as a value tree (maps, lists, numbers) in canonical key order. */
    Map<String, Object> toMap();

    /** The canonical JSON text: identical to Python's {@code normalizer.to_json()}. */
    default String toJson() {
        return Json.write(toMap(), false);
    }

    /**
     * Reads the JSON written by {@link #toJson()} in Java or Python.
     *
     * @throws IllegalArgumentException naming the problem when the JSON is not a normalizer
     */
    static Normalizer fromJson(String json) {
        ConfigMap m = new ConfigMap(Json.parseObject(json), "normalizer JSON");
        String type = m.requireString("type");
        return switch (type) {
            case "standardize" -> NormalizerStandardize.fromMap(m);
            case "min_max" -> NormalizerMinMax.fromMap(m);
            case "image_scaler" -> ImagePreProcessingScaler.fromMap(m);
            default -> throw new IllegalArgumentException("Unknown normalizer type '" + type
                    + "' in normalizer JSON; expected standardize, min_max or image_scaler.");
        };
    }

}
