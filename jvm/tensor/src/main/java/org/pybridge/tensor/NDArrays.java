package org.pybridge.tensor;

import org.pybridge.tensor.internal.IndexKernels;
import org.pybridge.tensor.internal.ShapeKernels;
import org.pybridge.tensor.internal.SortKernels;

/**
 * Operations on whole arrays that numpy keeps as functions: joining, splitting, tiling and
 * padding; gathering and scattering by index; sorting. Semantics follow numpy unless a method
 * says otherwise; axes may be negative (counted from the end). Results are new tensors owned by
 * the caller (or the current {@link Scope}), except {@link #split} which returns views.
 *
 * <pre>{@code
 * try (NDArray a = NDArray.create(new float[][] {{3, 1}, {2, 4}});
 *      NDArray b = NDArrays.concat(0, a, a);          // shape (4, 2)
 *      NDArray s = NDArrays.sort(a, -1, false)) {     // [[1, 3], [2, 4]]
 *     ...
 * }
 * }</pre>
 */
public final class NDArrays {
    private NDArrays() {
    }

    // ------------------------------------------------------------------ join, split, repeat

    /**
     * Joins arrays along an existing axis (numpy.concatenate). The result dtype is the numpy
     * promotion of all input dtypes; every dimension other than {@code axis} must match.
     *
     * <pre>{@code
     * NDArray c = NDArrays.concat(1, a, b);   // (2, 3) and (2, 5) give (2, 8)
     * }</pre>
     *
     * @throws ShapeException naming the offending array's index and both shapes
     */
    public static NDArray concat(int axis, NDArray... arrays) {
        return ShapeKernels.concat(axis, arrays);
    }

    /**
     * Joins equal-shaped arrays along a new axis (numpy.stack); {@code axis} may be
     * {@code ndim} (append) or negative ({@code -1} also appends).
     *
     * <pre>{@code
     * NDArray batch = NDArrays.stack(0, x0, x1, x2);   // three (28, 28) give (3, 28, 28)
     * }</pre>
     */
    public static NDArray stack(int axis, NDArray... arrays) {
        return ShapeKernels.stack(axis, arrays);
    }

    /**
     * Splits into {@code sections} equal views along {@code axis} (numpy.split); the axis length
     * must be divisible by {@code sections}. Close every returned view.
     *
     * <pre>{@code
     * NDArray[] halves = NDArrays.split(a, 2, 0);   // (4, 3) gives two (2, 3) views
     * }</pre>
     *
     * @throws ShapeException when the axis does not divide evenly
     */
    public static NDArray[] split(NDArray a, int sections, int axis) {
        return ShapeKernels.split(a, sections, axis);
    }

    /**
     * Splits at the given positions along {@code axis} into {@code indices.length + 1} views
     * (numpy.split / array_split with indices: {@code a[:i0], a[i0:i1], ..., a[ik:]}, Python
     * slice rules, so pieces may be empty). Close every returned view.
     *
     * <pre>{@code
     * NDArray[] parts = NDArrays.split(a, new long[] {3, 5}, 0);   // rows 0-2, 3-4, 5-end
     * }</pre>
     */
    public static NDArray[] split(NDArray a, long[] indices, int axis) {
        return ShapeKernels.split(a, indices, axis);
    }

    /**
     * Repeats the whole array {@code reps[d]} times along each axis (numpy.tile). Shorter reps
     * apply to the last axes; longer reps add leading axes.
     *
     * <pre>{@code
     * NDArray t = NDArrays.tile(NDArray.create(new int[] {1, 2}), 2, 2);   // [[1,2,1,2],[1,2,1,2]]
     * }</pre>
     */
    public static NDArray tile(NDArray a, long... reps) {
        return ShapeKernels.tile(a, reps);
    }

    /**
     * Pads each axis (numpy.pad). Modes: {@code "constant"} (fill with {@code constant}),
     * {@code "edge"} (repeat the border value), {@code "reflect"} (mirror about the border,
     * without repeating it, as numpy's default reflect). {@code widths} holds one
     * {@code {before, after}} pair per axis.
     *
     * <pre>{@code
     * NDArray p = NDArrays.pad(img, new long[][] {{0, 0}, {2, 2}, {2, 2}}, "reflect", 0);
     * }</pre>
     *
     * @throws IllegalArgumentException for an unknown mode or malformed widths
     */
    public static NDArray pad(NDArray a, long[][] widths, String mode, double constant) {
        return ShapeKernels.pad(a, widths, mode, constant);
    }

    // ------------------------------------------------------------------ gather and scatter

    /**
     * Gathers slices along {@code axis} (numpy.take): the result has shape
     * {@code a.shape[:axis] + indices.shape + a.shape[axis+1:]}. Negative indices count from
     * the end.
     *
     * <pre>{@code
     * NDArray rows = NDArrays.take(embeddings, tokenIds, 0);   // (V, D) and (B, T) give (B, T, D)
     * }</pre>
     *
     * @throws IndexOutOfBoundsException naming the index, the axis and its size
     * @throws DataTypeException when {@code indices} is not an integer array
     */
    public static NDArray take(NDArray a, NDArray indices, int axis) {
        return IndexKernels.take(a, indices, axis);
    }

