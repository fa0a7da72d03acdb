package org.pybridge.tensor;

/**
 * Element-wise functions of one tensor. Integer inputs to transcendental functions compute in
 * floating point (like numpy: {@code exp} of int32 gives float64).
 *
 * <pre>{@code
 * NDArray y = x.apply(UnaryOp.TANH);
 * }</pre>
 */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SQUARE, RECIPROCAL,
    SIN, COS, TANH, SIGMOID, RELU, FLOOR, CEIL, ROUND, ERF, LOGICAL_NOT
}
