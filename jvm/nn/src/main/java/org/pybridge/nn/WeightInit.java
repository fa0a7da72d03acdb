package org.pybridge.nn;

import java.util.Arrays;
import java.util.Locale;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * The named weight-initialisation schemes, with DL4J's formulas (fanIn and fanOut are a dense
 * weight's n_in and n_out). N(0, s) is a normal distribution with standard deviation s,
 * U(-a, a) a uniform one.
 * <ul>
 *   <li>{@code xavier}: N(0, sqrt(2 / (fanIn + fanOut))) (Glorot and Bengio 2010);</li>
 *   <li>{@code xavier_uniform}: U(-a, a), a = sqrt(6 / (fanIn + fanOut));</li>
 *   <li>{@code xavier_fan_in}, {@code lecun_normal}, {@code normal}: N(0, 1 / sqrt(fanIn))
 *       (DL4J treats the three as one);</li>
 *   <li>{@code relu}: N(0, sqrt(2 / fanIn)) (He et al. 2015);
 *       {@code relu_uniform}: U(-a, a), a = sqrt(6 / fanIn);</li>
 *   <li>{@code lecun_uniform}: U(-a, a), a = 3 / sqrt(fanIn) (DL4J's formula; Keras uses
 *       sqrt(3 / fanIn));</li>
 *   <li>{@code uniform}: U(-a, a), a = 1 / sqrt(fanIn);</li>
 *   <li>{@code sigmoid_uniform}: U(-a, a), a = 4 sqrt(6 / (fanIn + fanOut));</li>
 *   <li>{@code zero}, {@code ones}: constants 0 and 1;</li>
 *   <li>{@code identity}: the identity matrix (square 2-d weights only);</li>
 *   <li>{@code var_scaling_normal_fan_in|out|avg}: N(0, 1 / sqrt(fan)) with fan = fanIn,
 *       fanOut or (fanIn + fanOut) / 2;</li>
 *   <li>{@code var_scaling_uniform_fan_in|out|avg}: U(-a, a), a = 3 / sqrt(fan) (DL4J's
 *       formula).</li>
 * </ul>
 * Values are drawn from the network's seeded {@link Generator}, so initialisation is
 * reproducible. For a fixed distribution use a {@link Distribution} instead.
 *
 * <pre>{@code
 * try (NDArray w = WeightInit.XAVIER.init(784, 100, DataType.FLOAT32, new Generator(1), 784, 100)) {
 *     ...
 * }
 * }</pre>
 */
public enum WeightInit implements WeightInitScheme {
    XAVIER, XAVIER_UNIFORM, XAVIER_FAN_IN, RELU, RELU_UNIFORM, LECUN_NORMAL, LECUN_UNIFORM,
    NORMAL, UNIFORM, SIGMOID_UNIFORM, ZERO, ONES, IDENTITY,
    VAR_SCALING_NORMAL_FAN_IN, VAR_SCALING_NORMAL_FAN_OUT, VAR_SCALING_NORMAL_FAN_AVG,
    VAR_SCALING_UNIFORM_FAN_IN, VAR_SCALING_UNIFORM_FAN_OUT, VAR_SCALING_UNIFORM_FAN_AVG;

    /** The lower-case name used in JSON, e.g. {@code "xavier_uniform"}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Object toJson() {
        return jsonName();
    }

    /**
     * The scheme with this JSON name (case-insensitive).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static WeightInit fromName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (WeightInit w : values()) {
            if (w.jsonName().equals(key)) {
                return w;
            }
        }
        throw new IllegalArgumentException("Unknown weight init '" + name + "'; use one of "
                + Arrays.stream(values()).map(WeightInit::jsonName).toList() + ", or a"
                + " distribution object such as {\"distribution\": \"normal\", \"mean\": 0.0,"
                + " \"std\": 0.01}.");
    }

    @Override
    public NDArray init(long fanIn, long fanOut, DataType dtype, Generator random,
            long... shape) {
        if (fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException("Weight init " + jsonName() + " needs fanIn and"
                    + " fanOut >= 1, got " + fanIn + " and " + fanOut + ".");
        }
        double in = fanIn;
        double out = fanOut;
        return switch (this) {
            case XAVIER -> random.normal(0, Math.sqrt(2.0 / (in + out)), dtype, shape);
            case XAVIER_UNIFORM -> symmetric(random, Math.sqrt(6.0 / (in + out)), dtype, shape);
            case XAVIER_FAN_IN, LECUN_NORMAL, NORMAL, VAR_SCALING_NORMAL_FAN_IN ->
                    random.normal(0, 1 / Math.sqrt(in), dtype, shape);
            case VAR_SCALING_NORMAL_FAN_OUT -> random.normal(0, 1 / Math.sqrt(out), dtype, shape);
            case VAR_SCALING_NORMAL_FAN_AVG ->
                    random.normal(0, 1 / Math.sqrt((in + out) / 2), dtype, shape);
            case RELU -> random.normal(0, Math.sqrt(2.0 / in), dtype, shape);
            case RELU_UNIFORM -> symmetric(random, Math.sqrt(6.0 / in), dtype, shape);
            case LECUN_UNIFORM, VAR_SCALING_UNIFORM_FAN_IN ->
                    symmetric(random, 3 / Math.sqrt(in), dtype, shape);
            case VAR_SCALING_UNIFORM_FAN_OUT -> symmetric(random, 3 / Math.sqrt(out), dtype, shape);
            case VAR_SCALING_UNIFORM_FAN_AVG ->
                    symmetric(random, 3 / Math.sqrt((in + out) / 2), dtype, shape);
            case UNIFORM -> symmetric(random, 1 / Math.sqrt(in), dtype, shape);
            case SIGMOID_UNIFORM -> symmetric(random, 4 * Math.sqrt(6.0 / (in + out)), dtype,
                    shape);
            case ZERO -> NDArray.zeros(dtype, shape);
            case ONES -> NDArray.ones(dtype, shape);
            case IDENTITY -> identity(dtype, shape);
        };
    }

    private static NDArray symmetric(Generator random, double a, DataType dtype, long[] shape) {
        return random.uniform(-a, a, dtype, shape);
    }

    private static NDArray identity(DataType dtype, long[] shape) {
        if (shape.length != 2 || shape[0] != shape[1]) {
            throw new ShapeException("Weight init identity needs a square 2-d weight, but this"
                    + " one has shape " + Arrays.toString(shape) + "; make n_in equal n_out or"
                    + " choose another weight init.");
        }
        NDArray eye = NDArray.zeros(dtype, shape);
        for (long i = 0; i < shape[0]; i++) {
            eye.setDouble(1, i, i);
        }
        return eye;
    }
}
