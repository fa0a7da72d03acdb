package org.pybridge.nn;

import static org.pybridge.nn.autodiff.MathOps.abs;
import static org.pybridge.nn.autodiff.MathOps.add;
import static org.pybridge.nn.autodiff.MathOps.clip;
import static org.pybridge.nn.autodiff.MathOps.div;
import static org.pybridge.nn.autodiff.MathOps.mul;
import static org.pybridge.nn.autodiff.MathOps.sigmoid;
import static org.pybridge.nn.autodiff.MathOps.softplus;
import static org.pybridge.nn.autodiff.MathOps.tanh;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.pybridge.nn.autodiff.ActivationOps;
import org.pybridge.nn.autodiff.MathOps;
import org.pybridge.nn.autodiff.ReduceOps;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/**
 * An activation with its parameter values: immutable, comparable by value, and computed as a
 * composition of autodiff ops (or one fused op), so it differentiates like any other op.
 *
 * <pre>{@code
 * ActivationFunction f = ActivationFunction.of("leakyrelu").with("alpha", 0.2);
 * Variable h = f.apply(x);                                  // inference
 * Variable r = ActivationFunction.of("rrelu").apply(x, true, new Generator(7));   // training
 * }</pre>
 */
public final class ActivationFunction {
    /** SELU's alpha (Klambauer et al. 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** SELU's scale (Klambauer et al. 2017). */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private final Activation type;
    private final Map<String, Object> params;

    private ActivationFunction(Activation type, Map<String, Object> params) {
        this.type = type;
        this.params = Collections.unmodifiableMap(params);
    }

    /** The activation of this type with default parameters. */
    public static ActivationFunction of(Activation type) {
        return new ActivationFunction(type, new LinkedHashMap<>(type.defaults()));
    }

    /** The activation with this JSON name, with default parameters. */
    public static ActivationFunction of(String name) {
        return of(Activation.fromName(name));
    }

    /**
     * The activation of this type with the given parameters (missing ones take their
     * defaults). Numbers are accepted for numeric parameters, booleans for flags.
     *
     * @throws IllegalArgumentException for an unknown parameter or a value of the wrong kind
     */
    public static ActivationFunction of(Activation type, Map<String, ?> params) {
        ActivationFunction f = of(type);
        for (Map.Entry<String, ?> e : params.entrySet()) {
            f = f.withValue(e.getKey(), e.getValue());
        }
        return f;
    }

    /** A copy with a numeric parameter set. */
    public ActivationFunction with(String name, double value) {
        return withValue(name, value);
    }

    /** A copy with a flag parameter set (gelu's {@code approximate}). */
    public ActivationFunction with(String name, boolean value) {
        return withValue(name, value);
    }

    private ActivationFunction withValue(String name, Object value) {
        Object current = type.defaults().get(name);
        if (current == null) {
            throw new IllegalArgumentException("Activation '" + type.jsonName() + "' has no"
                    + " parameter '" + name + "'" + (type.defaults().isEmpty() ? "; it takes none."
                    : "; it takes " + type.defaults().keySet() + "."));
        }
        Object v;
        if (current instanceof Boolean) {
            if (!(value instanceof Boolean)) {
                throw new IllegalArgumentException("Parameter '" + name + "' of '"
                        + type.jsonName() + "' is a flag (true/false), got " + value + ".");
            }
            v = value;
        } else {
            if (!(value instanceof Number) || !Double.isFinite(((Number) value).doubleValue())) {
                throw new IllegalArgumentException("Parameter '" + name + "' of '"
                        + type.jsonName() + "' must be a finite number, got " + value + ".");
            }
            v = ((Number) value).doubleValue();
        }
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put(name, v);
        ActivationFunction f = new ActivationFunction(type, p);
        f.validate();
        return f;
    }

    private void validate() {
        if (type == Activation.RRELU) {
            double lower = number("lower");
            double upper = number("upper");
            if (!(lower >= 0 && lower <= upper)) {
                throw new IllegalArgumentException("rrelu needs 0 <= lower <= upper, got lower="
                        + lower + ", upper=" + upper + ".");
            }
        }
    }

