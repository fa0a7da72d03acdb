package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.DataTypeException;
import org.pybridge.tensor.NDArray;

/**
 * Walks the lanes of one or more operands: a lane is the 1-d run along one axis, and the lanes
 * are enumerated over the remaining ("outer") dimensions in C order. Sorting, gathering and
 * scattering along an axis work lane by lane; a cursor can {@link #seek} to any lane so that a
 * parallel chunk starts where it should.
 *
 * <p>Also holds the small byte-level helpers those kernels share (copying one element or a run
 * of elements of any dtype, reading index arrays).
 */
final class Lanes {
    private final long[] shape;
    private final long[][] strides;
    private final long[] base;
    private final long[] index;
    private final long[] address;

    /**
     * @param outerShape the dimensions the lanes are enumerated over
     * @param base address of element (0, ..., 0) of each operand
     * @param byteStrides per operand, its byte strides over {@code outerShape}
     */
    Lanes(long[] outerShape, long[] base, long[][] byteStrides) {
        this.shape = outerShape;
        this.strides = byteStrides;
        this.base = base;
        this.index = new long[outerShape.length];
        this.address = base.clone();
    }

    /** Positions the cursor on lane {@code lane} (a flat C-order index over the outer shape). */
    void seek(long lane) {
        long rem = lane;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = rem % shape[d];
            rem /= shape[d];
        }
        for (int k = 0; k < base.length; k++) {
            long a = base[k];
            for (int d = 0; d < shape.length; d++) {
                a += index[d] * strides[k][d];
            }
            address[k] = a;
        }
    }

    /** Moves to the next lane in C order. */
    void next() {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d]++;
            for (int k = 0; k < base.length; k++) {
                address[k] += strides[k][d];
            }
            if (index[d] < shape[d] || d == 0) {
                return;
            }
            for (int k = 0; k < base.length; k++) {
                address[k] -= shape[d] * strides[k][d];
            }
            index[d] = 0;
        }
    }

    /** Address of the current lane's first element in operand {@code k}. */
    long address(int k) {
        return address[k];
    }

    /** {@code values} without entry {@code axis}. */
    static long[] drop(long[] values, int axis) {
        long[] out = new long[values.length - 1];
        for (int d = 0, j = 0; d < values.length; d++) {
            if (d != axis) {
                out[j++] = values[d];
            }
        }
        return out;
    }

    /** The tensor's strides in bytes without entry {@code axis}. */
    static long[] outerByteStrides(NDArray a, int axis) {
        return drop(a.byteStrides(), axis);
    }

    /** Product of {@code shape[from..to)}. */
    static long product(long[] shape, int from, int to) {
        long n = 1;
        for (int d = from; d < to; d++) {
            n *= shape[d];
        }
        return n;
    }

    /** Copies one element of {@code item} bytes. */
    static void copyElement(long src, long dst, int item) {
        switch (item) {
            case 1: Raw.putByte(dst, Raw.getByte(src)); break;
            case 2: Raw.putShort(dst, Raw.getShort(src)); break;
            case 4: Raw.putInt(dst, Raw.getInt(src)); break;
            default: Raw.putLong(dst, Raw.getLong(src)); break;
        }
    }

    /**
     * Copies {@code count} consecutive elements of {@code item} bytes. Short runs are copied
     * element by element: a bulk copy call costs more than a few loads and stores.
     */
    static void copyRun(long src, long dst, long count, int item) {
        if (count * item >= 64) {
            Raw.copy(src, dst, count * item);
            return;
        }
        switch (item) {
            case 1:
                for (long i = 0; i < count; i++) {
                    Raw.putByte(dst + i, Raw.getByte(src + i));
                }
                break;
            case 2:
                for (long i = 0; i < count; i++) {
                    Raw.putShort(dst + 2 * i, Raw.getShort(src + 2 * i));
                }
                break;
            case 4:
                for (long i = 0; i < count; i++) {
                    Raw.putInt(dst + 4 * i, Raw.getInt(src + 4 * i));
                }
                break;
            default:
                for (long i = 0; i < count; i++) {
                    Raw.putLong(dst + 8 * i, Raw.getLong(src + 8 * i));
                }
                break;
        }
    }

    /**
     * Throws {@link org.pybridge.tensor.ClosedTensorException} if any input is closed, before an
     * operation allocates its output (so a failure cannot leave a half-built result behind).
     */
    static void requireOpen(NDArray... arrays) {
        for (NDArray a : arrays) {
            a.address();
        }
    }

    /** Rejects index arrays that are not of an integer type, naming the operation. */
    static void requireIndexType(NDArray indices, String op) {
        DataType t = indices.dtype();
        if (t == DataType.BOOL) {
            throw new DataTypeException(op + " needs integer indices, got a bool array: a boolean"
                    + " mask is not a list of indices. Convert the mask to the positions of its"
                    + " true values first, or cast it with indices.cast(DataType.INT64) if 0/1"
                    + " really are the indices.");
        }
        if (!t.isIntegral()) {
            throw new DataTypeException(op + " needs integer indices, got " + t.numpyName()
                    + "; cast them with indices.cast(DataType.INT64).");
        }
    }

    /**
     * The indices as Java longs, negative ones wrapped by {@code size}, each checked to lie in
     * {@code [-size, size)}.
     *
     * @param what how the message names the indexed dimension, e.g. "axis 1"
     */
    static long[] checkedIndices(NDArray indices, long size, String what) {
        if (indices.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Too many indices (" + indices.size()
                    + "): at most " + (Integer.MAX_VALUE - 8) + " per call are supported; split"
                    + " the index array into smaller pieces.");
        }
        long[] idx = indices.toLongArray();
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException("index " + v + " is out of bounds for " + what
                        + " with size " + size + " (found at flat position " + i + " of the"
                        + " indices; " + (size == 0 ? "no index is valid in an empty dimension"
                        : "valid indices are " + (-size) + " to " + (size - 1)) + ").");
            }
            idx[i] = v < 0 ? v + size : v;
        }
        return idx;
    }
}
