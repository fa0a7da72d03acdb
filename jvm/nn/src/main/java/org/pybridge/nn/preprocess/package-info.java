/**
 * Feature normalizers that travel with a model: {@link org.pybridge.nn.preprocess.Normalizer}
 * and its kinds {@link org.pybridge.nn.preprocess.NormalizerStandardize},
 * {@link org.pybridge.nn.preprocess.NormalizerMinMax} and
 * {@link org.pybridge.nn.preprocess.ImagePreProcessingScaler}.
 *
 * <p>A normalizer is fitted on training data (in Java or in Python's {@code pybridge.data}),
 * serialised as JSON (the same text from both languages), stored in the model file as
 * {@code normalizer.json}, and applied by {@link org.pybridge.nn.MultiLayerNetwork#output} to
 * raw features. The JSON forms, with statistics per feature (trailing dimensions flattened):
 * <pre>{@code
 * {"type": "standardize", "mean": [5.8, 3.0], "std": [0.82, 0.43]}
 * {"type": "min_max", "range": [0.0, 1.0], "min": [4.3, 2.0], "max": [7.9, 4.4]}
 * {"type": "image_scaler", "range": [0.0, 1.0], "max_pixel": 255.0}
 * }</pre>
 * A standard deviation of 0 is stored as 1 (a constant feature becomes 0, not NaN); a min-max
 * feature with max == min maps to the range's low end.
 */
package org.pybridge.nn.preprocess;
