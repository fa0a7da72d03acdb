package org.pybridge.nn.autodiff;

import java.util.Arrays;

/** Axis arithmetic for reductions: normalising axis lists and the shapes they leave. */
final class Axes {
    private Axes() {
    }

    /** Sorted, non-negative, distinct axes; an empty (or null) list means every axis. */
    static int[] normalize(int[] axes, int ndim, String op) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[ndim];
            for (int i = 0; i < ndim; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + ndim : axes[i];
            if (a < 0 || a >= ndim) {
                throw new IllegalArgumentException(op + ": axis " + axes[i] + " is out of range"
                        + " for an array with " + ndim + " dimensions; use 0.." + (ndim - 1)
                        + " or negative axes counted from the end.");
            }
            out[i] = a;
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + out[i] + " is given twice in "
                        + Arrays.toString(axes) + ".");
            }
        }
        return out;
    }

    /** The number of elements reduced over {@code axes}. */
    static long count(long[] shape, int[] axes) {
        long n = 1;
        for (int a : axes) {
            n *= shape[a];
        }
        return n;
    }

    /** {@code shape} with the reduced axes kept as size 1. */
    static long[] keptShape(long[] shape, int[] axes) {
        long[] k = shape.clone();
        for (int a : axes) {
            k[a] = 1;
        }
        return k;
    }

    /** {@code shape} with the reduced axes removed. */
    static long[] reducedShape(long[] shape, int[] axes) {
        long[] r = new long[shape.length - axes.length];
        int j = 0;
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (k < axes.length && axes[k] == i) {
                k++;
            } else {
                r[j++] = shape[i];
            }
        }
        return r;
    }
}
