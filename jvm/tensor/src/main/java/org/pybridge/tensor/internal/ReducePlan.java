package org.pybridge.tensor.internal;

import java.util.Arrays;
import org.pybridge.tensor.NDArray;

/**
 * The layout of a reduction, worked out once: the kept axes (which index the output) and the
 * reduced axes, each simplified so that kernels see as few and as long runs as possible.
 *
 * <p>Size-1 axes vanish, and adjacent axes that walk memory as one merge. Reduced axes may also
 * be reordered (innermost = smallest stride) and flipped to positive strides, since a sum does
 * not care about order; an arg-reduction keeps its one axis as given because the index matters.
 * Every list has at least one entry (a size-1, stride-0 placeholder) so that kernels need no
 * special case for 0-d inputs or full reductions.
 */
final class ReducePlan {
    /** Below this many kept elements per row a column-wise accumulation is not worth it. */
    private static final long MIN_COLUMN_RUN = 8;

    /** Kept axes: sizes and byte strides in the input. */
    final long[] keptShape;
    final long[] keptStrides;
    /** Reduced axes: sizes and byte strides in the input (innermost last). */
    final long[] redShape;
    final long[] redStrides;
    /** Input address of the first element visited. */
    final long base;
    /** Number of outputs and number of elements reduced into each. */
    final long outputs;
    final long reduced;
    /** Shape of the result tensor. */
    final long[] outShape;
    /**
     * True when the innermost kept axis walks memory faster than the innermost reduced axis
     * (e.g. column sums of a C-order matrix): kernels then add whole input rows into a block of
     * accumulators instead of making strided walks per output.
     */
    final boolean columnWise;

    /**
     * @param axes normalised, sorted, distinct reduced axes
     * @param reorder whether reduced axes may be reordered and flipped (false keeps one axis as
     *     given, for arg-reductions)
     */
    ReducePlan(NDArray a, int[] axes, boolean keepDims, boolean reorder) {
        long[] shape = a.shape();
        long[] strides = a.byteStrides();
        int nd = shape.length;
        boolean[] isReduced = new boolean[nd];
        for (int ax : axes) {
            isReduced[ax] = true;
        }
        long[] out = new long[keepDims ? nd : nd - axes.length];
        long m = 1;
        long n = 1;
        for (int d = 0, k = 0; d < nd; d++) {
            if (isReduced[d]) {
                n *= shape[d];
                if (keepDims) {
                    out[k++] = 1;
                }
            } else {
                m *= shape[d];
                out[k++] = shape[d];
            }
        }
        outShape = out;
        outputs = m;
        reduced = n;

        long start = a.address();
        long[] ks = new long[nd];
        long[] kt = new long[nd];
        int kn = 0;
        long[] rs = new long[nd];
        long[] rt = new long[nd];
        int rn = 0;
        for (int d = 0; d < nd; d++) {
            if (shape[d] == 1 && !(isReduced[d] && !reorder)) {
                continue;
            }
            if (isReduced[d]) {
                long st = strides[d];
                if (reorder && st < 0 && shape[d] > 0) {
                    start += (shape[d] - 1) * st;
                    st = -st;
                }
                rs[rn] = shape[d];
                rt[rn++] = st;
            } else {
                if (kn > 0 && kt[kn - 1] == strides[d] * shape[d]) {
                    ks[kn - 1] *= shape[d];
                    kt[kn - 1] = strides[d];
                } else {
                    ks[kn] = shape[d];
                    kt[kn++] = strides[d];
                }
            }
        }
        if (reorder && rn > 1) {
            rn = sortAndMerge(rs, rt, rn);
        }
        base = start;
        keptShape = kn == 0 ? new long[] {1} : Arrays.copyOf(ks, kn);
        keptStrides = kn == 0 ? new long[] {0} : Arrays.copyOf(kt, kn);
        redShape = rn == 0 ? new long[] {1} : Arrays.copyOf(rs, rn);
        redStrides = rn == 0 ? new long[] {0} : Arrays.copyOf(rt, rn);
        long keptRun = keptShape[keptShape.length - 1];
        columnWise = kn > 0 && rn > 0 && n > 1 && keptRun >= MIN_COLUMN_RUN
                && Math.abs(keptStrides[kn - 1]) < Math.abs(redStrides[rn - 1]);
    }

    /** Sorts reduced axes by decreasing stride and merges neighbours that form one run. */
    private static int sortAndMerge(long[] shape, long[] strides, int n) {
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && strides[j - 1] < strides[j]; j--) {
                long t = strides[j];
                strides[j] = strides[j - 1];
                strides[j - 1] = t;
                t = shape[j];
                shape[j] = shape[j - 1];
                shape[j - 1] = t;
            }
        }
        int k = 0;
        for (int i = 1; i < n; i++) {
            if (strides[k] == strides[i] * shape[i]) {
                shape[k] *= shape[i];
                strides[k] = strides[i];
            } else {
                k++;
                shape[k] = shape[i];
                strides[k] = strides[i];
            }
        }
        return k + 1;
    }

    /** Number of kept positions before the innermost kept axis (column-wise layout). */
    long outerOutputs() {
        return outputs / keptShape[keptShape.length - 1];
    }

    /** Kept axes without the innermost one, for walking the outer positions. */
    long[] outerKeptShape() {
        return Arrays.copyOf(keptShape, keptShape.length - 1);
    }

    long[] outerKeptStrides() {
        return Arrays.copyOf(keptStrides, keptStrides.length - 1);
    }

    /** Reduced axes without the innermost one, for walking reduced rows. */
    long[] outerRedShape() {
        return Arrays.copyOf(redShape, redShape.length - 1);
    }

    long[] outerRedStrides() {
        return Arrays.copyOf(redStrides, redStrides.length - 1);
    }
}
