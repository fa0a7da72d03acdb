package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/**
 * How a layer's weights are initialised: a named {@link WeightInit} scheme (scaled by the
 * weight's fan-in and fan-out) or a fixed {@link Distribution}.
 *
 * <p>In JSON a named scheme is its name ({@code "weight_init": "xavier"}) and a distribution is
 * an object keyed by {@code "distribution"}
 * ({@code "weight_init": {"distribution": "normal", "mean": 0.0, "std": 0.01}}).
 *
 * <pre>{@code
 * new Dense.Builder().nOut(100).weightInit(WeightInit.RELU).build();
 * new Dense.Builder().nOut(100).weightInit(new Distribution.Normal(0, 0.01)).build();
 * }</pre>
 */
public sealed interface WeightInitScheme permits WeightInit, Distribution {

    /**
     * Draws a new array of initial values (the caller owns it).
     *
     * @param fanIn  inputs per output unit (a dense layer's n_in)
     * @param fanOut outputs per input unit (a dense layer's n_out)
     * @param random the generator to draw from, so that a seeded network is reproducible
     */
    NDArray init(long fanIn, long fanOut, DataType dtype, Generator random, long... shape);

    /** The JSON value: a string for a named scheme, an object for a distribution. */
    Object toJson();

    /** The scheme a JSON value describes (see the class comment). */
    static WeightInitScheme fromJson(Object json, String path) {
        if (json instanceof String s) {
            return WeightInit.fromName(s);
        }
        if (json instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) json;
            return Distribution.fromJson(new ConfigMap(m, path));
        }
        throw new IllegalArgumentException(path + " must be a weight-init name such as"
                + " \"xavier\" or a distribution object such as {\"distribution\": \"normal\","
                + " \"mean\": 0.0, \"std\": 0.01}, got " + ConfigMap.describe(json) + ".");
    }
}
