package org.pybridge.tensor.internal;

import java.util.Arrays;
import org.pybridge.tensor.ShapeException;

/**
 * The layout arithmetic behind views: each method takes a tensor's shape, element strides and
 * offset and returns the layout of the view, validating the request. No memory is touched.
 */
public record Layout(long[] shape, long[] strides, long offset) {

    /** Python-style {@code [start:stop:step]} along one axis; Long.MIN_VALUE means omitted. */
    public static Layout slice(long[] shape, long[] strides, long offset, int axis, long start,
            long stop, long step) {
        int ax = Shapes.axis(axis, shape.length);
        if (step == 0) {
            throw new IllegalArgumentException("Slice step cannot be zero.");
        }
        long len = shape[ax];
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? len : len - 1;
        long b = start == Long.MIN_VALUE ? (step > 0 ? lower : upper)
                : clampIndex(start, len, lower, upper);
        long e = stop == Long.MIN_VALUE ? (step > 0 ? upper : lower)
                : clampIndex(stop, len, lower, upper);
        long count = step > 0 ? Math.max(0, (e - b + step - 1) / step)
                : Math.max(0, (b - e - step - 1) / -step);
        long[] s = shape.clone();
        long[] st = strides.clone();
        s[ax] = count;
        st[ax] = strides[ax] * step;
        return new Layout(s, st, count == 0 ? offset : offset + b * strides[ax]);
    }

    private static long clampIndex(long i, long len, long lower, long upper) {
        long v = i < 0 ? i + len : i;
        return Math.max(lower, Math.min(upper, v));
    }

    /** Index {@code index} along {@code axis}, dropping the axis. */
    public static Layout select(long[] shape, long[] strides, long offset, int axis, long index) {
        int ax = Shapes.axis(axis, shape.length);
        long i = index < 0 ? index + shape[ax] : index;
        if (i < 0 || i >= shape[ax]) {
            throw new IndexOutOfBoundsException("Index " + index + " is out of bounds for axis "
                    + ax + " with size " + shape[ax] + ".");
        }
        long[] s = new long[shape.length - 1];
        long[] st = new long[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != ax) {
                s[k] = shape[d];
                st[k++] = strides[d];
            }
        }
        return new Layout(s, st, offset + i * strides[ax]);
    }

    /** Axes reordered: result axis i is input axis {@code axes[i]}. */
    public static Layout permute(long[] shape, long[] strides, long offset, int[] axes) {
        int n = shape.length;
        if (axes.length != n) {
            throw new ShapeException("permute needs " + n + " axes for shape " + Shapes.str(shape)
                    + ", got " + Arrays.toString(axes) + ".");
        }
        boolean[] seen = new boolean[n];
        long[] s = new long[n];
        long[] st = new long[n];
        for (int i = 0; i < n; i++) {
            int a = Shapes.axis(axes[i], n);
            if (seen[a]) {
                throw new ShapeException("Axis " + a + " repeats in permute "
                        + Arrays.toString(axes) + ".");
            }
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Layout(s, st, offset);
    }

    /** A size-1 axis inserted at {@code axis} (negative counts from the end of the result). */
    public static Layout expandDims(long[] shape, long[] strides, long offset, int axis) {
        int n = shape.length + 1;
        int ax = Shapes.axis(axis, n);
        long[] s = new long[n];
        long[] st = new long[n];
        for (int d = 0, k = 0; d < n; d++) {
            if (d == ax) {
                s[d] = 1;
                st[d] = k < shape.length ? strides[k] * shape[k] : 1;
            } else {
                s[d] = shape[k];
                st[d] = strides[k++];
            }
        }
        return new Layout(s, st, offset);
    }

    /** Size-1 axes removed: the given ones (each must be 1), or all when none are given. */
    public static Layout squeeze(long[] shape, long[] strides, long offset, int[] axes) {
        boolean[] drop = new boolean[shape.length];
        if (axes.length == 0) {
            for (int d = 0; d < shape.length; d++) {
                drop[d] = shape[d] == 1;
            }
        } else {
            for (int a : axes) {
                int ax = Shapes.axis(a, shape.length);
                if (shape[ax] != 1) {
                    throw new ShapeException("Cannot squeeze axis " + a + " of shape "
                            + Shapes.str(shape) + ": its size is " + shape[ax] + ", not 1.");
                }
                drop[ax] = true;
            }
        }
        int n = 0;
        for (boolean b : drop) {
            n += b ? 0 : 1;
        }
        long[] s = new long[n];
        long[] st = new long[n];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (!drop[d]) {
                s[k] = shape[d];
                st[k++] = strides[d];
            }
        }
        return new Layout(s, st, offset);
    }

    /**
     * Checks that a view of {@code shape}/{@code strides} starting at element {@code offset}
     * stays inside a block of {@code capacity} elements.
     */
    public static void checkInside(long[] shape, long[] strides, long offset, long capacity) {
        if (shape.length != strides.length) {
            throw new ShapeException("shape " + Shapes.str(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in length.");
        }
        if (Shapes.size(shape) == 0) {
            return;
        }
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < shape.length; i++) {
            long span = (shape[i] - 1) * strides[i];
            if (span < 0) {
                lo += span;
            } else {
                hi += span;
            }
        }
        if (lo < 0 || hi >= capacity) {
            throw new IndexOutOfBoundsException("A view of shape " + Shapes.str(shape)
                    + " with strides " + Arrays.toString(strides) + " reaches outside the"
                    + " tensor's memory of " + capacity + " elements.");
        }
    }

    /** The target shape of a reshape with at most one -1 resolved, or a ShapeException. */
    public static long[] resolveReshape(long[] shape, long[] requested) {
        long[] s = requested.clone();
        long size = Shapes.size(shape);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new ShapeException("Only one dimension may be -1 in reshape "
                            + Arrays.toString(requested) + ".");
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new ShapeException("Negative dimension " + s[i] + " in reshape "
                        + Arrays.toString(requested) + ".");
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new ShapeException("Cannot reshape an array of size " + size + " (shape "
                        + Shapes.str(shape) + ") into " + Arrays.toString(requested) + ".");
            }
            s[infer] = size / known;
        }
        if (Shapes.size(s) != size) {
            throw new ShapeException("Cannot reshape an array of size " + size + " (shape "
                    + Shapes.str(shape) + ") into shape " + Shapes.str(s) + " of size "
                    + Shapes.size(s) + ".");
        }
        return s;
    }
}