    public Activation type() {
        return type;
    }

    /** Parameter values by name, in declaration order (Double or Boolean values). */
    public Map<String, Object> params() {
        return params;
    }

    /** A numeric parameter, e.g. {@code number("alpha")}. */
    public double number(String name) {
        Object v = params.get(name);
        if (!(v instanceof Double)) {
            throw new IllegalArgumentException("Activation '" + type.jsonName() + "' has no"
                    + " numeric parameter '" + name + "'.");
        }
        return (Double) v;
    }

    /** A flag parameter, e.g. {@code flag("approximate")}. */
    public boolean flag(String name) {
        Object v = params.get(name);
        if (!(v instanceof Boolean)) {
            throw new IllegalArgumentException("Activation '" + type.jsonName() + "' has no"
                    + " flag '" + name + "'.");
        }
        return (Boolean) v;
    }

    /** Computes the activation in inference mode (rrelu uses its fixed mean slope). */
    public Variable apply(Variable x) {
        return apply(x, false, null);
    }

    /**
     * Computes the activation.
     *
     * @param training whether this is a training pass (only rrelu behaves differently)
     * @param random   the generator rrelu draws its slopes from in training; may be null otherwise
     */
    public Variable apply(Variable x, boolean training, Generator random) {
        return switch (type) {
            case IDENTITY -> MathOps.identity(x);
            case RELU -> MathOps.relu(x);
            case LEAKYRELU -> ActivationOps.leakyRelu(x, number("alpha"));
            case RELU6 -> clip(x, 0, 6);
            case ELU -> ActivationOps.elu(x, number("alpha"));
            case SELU -> Tape.compose(() -> mul(ActivationOps.elu(x, SELU_ALPHA), SELU_SCALE));
            case GELU -> ActivationOps.gelu(x, flag("approximate"));
            case SWISH -> Tape.compose(() -> mul(x, sigmoid(x)));
            case MISH -> Tape.compose(() -> mul(x, tanh(softplus(x))));
            case TANH -> tanh(x);
            case HARDTANH -> clip(x, -1, 1);
            case SIGMOID -> sigmoid(x);
            case HARDSIGMOID -> Tape.compose(() -> clip(add(mul(x, 0.2), 0.5), 0, 1));
            case SOFTMAX -> ReduceOps.softmax(x, -1);
            case SOFTPLUS -> softplus(x);
            case SOFTSIGN -> Tape.compose(() -> div(x, add(abs(x), 1.0)));
            case CUBE -> MathOps.pow(x, 3);
            case RATIONALTANH -> ActivationOps.rationalTanh(x);
            case RECTIFIEDTANH -> Tape.compose(() -> MathOps.relu(tanh(x)));
            case THRESHOLDEDRELU -> ActivationOps.thresholdedRelu(x, number("theta"));
            case RRELU -> rrelu(x, training, random);
        };
    }

    private Variable rrelu(Variable x, boolean training, Generator random) {
        double lower = number("lower");
        double upper = number("upper");
        if (!training) {
            return ActivationOps.leakyRelu(x, (lower + upper) / 2);
        }
        if (random == null) {
            throw new IllegalArgumentException("rrelu draws a random slope per element in"
                    + " training; pass a Generator (or training=false for the fixed slope).");
        }
        try (NDArray slopes = random.uniform(lower, upper, x.dtype(), x.shape())) {
            return ActivationOps.leakyRelu(x, slopes);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationFunction f && f.type == type && f.params.equals(params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, params);
    }

    /** For example {@code relu} or {@code leakyrelu(alpha=0.01)}. */
    @Override
    public String toString() {
        if (params.isEmpty()) {
            return type.jsonName();
        }
        return type.jsonName() + params.entrySet().stream().map(e -> e.getKey() + "="
                + e.getValue()).collect(Collectors.joining(", ", "(", ")"));
    }
}
