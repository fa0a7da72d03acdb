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
    SUM, MEAN, PROD, MAX, MIN, VAR, STD, NORM1, NORM2, ANY, ALL
}
