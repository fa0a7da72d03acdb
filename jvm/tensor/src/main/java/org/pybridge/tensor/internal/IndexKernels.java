package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Gathers and scatters by integer index: numpy's take, take_along_axis, put and add.at, and
 * one-hot encoding. Indices are validated in full before anything is written, so a bad index
 * leaves in-place targets untouched.
 */
public final class IndexKernels {
    private IndexKernels() {
    }

    /** numpy.take along an axis: shape {@code a.shape[:axis] + indices.shape + a.shape[axis+1:]}. */
    public static NDArray take(NDArray a, NDArray indices, int axis) {
        Lanes.requireOpen(a, indices);
        Lanes.requireIndexType(indices, "take");
        int ax = Shapes.axis(axis, a.ndim());
        long[] shape = a.shape();
        long n = shape[ax];
        long[] idx = Lanes.checkedIndices(indices, n, "axis " + ax);
        long[] idxShape = indices.shape();
        long[] outShape = new long[shape.length - 1 + idxShape.length];
        System.arraycopy(shape, 0, outShape, 0, ax);
        System.arraycopy(idxShape, 0, outShape, ax, idxShape.length);
        System.arraycopy(shape, ax + 1, outShape, ax + idxShape.length, shape.length - ax - 1);
        NDArray out = NDArray.empty(a.dtype(), outShape);
        if (out.size() == 0) {
            return out;
        }
        long outer = Lanes.product(shape, 0, ax);
        long inner = Lanes.product(shape, ax + 1, shape.length);
        int item = a.dtype().byteSize();
        long rowBytes = inner * item;
        long m = idx.length;
        try (NDArray src = a.contiguous()) {
            long from0 = src.address();
            long to0 = out.address();
            Parallel.forRange(outer * m, outer * m * inner, (from, to) -> {
                for (long r = from; r < to; r++) {
                    long o = r / m;
                    long k = idx[(int) (r - o * m)];
                    Lanes.copyRun(from0 + (o * n + k) * rowBytes, to0 + r * rowBytes, inner,
                            item);
                }
            });
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** numpy.take with axis=None: indexes the flattened array; the result has the indices' shape. */
    public static NDArray takeFlat(NDArray a, NDArray indices) {
        try (NDArray flat = a.ravel()) {
            return take(flat, indices, 0);
        }
    }

    /**
     * numpy.take_along_axis: {@code out[..., i, ...] = a[..., indices[..., i, ...], ...]}; the
     * other dimensions of {@code a} and {@code indices} broadcast together.
     */
    public static NDArray takeAlongAxis(NDArray a, NDArray indices, int axis) {
        Lanes.requireOpen(a, indices);
        Lanes.requireIndexType(indices, "takeAlongAxis");
        int nd = a.ndim();
        long[] as = a.shape();
        long[] is = indices.shape();
        if (is.length != nd) {
            throw new ShapeException("takeAlongAxis needs indices with as many dimensions as the"
                    + " array: array shape " + Shapes.str(as) + ", indices shape " + Shapes.str(is)
                    + ". Add size-1 axes to the indices (expandDims) to match.");
        }
        int ax = Shapes.axis(axis, nd);
        long n = as[ax];
        long[] outShape = new long[nd];
        long[] srcShape = new long[nd];
        for (int d = 0; d < nd; d++) {
            if (d == ax) {
                outShape[d] = is[d];
                srcShape[d] = n;
            } else if (as[d] == is[d] || is[d] == 1 || as[d] == 1) {
                outShape[d] = as[d] == 1 ? is[d] : as[d];
                srcShape[d] = outShape[d];
            } else {
                throw new ShapeException("takeAlongAxis: array shape " + Shapes.str(as)
                        + " and indices shape " + Shapes.str(is) + " cannot be broadcast"
                        + " together in dimension " + d + " (" + as[d] + " vs " + is[d]
                        + "; each dimension other than axis " + ax + " must match or be 1).");
            }
        }
        Lanes.checkedIndices(indices, n, "axis " + ax);
        NDArray out = NDArray.empty(a.dtype(), outShape);
        if (out.size() == 0) {
            return out;
        }
        try (NDArray src = a.broadcastTo(srcShape); NDArray ind = indices.broadcastTo(outShape)) {
            long[] outer = Lanes.drop(outShape, ax);
            long[] base = {src.address(), ind.address(), out.address()};
            long[][] strides = {Lanes.outerByteStrides(src, ax), Lanes.outerByteStrides(ind, ax),
                Lanes.outerByteStrides(out, ax)};
            long srcStep = src.byteStrides()[ax];
            long indStep = ind.byteStrides()[ax];
            long outStep = out.byteStrides()[ax];
            long m = outShape[ax];
            long lanes = Lanes.product(outer, 0, outer.length);
            DataType it = ind.dtype();
            int item = a.dtype().byteSize();
            Parallel.forRange(lanes, lanes * m, (from, to) -> {
                Lanes cur = new Lanes(outer, base, strides);
                cur.seek(from);
                for (long l = from; l < to; l++, cur.next()) {
                    long s = cur.address(0);
                    long ip = cur.address(1);
                    long op = cur.address(2);
                    for (long i = 0; i < m; i++, ip += indStep, op += outStep) {
                        long k = Access.getLong(it, ip);
                        Lanes.copyElement(s + (k < 0 ? k + n : k) * srcStep, op, item);
                    }
                }
            });
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * numpy.put: {@code a.flat[flatIndices[j]] = values.flat[j % values.size]}, in place. Later
     * duplicates win; empty values change nothing (as in numpy).
     */
    public static void put(NDArray a, NDArray flatIndices, NDArray values) {
        a.ensureWritable();
        Lanes.requireOpen(flatIndices, values);
        Lanes.requireIndexType(flatIndices, "put");
        long size = a.size();
        long[] idx = Lanes.checkedIndices(flatIndices, size, "the flattened array");
        long nv = values.size();
        if (nv == 0 || idx.length == 0) {
            return;
        }
        int item = a.dtype().byteSize();
        try (NDArray vals = contiguousAs(values, a.dtype());
             NDArray work = a.isContiguous() ? a.share() : a.dup()) {
            long vb = vals.address();
            long wb = work.address();
            for (int j = 0; j < idx.length; j++) {
                Lanes.copyElement(vb + (j % nv) * item, wb + idx[j] * item, item);
            }
            if (!work.sharesMemoryWith(a)) {
                CopyKernels.copy(work, a);
            }
        }
    }

    /** {@code values} as a C-contiguous array of {@code type} (a new handle or a copy). */
    private static NDArray contiguousAs(NDArray values, DataType type) {
        if (values.dtype() == type) {
            return values.contiguous();
        }
        return values.cast(type);
    }

    /**
     * numpy's {@code np.add.at(target, (slice(None),) * axis + (indices,), updates)}: adds each
     * slice of {@code updates} into the target slice its index names; repeated indices add up.
     * Updates are converted to the target's dtype first (as numpy does); bool adds as logical or.
     */
    public static void scatterAdd(NDArray target, NDArray indices, NDArray updates, int axis) {
        target.ensureWritable();
        Lanes.requireOpen(indices, updates);
        Lanes.requireIndexType(indices, "scatterAdd");
        int ax = Shapes.axis(axis, target.ndim());
        long[] shape = target.shape();
        long n = shape[ax];
        long[] idx = Lanes.checkedIndices(indices, n, "axis " + ax);
        long[] idxShape = indices.shape();
        long[] uShape = new long[shape.length - 1 + idxShape.length];
        System.arraycopy(shape, 0, uShape, 0, ax);
        System.arraycopy(idxShape, 0, uShape, ax, idxShape.length);
        System.arraycopy(shape, ax + 1, uShape, ax + idxShape.length, shape.length - ax - 1);
        try {
            Shapes.broadcastStrides(updates.shape(), updates.strides(), uShape);
        } catch (ShapeException e) {
            throw new ShapeException("scatterAdd updates of shape " + Shapes.str(updates.shape())
                    + " do not fit: with target shape " + Shapes.str(shape) + ", indices shape "
                    + Shapes.str(idxShape) + " and axis " + ax + " they must broadcast to "
                    + Shapes.str(uShape) + " (target.shape[:axis] + indices.shape +"
                    + " target.shape[axis+1:]).");
        }
        long outer = Lanes.product(shape, 0, ax);
        long inner = Lanes.product(shape, ax + 1, shape.length);
        long m = idx.length;
        if (outer * m * inner == 0) {
            return;
        }
        DataType type = target.dtype();
        int item = type.byteSize();
        try (NDArray u = NDArray.empty(type, uShape);
             NDArray work = target.isContiguous() ? target.share() : target.dup()) {
            CopyKernels.copy(updates, u);
            long ub = u.address();
            long wb = work.address();
            long rowBytes = inner * item;
            // Rows of different outer positions never collide, so those may run in parallel;
            // within one outer position duplicates must be added one after the other.
            Parallel.forRange(outer, outer * m * inner, (from, to) -> {
                for (long o = from; o < to; o++) {
                    for (int j = 0; j < m; j++) {
                        long src = ub + (o * m + j) * rowBytes;
                        long dst = wb + (o * n + idx[j]) * rowBytes;
                        addRow(type, src, dst, inner);
                    }
                }
            });
            if (!work.sharesMemoryWith(target)) {
                CopyKernels.copy(work, target);
            }
        }
    }

    /** {@code dst[i] += src[i]} for {@code count} contiguous elements of {@code type}. */
    private static void addRow(DataType type, long src, long dst, long count) {
        switch (type) {
            case FLOAT32:
                for (long i = 0; i < count; i++) {
                    long p = 4 * i;
                    Raw.putFloat(dst + p, Raw.getFloat(dst + p) + Raw.getFloat(src + p));
                }
                break;
            case FLOAT64:
                for (long i = 0; i < count; i++) {
                    long p = 8 * i;
                    Raw.putDouble(dst + p, Raw.getDouble(dst + p) + Raw.getDouble(src + p));
                }
                break;
            case INT32:
                for (long i = 0; i < count; i++) {
                    long p = 4 * i;
                    Raw.putInt(dst + p, Raw.getInt(dst + p) + Raw.getInt(src + p));
                }
                break;
            case INT64:
                for (long i = 0; i < count; i++) {
                    long p = 8 * i;
                    Raw.putLong(dst + p, Raw.getLong(dst + p) + Raw.getLong(src + p));
                }
                break;
            case FLOAT16:
            case BFLOAT16:
                // The sum of two half-precision values is exact in double, so one rounding on
                // store gives the same result as numpy's float16 add.
                for (long i = 0; i < count; i++) {
                    long p = 2 * i;
                    Access.putDouble(type, dst + p,
                            Access.getDouble(type, dst + p) + Access.getDouble(type, src + p));
                }
                break;
            default:
                // bool (logical or, since putLong stores any non-zero as true) and small ints
                // (wrapping like numpy's integer add).
                int item = type.byteSize();
                for (long i = 0; i < count; i++) {
                    long p = item * i;
                    Access.putLong(type, dst + p,
                            Access.getLong(type, dst + p) + Access.getLong(type, src + p));
                }
                break;
        }
    }

    /**
     * One-hot encoding: shape {@code indices.shape + (depth,)}, a 1 at each index, 0 elsewhere.
     * Every index must lie in {@code [0, depth)}.
     */
    public static NDArray oneHot(NDArray indices, int depth, DataType dtype) {
        Lanes.requireIndexType(indices, "oneHot");
        if (depth < 0) {
            throw new IllegalArgumentException("oneHot depth must be >= 0, got " + depth + ".");
        }
        if (indices.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("oneHot supports at most " + (Integer.MAX_VALUE - 8)
                    + " indices per call, got " + indices.size() + ".");
        }
        long[] idx = indices.toLongArray();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= depth) {
                throw new IndexOutOfBoundsException("oneHot index " + idx[i] + " (at flat"
                        + " position " + i + " of the indices) is out of range for depth "
                        + depth + ": class indices must lie in 0 to " + (depth - 1) + "."
                        + (idx[i] < 0 ? " Negative indices are not wrapped." : ""));
            }
        }
        long[] is = indices.shape();
        long[] outShape = java.util.Arrays.copyOf(is, is.length + 1);
        outShape[is.length] = depth;
        NDArray out = NDArray.zeros(dtype, outShape);
        long base = out.address();
        int item = dtype.byteSize();
        for (int i = 0; i < idx.length; i++) {
            Access.putDouble(dtype, base + ((long) i * depth + idx[i]) * item, 1.0);
        }
        return out;
    }
}
