package org.pybridge.tensor;

/**
 * Element-wise functions of one tensor, with numpy's result types: integer inputs to
 * transcendental functions compute in floating point (int8/uint8/bool give float16, int16
 * float32, int32/int64 float64, like {@code numpy.exp}); float16 and bfloat16 compute in float32
 * and round back. The sign, rounding and arithmetic functions keep integer types.
 *
 * <pre>{@code
 * NDArray y = x.apply(UnaryOp.TANH);
 * x.applyInPlace(UnaryOp.RELU);
 * }</pre>
 */
public enum UnaryOp {
    /** {@code -x}; integers wrap around; not defined for bool. */
    NEG,
    /** {@code |x|}; {@code abs(int8 -128)} stays -128 as in numpy. */
    ABS,
    /** -1, 0 or 1 (NaN stays NaN); not defined for bool. */
    SIGN,
    EXP,
    LOG,
    /** {@code log(1 + x)}, accurate near 0. */
    LOG1P,
    /** {@code exp(x) - 1}, accurate near 0. */
    EXPM1,
    SQRT,
    /** {@code 1 / sqrt(x)}. */
    RSQRT,
    /** {@code x * x}; bool gives int8 as in numpy. */
    SQUARE,
    /** {@code 1 / x}; for integers the integer quotient (0 unless |x| is 1; 0 for 0). */
    RECIPROCAL,
    SIN,
    COS,
    TANH,
    /** {@code 1 / (1 + exp(-x))}, computed without overflow for any x. */
    SIGMOID,
    /** {@code max(x, 0)}; NaN stays NaN. */
    RELU,
    FLOOR,
    CEIL,
    /** Round half to even, like {@code numpy.round}: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2. */
    ROUND,
    /** The error function (relative error below 3e-16 in float64). */
    ERF,
    /** True where x is zero (NaN counts as true, so gives false); the result is bool. */
    LOGICAL_NOT
}
