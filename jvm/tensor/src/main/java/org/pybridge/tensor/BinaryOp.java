package org.pybridge.tensor;

/**
 * Element-wise functions of two tensors with numpy broadcasting and numpy 2 type promotion.
 * Comparisons and logical operations give bool tensors. Integer arithmetic wraps around on
 * overflow, and integer division or remainder by zero gives 0 (numpy warns and gives 0).
 *
 * <pre>{@code
 * NDArray c = a.apply(BinaryOp.MAXIMUM, b);
 * NDArray mask = a.apply(BinaryOp.GT, 0.0, false);   // a > 0
 * }</pre>
 */
public enum BinaryOp {
    ADD,
    /** {@code a - b}; not defined for two bool tensors (use LOGICAL_XOR). */
    SUB,
    MUL,
    /** True division: integers give float64. */
    DIV,
    /** Python's {@code a // b}: rounds toward negative infinity, for integers and floats. */
    FLOOR_DIV,
    /** {@code a ** b}; integers stay integers, and a negative integer exponent is an error. */
    POW,
    /** The larger value; NaN wins. */
    MAXIMUM,
    /** The smaller value; NaN wins. */
    MINIMUM,
    /** Python's {@code a % b}: the result has the sign of b. */
    MOD,
    /** The angle of the point (b, a), in radians. */
    ATAN2,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    /** Truth of both (non-zero and NaN are true). */
    LOGICAL_AND,
    LOGICAL_OR,
    LOGICAL_XOR,
    /** Bitwise and of bool or integer tensors (floats are an error). */
    BITWISE_AND,
    BITWISE_OR,
    BITWISE_XOR
}
