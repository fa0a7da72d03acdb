package org.pybridge.tensor.internal;

import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ReduceOp;

/** Reductions over axes, arg-reductions, cumulative sums and softmax. */
public final class ReduceKernels {
    private ReduceKernels() {
    }

    public static NDArray reduce(ReduceOp op, NDArray a, int[] axes, boolean keepDims, int ddof) {
        throw new UnsupportedOperationException("TODO reduce " + op);
    }

    /** argmax ({@code max}) or argmin along {@code axis}, int64 result. */
    public static NDArray argReduce(boolean max, NDArray a, int axis, boolean keepDims) {
        throw new UnsupportedOperationException("TODO argReduce");
    }

    public static NDArray cumsum(NDArray a, int axis) {
        throw new UnsupportedOperationException("TODO cumsum");
    }

    public static NDArray softmax(NDArray a, int axis, boolean log) {
        throw new UnsupportedOperationException("TODO softmax");
    }
}
