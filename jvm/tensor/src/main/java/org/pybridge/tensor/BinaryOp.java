package org.pybridge.tensor;

/**
 * Element-wise functions of two tensors with numpy broadcasting and type promotion. Comparisons
 * and logical operations give bool tensors.
 *
 * <pre>{@code
 * NDArray c = a.apply(BinaryOp.MAXIMUM, b);
 * }</pre>
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, FLOOR_DIV, POW, MAXIMUM, MINIMUM, MOD, ATAN2,
    EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR,
    BITWISE_AND, BITWISE_OR, BITWISE_XOR
}
