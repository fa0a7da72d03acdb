package org.pybridge.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.OrthogonalMatrix;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/**
 * A fixed probability distribution to draw initial weights from, whatever the layer's fans
 * (DL4J's {@code WeightInitDistribution}). In JSON each is an object whose
 * {@code "distribution"} key names it:
 * <ul>
 *   <li>{@code {"distribution": "normal", "mean": 0.0, "std": 1.0}};</li>
 *   <li>{@code {"distribution": "uniform", "lower": -1.0, "upper": 1.0}};</li>
 *   <li>{@code {"distribution": "truncated_normal", "mean": 0.0, "std": 1.0}}: values more than
 *       two standard deviations from the mean are redrawn (as ND4J and TensorFlow);</li>
 *   <li>{@code {"distribution": "log_normal", "mean": 0.0, "std": 1.0}}: exp of a normal with
 *       that mean and std;</li>
 *   <li>{@code {"distribution": "binomial", "trials": 1, "probability": 0.5}}: the number of
 *       successes in {@code trials} draws;</li>
 *   <li>{@code {"distribution": "orthogonal", "gain": 1.0}}: a random orthogonal matrix (Saxe et
 *       al. 2014) times gain: the weight is viewed as (shape[0], product of the rest) and has
 *       orthonormal columns (or rows, when wider than tall).</li>
 * </ul>
 *
 * <pre>{@code
 * new Dense.Builder().nOut(64).weightInit(new Distribution.Normal(0, 0.01)).build();
 * }</pre>
 */
public sealed interface Distribution extends WeightInitScheme {

    /** The name under the {@code "distribution"} key. */
    String jsonName();

    /** The parameters, in JSON order. */
    Map<String, Object> parameters();

