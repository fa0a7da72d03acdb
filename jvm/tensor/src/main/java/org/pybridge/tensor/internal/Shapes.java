package org.pybridge.tensor.internal;

import java.util.Arrays;
import org.pybridge.tensor.ShapeException;

/** Shape and stride arithmetic shared by the kernels (all strides in elements). */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements of a shape, with overflow checked. */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new ShapeException("Negative dimension " + d + " in shape "
                        + Arrays.toString(shape) + ".");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** C-order (row-major) strides for a shape. */
    public static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** True when the layout is C-contiguous (size-1 dimensions may have any stride). */
    public static boolean isContiguous(long[] shape, long[] strides) {
        long expect = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 0) {
                return true;
            }
            if (shape[i] != 1 && strides[i] != expect) {
                return false;
            }
            expect *= shape[i];
        }
        return true;
    }

    /** numpy's broadcast of two shapes, or a ShapeException naming both. */
    public static long[] broadcast(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long da = i < n - a.length ? 1 : a[i - (n - a.length)];
            long db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new ShapeException("Shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together: dimension " + i + " is " + da + " vs "
                        + db + " (each must match or be 1).");
            }
        }
        return out;
    }

    /**
     * Strides that read an array of {@code shape}/{@code strides} as if it had {@code target}
     * shape (broadcast dimensions get stride 0), or a ShapeException.
     */
    public static long[] broadcastStrides(long[] shape, long[] strides, long[] target) {
        if (shape.length > target.length) {
            throw new ShapeException("Cannot broadcast shape " + str(shape) + " to " + str(target)
                    + ": the target has fewer dimensions.");
        }
        long[] out = new long[target.length];
        int off = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == target[i + off]) {
                out[i + off] = shape[i] == 1 ? 0 : strides[i];
            } else if (shape[i] == 1) {
                out[i + off] = 0;
            } else {
                throw new ShapeException("Cannot broadcast shape " + str(shape) + " to "
                        + str(target) + ": dimension " + i + " is " + shape[i] + ", expected "
                        + target[i + off] + " or 1.");
            }
        }
        return out;
    }

    /** Normalises an axis (negative counts from the end) or throws naming the rank. */
    public static int axis(int axis, int ndim) {
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= ndim) {
            throw new ShapeException("Axis " + axis + " is out of range for an array of "
                    + ndim + " dimension" + (ndim == 1 ? "" : "s") + " (valid: " + (-ndim)
                    + " to " + (ndim - 1) + ").");
        }
        return a;
    }

    /** Normalised, sorted, duplicate-checked axes; null or empty means all axes. */
    public static int[] axes(int[] axes, int ndim) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[ndim];
            for (int i = 0; i < ndim; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(axes[i], ndim);
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new ShapeException("Axis " + out[i] + " appears twice in "
                        + Arrays.toString(axes) + ".");
            }
        }
        return out;
    }

    /** "(2, 3)" in numpy's tuple style, for messages. */
    public static String str(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /**
     * Strides for viewing {@code shape}/{@code strides} as {@code newShape} without a copy, or null
     * when the layout does not allow it (then the caller copies). Follows the idea of numpy's
     * no-copy reshape: walk both shapes in groups of equal element count, where each old group
     * must be contiguous within itself.
     */
    public static long[] reshapeStrides(long[] shape, long[] strides, long[] newShape) {
        // Drop size-1 dims from the old layout; they constrain nothing.
        int n = 0;
        long[] os = new long[shape.length];
        long[] ot = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                os[n] = shape[i];
                ot[n] = strides[i];
                n++;
            }
        }
        long[] ns = newShape;
        long[] nt = new long[ns.length];
        if (size(shape) == 0) {
            return contiguousStrides(newShape);
        }
        int oi = 0;
        int oj = 1;
        int ni = 0;
        int nj = 1;
        while (ni < ns.length && oi < n) {
            long np = ns[ni];
            long op = os[oi];
            while (np != op) {
                if (np < op) {
                    np *= ns[nj++];
                } else {
                    op *= os[oj++];
                }
            }
            for (int k = oi; k < oj - 1; k++) {
                if (ot[k] != os[k + 1] * ot[k + 1]) {
                    return null;
                }
            }
            nt[nj - 1] = ot[oj - 1];
            for (int k = nj - 1; k > ni; k--) {
                nt[k - 1] = nt[k] * ns[k];
            }
            ni = nj++;
            oi = oj++;
        }
        // Trailing size-1 dims of the new shape.
        long last = ni > 0 ? nt[ni - 1] : 1;
        for (int k = ni; k < ns.length; k++) {
            nt[k] = last;
        }
        return nt;
    }
}
