package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pybridge.nn.RandomInputs.awayFromZero;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pybridge.nn.autodiff.GradientCheck;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

@ExtendWith(LeakCheck.class)
class ActivationTest {
    private static final double[] XS = {-3.1, -2.2, -1.3, -0.7, -0.2, 0.15, 0.6, 1.2, 1.7, 2.6,
        3.4, 6.8};

    @Test
    void namesAreExactlyTheDocumentedOnes() {
        List<String> expected = List.of("identity", "relu", "leakyrelu", "relu6", "elu", "selu",
                "gelu", "swish", "mish", "tanh", "hardtanh", "sigmoid", "hardsigmoid", "softmax",
                "softplus", "softsign", "cube", "rationaltanh", "rectifiedtanh",
                "thresholdedrelu", "rrelu");
        assertEquals(expected, Arrays.stream(Activation.values()).map(Activation::jsonName)
                .toList());
        for (String name : expected) {
            assertEquals(name, Activation.fromName(name.toUpperCase()).jsonName());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activation.fromName("rleu"));
        assertTrue(e.getMessage().contains("leakyrelu"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientsMatchFiniteDifferencesInInferenceMode(Activation type) {
        ActivationFunction f = type.function();
        try (NDArray x = awayFromZero(type.ordinal(), 0.05, 2.4, 3, 4)) {
            new GradientCheck().verify(v -> f.apply(v[0]), x);
        }
    }

    @Test
    void rreluGradientWithFixedTrainingSlopes() {
        ActivationFunction f = ActivationFunction.of("rrelu");
        try (NDArray x = awayFromZero(3, 0.05, 2, 4, 5)) {
            // A fresh generator with the same seed draws the same slopes on every call.
            new GradientCheck().verify(v -> f.apply(v[0], true, new Generator(11)), x);
        }
    }

    @Test
    void geluApproximationGradient() {
        ActivationFunction f = ActivationFunction.of("gelu").with("approximate", true);
        try (NDArray x = awayFromZero(3, 0.05, 3, 4, 5)) {
            new GradientCheck().verify(v -> f.apply(v[0]), x);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    private static double erf(double x) {
        // Abramowitz-Stegun 7.1.26 is too coarse here; integrate the density instead.
        int n = 20000;
        double h = x / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h;
            double c = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            s += c * Math.exp(-t * t);
        }
        return s * h / 3 * 2 / Math.sqrt(Math.PI);
    }

    private static final Map<Activation, DoubleUnaryOperator> FORMULAS = Map.ofEntries(
            Map.entry(Activation.IDENTITY, x -> x),
            Map.entry(Activation.RELU, x -> Math.max(0, x)),
            Map.entry(Activation.LEAKYRELU, x -> x > 0 ? x : 0.01 * x),
            Map.entry(Activation.RELU6, x -> Math.min(6, Math.max(0, x))),
            Map.entry(Activation.ELU, x -> x > 0 ? x : Math.exp(x) - 1),
            Map.entry(Activation.SELU, x -> 1.0507009873554805
                    * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1))),
            Map.entry(Activation.GELU, x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
            Map.entry(Activation.SWISH, x -> x * sigmoid(x)),
            Map.entry(Activation.MISH, x -> x * Math.tanh(softplus(x))),
            Map.entry(Activation.TANH, Math::tanh),
            Map.entry(Activation.HARDTANH, x -> Math.min(1, Math.max(-1, x))),
            Map.entry(Activation.SIGMOID, ActivationTest::sigmoid),
            Map.entry(Activation.HARDSIGMOID, x -> Math.min(1, Math.max(0, 0.2 * x + 0.5))),
            Map.entry(Activation.SOFTPLUS, ActivationTest::softplus),
            Map.entry(Activation.SOFTSIGN, x -> x / (1 + Math.abs(x))),
            Map.entry(Activation.CUBE, x -> x * x * x),
            Map.entry(Activation.RATIONALTANH, x -> {
                double y = 2 * x / 3;
                double a = Math.abs(y);
                return 1.7159 * Math.signum(y)
                        * (1 - 1 / (1 + a + a * a + 1.41645 * a * a * a * a));
            }),
            Map.entry(Activation.RECTIFIEDTANH, x -> Math.max(0, Math.tanh(x))),
            Map.entry(Activation.THRESHOLDEDRELU, x -> x > 1 ? x : 0),
            Map.entry(Activation.RRELU, x -> x >= 0 ? x : x * (1.0 / 8 + 1.0 / 3) / 2));

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = "SOFTMAX", mode = EnumSource.Mode.EXCLUDE)
    void valuesMatchTheirFormulas(Activation type) {
        DoubleUnaryOperator formula = FORMULAS.get(type);
        try (NDArray x = NDArray.create(XS, 3, 4);
                Variable y = type.function().apply(Variable.constant(x))) {
            double[] got = y.value().toDoubleArray();
            for (int i = 0; i < XS.length; i++) {
                assertEquals(formula.applyAsDouble(XS[i]), got[i], 1e-9,
                        type.jsonName() + "(" + XS[i] + ")");
            }
        }
    }

    @Test
    void softmaxNormalisesTheLastAxis() {
        try (NDArray x = NDArray.create(XS, 3, 4);
                Variable y = ActivationFunction.of("softmax").apply(Variable.constant(x))) {
            for (int r = 0; r < 3; r++) {
                double sum = 0;
                for (int c = 0; c < 4; c++) {
                    sum += Math.exp(XS[r * 4 + c]);
                }
                for (int c = 0; c < 4; c++) {
                    assertEquals(Math.exp(XS[r * 4 + c]) / sum, y.value().getDouble(r, c), 1e-12);
                }
            }
        }
    }

    @Test
    void rreluDrawsSlopesInTrainingAndIsReproducible() {
        ActivationFunction f = ActivationFunction.of("rrelu");
        try (NDArray x = NDArray.full(DataType.FLOAT64, -1, 200);
                Variable a = f.apply(Variable.constant(x), true, new Generator(5));
                Variable b = f.apply(Variable.constant(x), true, new Generator(5));
                Variable c = f.apply(Variable.constant(x), true, new Generator(6))) {
            double[] ya = a.value().toDoubleArray();
            for (double v : ya) {
                assertTrue(-v >= 1.0 / 8 && -v <= 1.0 / 3, "slope " + -v + " outside [1/8, 1/3]");
            }
            assertTrue(Arrays.stream(ya).distinct().count() > 100, "slopes vary per element");
            assertArrayEquals(ya, b.value().toDoubleArray(), 0);
            assertNotEquals(ya[0], c.value().getDouble(0));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.apply(null, true, null));
        assertTrue(e.getMessage().contains("Generator"), e.getMessage());
    }

    @Test
    void parametersAreConfigurableAndValidated() {
        ActivationFunction leaky = ActivationFunction.of("leakyrelu").with("alpha", 0.2);
        assertEquals(0.2, leaky.number("alpha"));
        assertEquals("leakyrelu(alpha=0.2)", leaky.toString());
        assertEquals(leaky, ActivationFunction.of(Activation.LEAKYRELU, Map.of("alpha", 0.2)));
        assertNotEquals(leaky, Activation.LEAKYRELU.function());
        assertEquals(1.0, ActivationFunction.of("thresholdedrelu").number("theta"));
        assertEquals(1.0, ActivationFunction.of("elu").number("alpha"));
        try (NDArray x = NDArray.create(new double[] {-1, 2}, 2);
                Variable y = leaky.apply(Variable.constant(x))) {
            assertArrayEquals(new double[] {-0.2, 2}, y.value().toDoubleArray(), 1e-15);
        }
        assertThrows(IllegalArgumentException.class,
                () -> ActivationFunction.of("relu").with("alpha", 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> ActivationFunction.of("gelu").with("approximate", 1.0));
        assertThrows(IllegalArgumentException.class,
                () -> ActivationFunction.of("rrelu").with("lower", 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> ActivationFunction.of("elu").with("alpha", Double.NaN));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void float32StaysFloat32(Activation type) {
        try (NDArray x = NDArray.create(new float[] {-1.5f, 0.5f, 2f, -0.25f}, 2, 2);
                Variable y = type.function().apply(Variable.constant(x), true, new Generator(1))) {
            assertEquals(DataType.FLOAT32, y.dtype());
            assertArrayEquals(new long[] {2, 2}, y.shape());
        }
    }
}
