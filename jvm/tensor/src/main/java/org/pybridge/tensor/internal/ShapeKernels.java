package org.pybridge.tensor.internal;

import java.util.Arrays;
import java.util.Locale;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Joining, splitting, repeating and padding arrays (numpy's concatenate, stack, split,
 * array_split, tile and pad). Blocks are moved with {@link CopyKernels#copy} into views of the
 * output, so any input layout and dtype conversion is handled in one place.
 */
public final class ShapeKernels {
    private ShapeKernels() {
    }

    /** numpy.concatenate. */
    public static NDArray concat(int axis, NDArray... arrays) {
        requireSome(arrays, "concat");
        NDArray first = arrays[0];
        int nd = first.ndim();
        if (nd == 0) {
            throw new ShapeException("Zero-dimensional arrays cannot be concatenated (array 0 has"
                    + " shape ()): give them an axis with expandDims(0), or use stack.");
        }
        int ax = Shapes.axis(axis, nd);
        long[] shape0 = first.shape();
        DataType type = first.dtype();
        long total = 0;
        for (int i = 0; i < arrays.length; i++) {
            long[] s = arrays[i].shape();
            if (s.length != nd) {
                throw new ShapeException("concat needs arrays with the same number of dimensions:"
                        + " array 0 has shape " + Shapes.str(shape0) + " but array " + i
                        + " has shape " + Shapes.str(s) + ".");
            }
            for (int d = 0; d < nd; d++) {
                if (d != ax && s[d] != shape0[d]) {
                    throw new ShapeException("concat along axis " + ax + " needs all other"
                            + " dimensions to match, but along dimension " + d + " array 0 has"
                            + " shape " + Shapes.str(shape0) + " and array " + i + " has shape "
                            + Shapes.str(s) + ".");
                }
            }
            type = DataType.promote(type, arrays[i].dtype());
            total = Math.addExact(total, s[ax]);
        }
        long[] outShape = shape0.clone();
        outShape[ax] = total;
        NDArray out = NDArray.empty(type, outShape);
        try {
            long at = 0;
            for (NDArray a : arrays) {
                long len = a.shape(ax);
                if (len > 0) {
                    try (NDArray part = out.slice(ax, at, at + len, 1)) {
                        copyInto(a, part);
                    }
                }
                at += len;
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** numpy.stack: joins equal-shaped arrays along a new axis. */
    public static NDArray stack(int axis, NDArray... arrays) {
        requireSome(arrays, "stack");
        long[] shape0 = arrays[0].shape();
        int nd = shape0.length;
        int ax = Shapes.axis(axis, nd + 1);
        DataType type = arrays[0].dtype();
        for (int i = 1; i < arrays.length; i++) {
            long[] s = arrays[i].shape();
            if (!Arrays.equals(s, shape0)) {
                throw new ShapeException("stack needs arrays of one shape, but array 0 has shape "
                        + Shapes.str(shape0) + " and array " + i + " has shape " + Shapes.str(s)
                        + "; use concat to join arrays along an existing axis.");
            }
            type = DataType.promote(type, arrays[i].dtype());
        }
        long[] outShape = new long[nd + 1];
        for (int d = 0, j = 0; d <= nd; d++) {
            outShape[d] = d == ax ? arrays.length : shape0[j++];
        }
        NDArray out = NDArray.empty(type, outShape);
        try {
            for (int i = 0; i < arrays.length; i++) {
                try (NDArray part = out.select(ax, i)) {
                    copyInto(arrays[i], part);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * {@link CopyKernels#copy} with a fast path for what joining and padding produce most: a
     * C-contiguous source of the destination's dtype and shape, and a destination view whose
     * trailing dimensions are contiguous runs of at least a few hundred bytes. Those runs are
     * copied with one bulk copy each instead of element by element.
     */
    static void copyInto(NDArray src, NDArray dst) {
        long[] shape = dst.shape();
        DataType type = dst.dtype();
        if (src.dtype() != type || !src.isContiguous() || !Arrays.equals(src.shape(), shape)
                || dst.isContiguous() || dst.size() == 0) {
            CopyKernels.copy(src, dst);
            return;
        }
        long[] strides = dst.strides();
        int d = shape.length;
        long run = 1;
        while (d > 0 && (shape[d - 1] == 1 || strides[d - 1] == run)) {
            run *= shape[d - 1];
            d--;
        }
        int item = type.byteSize();
        long runBytes = run * item;
        if (runBytes < 256) {
            CopyKernels.copy(src, dst);
            return;
        }
        long[] outer = Arrays.copyOf(shape, d);
        long[][] outerStrides = {Arrays.copyOf(dst.byteStrides(), d)};
        long[] base = {dst.address()};
        long from0 = src.address();
        long count = Lanes.product(outer, 0, d);
        Parallel.forRange(count, count * run, (from, to) -> {
            Lanes cur = new Lanes(outer, base, outerStrides);
            cur.seek(from);
            for (long r = from; r < to; r++, cur.next()) {
                Raw.copy(from0 + r * runBytes, cur.address(0), runBytes);
            }
        });
    }

    private static void requireSome(NDArray[] arrays, String op) {
        if (arrays == null || arrays.length == 0) {
            throw new IllegalArgumentException(op + " needs at least one array, got none.");
        }
        Lanes.requireOpen(arrays);
    }

    /** numpy.split with an integer: {@code sections} equal views along {@code axis}. */
    public static NDArray[] split(NDArray a, int sections, int axis) {
        int ax = Shapes.axis(axis, a.ndim());
        if (sections <= 0) {
            throw new IllegalArgumentException("split needs a positive number of sections, got "
                    + sections + ".");
        }
        long len = a.shape(ax);
        if (len % sections != 0) {
            throw new ShapeException("Array split does not result in an equal division: axis "
                    + ax + " of shape " + Shapes.str(a.shape()) + " has size " + len
                    + ", which " + sections + " does not divide. Pass split indices instead"
                    + " (numpy.array_split semantics).");
        }
        long step = len / sections;
        long[] points = new long[sections - 1];
        for (int i = 1; i < sections; i++) {
            points[i - 1] = i * step;
        }
        return split(a, points, axis);
    }

    /**
     * numpy.split / array_split with indices: views {@code a[0:i0], a[i0:i1], ..., a[ik:]} along
     * {@code axis}, with Python slice rules (negative indices count from the end, out-of-range
     * ones clip, a decreasing pair gives an empty piece).
     */
    public static NDArray[] split(NDArray a, long[] indices, int axis) {
        int ax = Shapes.axis(axis, a.ndim());
        NDArray[] parts = new NDArray[indices.length + 1];
        try {
            for (int i = 0; i <= indices.length; i++) {
                long start = i == 0 ? 0 : indices[i - 1];
                long stop = i == indices.length ? Long.MIN_VALUE : indices[i];
                parts[i] = a.slice(ax, start, stop, 1);
            }
            return parts;
        } catch (RuntimeException e) {
            for (NDArray p : parts) {
                if (p != null) {
                    p.close();
                }
            }
            throw e;
        }
    }

    /** numpy.tile. */
    public static NDArray tile(NDArray a, long... reps) {
        for (long r : reps) {
            if (r < 0) {
                throw new IllegalArgumentException("tile repetitions must be >= 0, got "
                        + Arrays.toString(reps) + ".");
            }
        }
        Lanes.requireOpen(a);
        int nd = Math.max(reps.length, a.ndim());
        long[] r = leftPad(reps, nd);
        long[] s = leftPad(a.shape(), nd);
        // Read a as (1, s0, 1, s1, ...) broadcast to (r0, s0, r1, s1, ...): one strided copy
        // into that interleaved shape lays the repetitions out in C order.
        long[] unit = new long[2 * nd];
        long[] interleaved = new long[2 * nd];
        long[] outShape = new long[nd];
        for (int d = 0; d < nd; d++) {
            unit[2 * d] = 1;
            unit[2 * d + 1] = s[d];
            interleaved[2 * d] = r[d];
            interleaved[2 * d + 1] = s[d];
            outShape[d] = Math.multiplyExact(r[d], s[d]);
        }
        try (NDArray view = a.reshape(unit);
             NDArray wide = view.broadcastTo(interleaved);
             NDArray tmp = NDArray.empty(a.dtype(), interleaved)) {
            CopyKernels.copy(wide, tmp);
            return tmp.reshape(outShape);
        }
    }

    private static long[] leftPad(long[] values, int n) {
        long[] out = new long[n];
        Arrays.fill(out, 1);
        System.arraycopy(values, 0, out, n - values.length, values.length);
        return out;
    }

    /**
     * numpy.pad with modes "constant", "edge" and "reflect".
     *
     * @param widths one {before, after} pair per axis
     */
    public static NDArray pad(NDArray a, long[][] widths, String mode, double constant) {
        Lanes.requireOpen(a);
        int nd = a.ndim();
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("constant") && !m.equals("edge") && !m.equals("reflect")) {
            throw new IllegalArgumentException("Unsupported pad mode '" + mode + "': expected"
                    + " 'constant', 'edge' or 'reflect'.");
        }
        if (widths == null || widths.length != nd) {
            throw new IllegalArgumentException("pad needs one (before, after) pair per axis:"
                    + " the array has shape " + Shapes.str(a.shape()) + " (" + nd + " axes) but "
                    + (widths == null ? "no widths were" : widths.length + " pairs were")
                    + " given.");
        }
        long[] shape = a.shape();
        long[] before = new long[nd];
        long[] after = new long[nd];
        long[] outShape = new long[nd];
        for (int d = 0; d < nd; d++) {
            if (widths[d] == null || widths[d].length != 2 || widths[d][0] < 0
                    || widths[d][1] < 0) {
                throw new IllegalArgumentException("pad widths for axis " + d + " must be a"
                        + " (before, after) pair of non-negative numbers, got "
                        + Arrays.toString(widths[d]) + ".");
            }
            before[d] = widths[d][0];
            after[d] = widths[d][1];
            outShape[d] = Math.addExact(shape[d], Math.addExact(before[d], after[d]));
            if (!m.equals("constant") && shape[d] == 0 && before[d] + after[d] > 0) {
                throw new ShapeException("Can't extend empty axis " + d + " of shape "
                        + Shapes.str(shape) + " using mode '" + m + "': there is no value to"
                        + " repeat. Use mode 'constant' instead.");
            }
        }
        NDArray out = NDArray.empty(a.dtype(), outShape);
        try {
            try (NDArray center = region(out, before, shape, -1)) {
                copyInto(a, center);
            }
            for (int d = 0; d < nd; d++) {
                if (before[d] + after[d] > 0) {
                    if (m.equals("constant")) {
                        fillBorders(out, d, before, shape, constant);
                    } else {
                        extendAxis(out, d, before, shape, m.equals("edge"));
                    }
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * A view of {@code out}: axes below {@code fullUpTo} (inclusive) in full, the others
     * restricted to {@code [start, start + length)}.
     */
    private static NDArray region(NDArray out, long[] start, long[] length, int fullUpTo) {
        NDArray v = out.share();
        for (int d = fullUpTo + 1; d < start.length; d++) {
            if (start[d] != 0 || length[d] != out.shape(d)) {
                NDArray next = v.slice(d, start[d], start[d] + length[d], 1);
                v.close();
                v = next;
            }
        }
        return v;
    }

    /** Sets the padding of axis {@code d} (corners of earlier axes included) to {@code value}. */
    private static void fillBorders(NDArray out, int d, long[] before, long[] shape,
            double value) {
        long b = before[d];
        long total = out.shape(d);
        try (NDArray r = region(out, before, shape, d)) {
            if (b > 0) {
                try (NDArray lo = r.slice(d, 0, b, 1)) {
                    lo.fill(value);
                }
            }
            if (b + shape[d] < total) {
                try (NDArray hi = r.slice(d, b + shape[d], total, 1)) {
                    hi.fill(value);
                }
            }
        }
    }

    /**
     * Fills the padding of axis {@code d}, reading values from the already filled part. Axes
     * before {@code d} are already padded, so their padding (the corners) is extended too, as
     * numpy does.
     */
    private static void extendAxis(NDArray out, int d, long[] before, long[] shape,
            boolean edge) {
        long n = shape[d];
        long b = before[d];
        long total = out.shape(d);
        try (NDArray r = region(out, before, shape, d)) {
            if (edge) {
                copyAxisRange(r, d, b, b + 1, 0, b);
                copyAxisRange(r, d, b + n - 1, b + n, b + n, total);
                return;
            }
            for (long p = 0; p < total; p++) {
                if (p == b) {
                    p = b + n - 1;
                    continue;
                }
                long src = b + reflect(p - b, n);
                copyAxisRange(r, d, src, src + 1, p, p + 1);
            }
        }
    }

    /** Copies positions {@code [from, to)} of axis d (broadcast if length 1) to {@code [at, end)}. */
    private static void copyAxisRange(NDArray r, int d, long from, long to, long at, long end) {
        if (end <= at) {
            return;
        }
        try (NDArray src = r.slice(d, from, to, 1); NDArray dst = r.slice(d, at, end, 1)) {
            CopyKernels.copy(src, dst);
        }
    }

    /**
     * Index into {@code [0, n)} that numpy's "reflect" mode reads for position {@code i} relative
     * to the first element: the data mirrored about its first and last elements (which are not
     * repeated), periodically, so pads wider than the data keep reflecting.
     */
    static long reflect(long i, long n) {
        if (n == 1) {
            return 0;
        }
        long period = 2 * (n - 1);
        long m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
