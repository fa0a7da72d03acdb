package org.pybridge.tensor.internal;

import java.util.function.IntFunction;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ReduceOp;

/**
 * Reductions over axes, arg-reductions, cumulative sums and products, and softmax, with numpy 2
 * result types:
 * <ul>
 * <li>SUM, PROD: bool and integers give int64 (uint8 too: there is no uint64 here, numpy gives
 * uint64), floats keep their type;</li>
 * <li>MEAN, VAR, STD, NORM1, NORM2: bool and integers give float64, floats keep their type;</li>
 * <li>MAX, MIN keep the type (NaN propagates); ANY, ALL give bool.</li>
 * </ul>
 * float16, bfloat16 and float32 accumulate in double and round once at the end. An empty sum is
 * 0, an empty product 1, an empty mean NaN; MAX and MIN of nothing are errors.
 *
 * <pre>{@code
 * NDArray colMeans = ReduceKernels.reduce(ReduceOp.MEAN, x, new int[] {0}, false, 0);
 * }</pre>
 */
public final class ReduceKernels {
    private ReduceKernels() {
    }

    /**
     * Reduces {@code a} over {@code axes} (null or empty: all; negative count from the end).
     *
     * @param ddof delta degrees of freedom for VAR and STD (divide by {@code n - ddof})
     */
    public static NDArray reduce(ReduceOp op, NDArray a, int[] axes, boolean keepDims, int ddof) {
        int[] ax = Shapes.axes(axes, a.ndim());
        DataType in = a.dtype();
        DataType out = resultType(op, in);
        ReducePlan p = new ReducePlan(a, ax, keepDims, true);
        if ((op == ReduceOp.MAX || op == ReduceOp.MIN) && p.reduced == 0 && p.outputs > 0) {
            throw new IllegalArgumentException("zero-size array to reduction operation "
                    + op.name().toLowerCase(java.util.Locale.ROOT) + " which has no identity: "
                    + "shape " + Shapes.str(a.shape()) + " reduced over axes "
                    + java.util.Arrays.toString(ax) + " has nothing to compare; reduce over"
                    + " non-empty axes or check the input for emptiness first.");
        }
        NDArray result = NDArray.empty(out, p.outShape);
        if (p.outputs == 0) {
            return result;
        }
        try {
            boolean floating = in.isFloatingPoint() || !out.isIntegral();
            long n = p.reduced;
            if (op == ReduceOp.VAR || op == ReduceOp.STD) {
                // Two passes like numpy: the means, then squared deviations from them.
                try (NDArray means = NDArray.empty(DataType.FLOAT64, p.outputs)) {
                    ReduceDriver.run(p, cap -> new Reducer.Floating(Fold.SUM, ReduceOp.MEAN, in,
                            DataType.FLOAT64, n, 0, 0L, cap), means.address(), 8);
                    long centres = means.address();
                    ReduceDriver.run(p, cap -> new Reducer.Floating(Fold.SUM_SQ_DEV, op, in, out,
                            n, ddof, centres, cap), result.address(), out.byteSize());
                }
            } else {
                Fold fold = foldOf(op);
                IntFunction<Reducer> make = floating
                        ? cap -> new Reducer.Floating(fold, op, in, out, n, ddof, 0L, cap)
                        : cap -> new Reducer.Integral(fold, in, out, cap);
                ReduceDriver.run(p, make, result.address(), out.byteSize());
            }
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
        return result;
    }

    /** The dtype numpy 2 gives to {@code op} over an array of {@code in}. */
    public static DataType resultType(ReduceOp op, DataType in) {
        switch (op) {
            case SUM:
            case PROD:
                return in.isFloatingPoint() ? in : DataType.INT64;
            case MEAN:
            case VAR:
            case STD:
            case NORM1:
            case NORM2:
                return in.isFloatingPoint() ? in : DataType.FLOAT64;
            case ANY:
            case ALL:
                return DataType.BOOL;
            default:
                return in;
        }
    }

    private static Fold foldOf(ReduceOp op) {
        switch (op) {
            case SUM:
            case MEAN:
                return Fold.SUM;
            case PROD: return Fold.PROD;
            case MAX: return Fold.MAX;
            case MIN: return Fold.MIN;
            case NORM1: return Fold.SUM_ABS;
            case NORM2: return Fold.SUM_SQ;
            case ANY: return Fold.ANY;
            case ALL: return Fold.ALL;
            default: return Fold.SUM_SQ_DEV;
        }
    }

    /**
     * argmax ({@code max}) or argmin along {@code axis}: int64 indices of the first extreme;
     * a NaN counts as the extreme (the first NaN wins, like numpy).
     */
    public static NDArray argReduce(boolean max, NDArray a, int axis, boolean keepDims) {
        return ArgKernels.argReduce(max, a, axis, keepDims);
    }

    /**
     * argmax/argmin over all elements (numpy's {@code axis=None}): a 0-d int64 index into the
     * C-order flattening of {@code a}.
     *
     * <pre>{@code
     * long i = ReduceKernels.argReduceFlat(true, x).getLong();
     * }</pre>
     */
    public static NDArray argReduceFlat(boolean max, NDArray a) {
        return ArgKernels.argReduceFlat(max, a);
    }

    /** Cumulative sum along {@code axis}: bool and integers give int64, floats keep their type. */
    public static NDArray cumsum(NDArray a, int axis) {
        return ScanKernels.scan(false, a, axis);
    }

    /** Cumulative product along {@code axis}, with the result types of {@link #cumsum}. */
    public static NDArray cumprod(NDArray a, int axis) {
        return ScanKernels.scan(true, a, axis);
    }

    /**
     * Softmax (or log-softmax) along {@code axis}, stable by subtracting the maximum; floats keep
     * their type, bool and integers give float64.
     */
    public static NDArray softmax(NDArray a, int axis, boolean log) {
        return SoftmaxKernels.softmax(a, axis, log);
    }

    /**
     * Softmax of each row of a writable C-contiguous float32/float64 matrix, in place (the
     * values of {@code softmax(a, 1, false)}).
     *
     * <pre>{@code
     * ReduceKernels.softmaxRowsInPlace(logits);   // logits now hold probabilities
     * }</pre>
     */
    public static void softmaxRowsInPlace(NDArray a) {
        SoftmaxKernels.rowsInPlace(a);
    }
}
