package org.pybridge.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The activation functions, by the lower-case names the JSON configuration uses, with the
 * parameters each one takes and their defaults. {@link ActivationFunction} pairs a type with
 * parameter values and computes it.
 * <ul>
 *   <li>{@code identity}, {@code relu}, {@code tanh}, {@code sigmoid}, {@code softplus},
 *       {@code softmax} (over the last axis): the usual functions;</li>
 *   <li>{@code leakyrelu} ({@code alpha} = 0.01): x for x &gt; 0, else alpha x;</li>
 *   <li>{@code relu6}: min(max(x, 0), 6); {@code hardtanh}: min(max(x, -1), 1);</li>
 *   <li>{@code elu} ({@code alpha} = 1): x for x &gt; 0, else alpha (e^x - 1);</li>
 *   <li>{@code selu}: 1.0507009873554805 elu(x, 1.6732632423543772) (Klambauer et al.);</li>
 *   <li>{@code gelu} ({@code approximate} = false): x Phi(x) with the exact erf form, or
 *       the tanh approximation when approximate;</li>
 *   <li>{@code swish}: x sigmoid(x); {@code mish}: x tanh(softplus(x));</li>
 *   <li>{@code hardsigmoid}: min(max(0.2 x + 0.5, 0), 1), the DL4J / Keras 2 definition
 *       (PyTorch's uses x/6 + 0.5 instead);</li>
 *   <li>{@code softsign}: x / (1 + |x|); {@code cube}: x^3;</li>
 *   <li>{@code rationaltanh}: DL4J's 1.7159 tanh(2x/3) with tanh(y) approximated by
 *       sign(y) (1 - 1/(1 + |y| + y^2 + 1.41645 y^4));</li>
 *   <li>{@code rectifiedtanh}: max(0, tanh(x));</li>
 *   <li>{@code thresholdedrelu} ({@code theta} = 1): x for x &gt; theta, else 0;</li>
 *   <li>{@code rrelu} ({@code lower} = 1/8, {@code upper} = 1/3): x for x &gt;= 0, else a x
 *       with a drawn uniformly from [lower, upper] per element in training, and fixed at
 *       (lower + upper) / 2 at inference.</li>
 * </ul>
 *
 * <pre>{@code
 * Activation a = Activation.fromName("leakyrelu");
 * ActivationFunction f = a.function().with("alpha", 0.2);
 * }</pre>
 */
public enum Activation {
    IDENTITY("identity"),
    RELU("relu"),
    LEAKYRELU("leakyrelu", "alpha", 0.01),
    RELU6("relu6"),
    ELU("elu", "alpha", 1.0),
    SELU("selu"),
    GELU("gelu", "approximate", false),
    SWISH("swish"),
    MISH("mish"),
    TANH("tanh"),
    HARDTANH("hardtanh"),
    SIGMOID("sigmoid"),
    HARDSIGMOID("hardsigmoid"),
    SOFTMAX("softmax"),
    SOFTPLUS("softplus"),
    SOFTSIGN("softsign"),
    CUBE("cube"),
    RATIONALTANH("rationaltanh"),
    RECTIFIEDTANH("rectifiedtanh"),
    THRESHOLDEDRELU("thresholdedrelu", "theta", 1.0),
    RRELU("rrelu", "lower", 1.0 / 8, "upper", 1.0 / 3);

    private final String jsonName;
    private final Map<String, Object> defaults;

    Activation(String jsonName, Object... nameValuePairs) {
        this.jsonName = jsonName;
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            d.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        this.defaults = Collections.unmodifiableMap(d);
    }

    /** The lower-case name used in JSON configurations, e.g. {@code "leakyrelu"}. */
    public String jsonName() {
        return jsonName;
    }

    /**
     * The parameters this activation takes, in order, with their defaults (Double or Boolean
     * values); empty for parameter-free activations.
     */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** This activation with its default parameters. */
    public ActivationFunction function() {
        return ActivationFunction.of(this);
    }

    /**
     * The activation with this JSON name (case-insensitive).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static Activation fromName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.jsonName.equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown activation '" + name + "'; use one of "
                + Arrays.stream(values()).map(Activation::jsonName).toList() + ".");
    }
}