    @Override
    default Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("distribution", jsonName());
        m.putAll(parameters());
        return m;
    }

    /** The names under the {@code "distribution"} key, for messages and the Python side. */
    static List<String> registeredNames() {
        return List.of("normal", "uniform", "truncated_normal", "log_normal", "binomial",
                "orthogonal");
    }

    /** Reads a distribution object (strict: unknown keys are errors). */
    static Distribution fromJson(ConfigMap m) {
        String name = m.requireString("distribution");
        List<String> params = switch (name) {
            case "normal", "truncated_normal", "log_normal" -> List.of("mean", "std");
            case "uniform" -> List.of("lower", "upper");
            case "binomial" -> List.of("trials", "probability");
            case "orthogonal" -> List.of("gain");
            default -> throw new IllegalArgumentException(m.path() + ": unknown distribution \""
                    + name + "\"; use one of " + registeredNames() + ".");
        };
        List<String> keys = new java.util.ArrayList<>();
        keys.add("distribution");
        keys.addAll(params);
        m.finish(keys);
        return switch (name) {
            case "normal" -> new Normal(m.requireDouble("mean"), m.requireDouble("std"));
            case "truncated_normal" -> new TruncatedNormal(m.requireDouble("mean"),
                    m.requireDouble("std"));
            case "log_normal" -> new LogNormal(m.requireDouble("mean"), m.requireDouble("std"));
            case "uniform" -> new Uniform(m.requireDouble("lower"), m.requireDouble("upper"));
            case "binomial" -> new Binomial(m.requireLong("trials"),
                    m.requireDouble("probability"));
            default -> new Orthogonal(m.optDouble("gain", 1.0));
        };
    }

    /** Normal distribution N(mean, std). */
    record Normal(double mean, double std) implements Distribution {
        public Normal {
            requireFinite(mean, "mean");
            requireScale(std, "std");
        }

        @Override
        public String jsonName() {
            return "normal";
        }

        @Override
        public Map<String, Object> parameters() {
            return params("mean", mean, "std", std);
        }

        @Override
        public NDArray init(long fanIn, long fanOut, DataType dtype, Generator random,
                long... shape) {
            return random.normal(mean, std, dtype, shape);
        }
    }

    /** Uniform distribution on [lower, upper). */
    record Uniform(double lower, double upper) implements Distribution {
        public Uniform {
            requireFinite(lower, "lower");
            requireFinite(upper, "upper");
            if (upper < lower) {
                throw new IllegalArgumentException("Uniform distribution needs lower <= upper,"
                        + " got lower=" + lower + ", upper=" + upper + ".");
            }
        }

        @Override
        public String jsonName() {
            return "uniform";
        }

        @Override
        public Map<String, Object> parameters() {
            return params("lower", lower, "upper", upper);
        }

        @Override
        public NDArray init(long fanIn, long fanOut, DataType dtype, Generator random,
                long... shape) {
            return random.uniform(lower, upper, dtype, shape);
        }
    }

    /** Normal distribution truncated (by redrawing) to mean +- 2 std. */
    record TruncatedNormal(double mean, double std) implements Distribution {
        public TruncatedNormal {
            requireFinite(mean, "mean");
            requireScale(std, "std");
        }

        @Override
        public String jsonName() {
            return "truncated_normal";
        }

        @Override
        public Map<String, Object> parameters() {
            return params("mean", mean, "std", std);
        }

        @Override
        public NDArray init(long fanIn, long fanOut, DataType dtype, Generator random,
                long... shape) {
            return random.truncatedNormal(mean, std, dtype, shape);
        }
    }

    /** exp(N(mean, std)): mean and std are those of the underlying normal. */
    record LogNormal(double mean, double std) implements Distribution {
        public LogNormal {
            requireFinite(mean, "mean");
            requireScale(std, "std");
        }

        @Override
        public String jsonName() {
            return "log_normal";
        }

        @Override
        public Map<String, Object> parameters() {
            return params("mean", mean, "std", std);
        }

        @Override
        public NDArray init(long fanIn, long fanOut, DataType dtype, Generator random,
                long... shape) {
            NDArray v = random.normal(mean, std, dtype, shape);
            return v.applyInPlace(org.pybridge.tensor.UnaryOp.EXP);
        }
    }

    /** The number of successes in {@code trials} independent draws of probability p. */
    record Binomial(long trials, double probability) implements Distribution {
        public Binomial {
            if (trials < 1) {
                throw new IllegalArgumentException("Binomial distribution needs trials >= 1, got "
                        + trials + ".");
            }
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("Binomial distribution needs a probability in"
                        + " [0, 1], got " + probability + ".");
            }
        }

        @Override
        public String jsonName() {
            return "binomial";
        }

        @Override
        public Map<String, Object> parameters() {
            return params("trials", trials, "probability", probability);
        }

        @Override
        public NDArray init(long fanIn, long fanOut, DataType dtype, Generator random,
                long... shape) {
            NDArray sum = random.bernoulli(probability, dtype, shape);
            try {
                for (long t = 1; t < trials; t++) {
                    try (NDArray draw = random.bernoulli(probability, dtype, shape)) {
                        sum.addi(draw);
                    }
                }
                return sum;
            } catch (RuntimeException e) {
                sum.close();
                throw e;
            }
        }
    }

    /** A random orthogonal matrix times {@code gain}. */
    record Orthogonal(double gain) implements Distribution {
        public Orthogonal {
            requireFinite(gain, "gain");
        }

        @Override
        public String jsonName() {
            return "orthogonal";
        }

        @Override
        public Map<String, Object> parameters() {
            return params("gain", gain);
        }

        @Override
        public NDArray init(long fanIn, long fanOut, DataType dtype, Generator random,
                long... shape) {
            return OrthogonalMatrix.draw(gain, dtype, random, shape);
        }
    }

    private static void requireFinite(double v, String name) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("Distribution " + name + " must be finite, got "
                    + v + ".");
        }
    }

    private static void requireScale(double v, String name) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Distribution " + name + " must be finite and >="
                    + " 0, got " + v + ".");
        }
    }

    private static Map<String, Object> params(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return m;
    }
}
