package org.pybridge.tensor;

/**
 * Reductions over any set of axes, with numpy's result types (sum of int32 gives int64, mean of
 * an integer array gives float64, any/all give bool).
 *
 * <pre>{@code
 * NDArray colMeans = x.reduce(ReduceOp.MEAN, new int[] {0}, false);
 * }</pre>
 */
public enum ReduceOp {
    /** Sum; empty gives 0. Integers and bool give int64 (numpy gives uint64 for uint8). */
    SUM,
    /** Arithmetic mean; empty gives NaN. Integers give float64. */
    MEAN,
    /** Product; empty gives 1. Integers and bool give int64. */
    PROD,
    /** Maximum, NaN if any element is NaN; empty is an error. Keeps the dtype. */
    MAX,
    /** Minimum, NaN if any element is NaN; empty is an error. Keeps the dtype. */
    MIN,
    /** Variance {@code sum((x - mean)^2) / (n - ddof)}. Integers give float64. */
    VAR,
    /** Standard deviation, the square root of {@link #VAR}. */
    STD,
    /** Sum of absolute values. Integers give float64. */
    NORM1,
    /** Euclidean norm {@code sqrt(sum(x^2))}. Integers give float64. */
    NORM2,
    /** True if any element is non-zero (NaN counts as non-zero); empty gives false. */
    ANY,
    /** True if every element is non-zero; empty gives true. */
    ALL
}