    /**
     * Gathers from the flattened array (numpy.take with axis=None); the result has the shape of
     * {@code indices}.
     *
     * <pre>{@code
     * NDArray v = NDArrays.takeFlat(a, NDArray.create(new long[] {0, -1}));   // first and last
     * }</pre>
     */
    public static NDArray takeFlat(NDArray a, NDArray indices) {
        return IndexKernels.takeFlat(a, indices);
    }

    /**
     * Picks one element per index along {@code axis} (numpy.take_along_axis): {@code indices}
     * has as many dimensions as {@code a}; the other dimensions broadcast together.
     *
     * <pre>{@code
     * NDArray top = NDArrays.takeAlongAxis(scores, NDArrays.argsort(scores, 1, true), 1);
     * }</pre>
     */
    public static NDArray takeAlongAxis(NDArray a, NDArray indices, int axis) {
        return IndexKernels.takeAlongAxis(a, indices, axis);
    }

    /**
     * Writes {@code values} at flat positions of {@code a}, in place (numpy.put): values repeat
     * cyclically when shorter than the indices, the last of repeated indices wins, and empty
     * values change nothing.
     *
     * <pre>{@code
     * NDArrays.put(a, NDArray.create(new long[] {0, 2}), NDArray.scalar(-1, DataType.FLOAT32));
     * }</pre>
     *
     * @throws ReadOnlyTensorException when {@code a} is read-only
     */
    public static void put(NDArray a, NDArray flatIndices, NDArray values) {
        IndexKernels.put(a, flatIndices, values);
    }

    /**
     * Adds {@code updates} into slices of {@code target} along {@code axis}, in place, where
     * repeated indices accumulate (numpy's {@code np.add.at}; the gradient of {@link #take}).
     * {@code updates} must broadcast to
     * {@code target.shape[:axis] + indices.shape + target.shape[axis+1:]}; it is converted to
     * the target's dtype first.
     *
     * <pre>{@code
     * NDArrays.scatterAdd(embeddingGrad, tokenIds, outputGrad, 0);
     * }</pre>
     */
    public static void scatterAdd(NDArray target, NDArray indices, NDArray updates, int axis) {
        IndexKernels.scatterAdd(target, indices, updates, axis);
    }

    /**
     * One-hot encoding: shape {@code indices.shape + (depth,)}, 1 at each index and 0 elsewhere.
     * Indices must lie in {@code [0, depth)}: unlike TensorFlow, which writes a zero row for an
     * out-of-range index, this throws, since such an index is almost always a bug in labels.
     *
     * <pre>{@code
     * NDArray y = NDArrays.oneHot(labels, 10, DataType.FLOAT32);   // (N,) gives (N, 10)
     * }</pre>
     */
    public static NDArray oneHot(NDArray indices, int depth, DataType dtype) {
        return IndexKernels.oneHot(indices, depth, dtype);
    }

    // ------------------------------------------------------------------ sorting

    /**
     * A sorted copy along {@code axis} (numpy.sort). NaN sorts last in both orders.
     *
     * <pre>{@code
     * NDArray s = NDArrays.sort(a, -1, true);   // each row from largest to smallest
     * }</pre>
     */
    public static NDArray sort(NDArray a, int axis, boolean descending) {
        return SortKernels.sort(a, axis, descending);
    }

    /**
     * Indices (int64) that sort {@code a} along {@code axis}, stable in both orders: equal keys
     * keep their original order (numpy's {@code argsort(kind="stable")}). NaN sorts last in both
     * orders; -0.0 and 0.0 are equal.
     *
     * <pre>{@code
     * NDArray order = NDArrays.argsort(scores, 1, true);   // best first per row
     * }</pre>
     */
    public static NDArray argsort(NDArray a, int axis, boolean descending) {
        return SortKernels.argsort(a, axis, descending);
    }

    /**
     * The {@code k} largest (or, when {@code largest} is false, smallest) elements along
     * {@code axis}, in order (largest first when {@code largest}), with their int64 indices;
     * ties go to the lower index. NaN ranks after every number in both modes (torch treats it
     * as the largest). Returns {@code {values, indices}}; close both.
     *
     * <pre>{@code
     * NDArray[] top = NDArrays.topk(logits, 5, -1, true);
     * try (NDArray values = top[0]; NDArray indices = top[1]) { ... }
     * }</pre>
     *
     * @throws IllegalArgumentException when k is negative or larger than the axis
     */
    public static NDArray[] topk(NDArray a, int k, int axis, boolean largest) {
        return SortKernels.topk(a, k, axis, largest);
    }
}
