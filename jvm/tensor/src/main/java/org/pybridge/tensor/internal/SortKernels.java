package org.pybridge.tensor.internal;

import java.util.Arrays;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Sorting along an axis: sort, stable argsort and top-k.
 *
 * <p>Each lane (the 1-d run along the axis) is copied into a Java array, sorted and written
 * back; lanes run in parallel when the work is large. Lanes of {@value #RADIX_MIN} elements or
 * more use {@link RadixSort} (linear time, stable); shorter ones use {@link Arrays#sort}.
 *
 * <p>Argsort and top-k compare <em>keys</em>: every element is mapped to a {@code long} whose
 * signed order is the wanted order. Floats map through their bit patterns (with -0.0 folded
 * onto 0.0 and every NaN onto the largest key, so NaNs go last); descending order flips the bits
 * of the key ({@code ~k}), except for NaN, which stays last. Ties are then broken by index,
 * which makes both orders stable.
 */
public final class SortKernels {
    /** Lane length from which radix sorting beats {@link Arrays#sort}. */
    static final int RADIX_MIN = 128;

    private SortKernels() {
    }

    /** Lanes along an axis: outer shape, lane length, lane count. */
    private static final class Axis {
        final int ax;
        final long[] outer;
        final int n;
        final long lanes;

        Axis(NDArray a, int axis, String op) {
            requireAxis(a, op);
            this.ax = Shapes.axis(axis, a.ndim());
            long len = a.shape(ax);
            if (len > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(op + " supports at most "
                        + (Integer.MAX_VALUE - 8) + " elements along the sorted axis, got " + len
                        + ".");
            }
            this.n = (int) len;
            this.outer = Lanes.drop(a.shape(), ax);
            this.lanes = Lanes.product(outer, 0, outer.length);
        }
    }

    /** A sorted copy of {@code a} along {@code axis}. */
    public static NDArray sort(NDArray a, int axis, boolean descending) {
        Axis x = new Axis(a, axis, "sort");
        Lanes.requireOpen(a);
        NDArray out = a.dup();
        if (out.size() == 0 || x.n < 2) {
            return out;
        }
        DataType type = a.dtype();
        long[] base = {out.address()};
        long[][] strides = {Lanes.outerByteStrides(out, x.ax)};
        long step = out.byteStrides()[x.ax];
        int n = x.n;
        Parallel.forRange(x.lanes, x.lanes * n * 4L, (from, to) -> {
            Lanes cur = new Lanes(x.outer, base, strides);
            cur.seek(from);
            LaneSorter sorter = new LaneSorter(type, n, descending);
            for (long l = from; l < to; l++, cur.next()) {
                sorter.sortInPlace(cur.address(0), step);
            }
        });
        return out;
    }

    /** Sorts one lane in place, for one dtype; holds the reusable buffers. */
    private static final class LaneSorter {
        private final DataType type;
        private final int n;
        private final boolean descending;
        private final RadixSort.Buffers buffers = new RadixSort.Buffers();
        private float[] floats;
        private double[] doubles;
        private long[] longs;
        private int[] ints;

        LaneSorter(DataType type, int n, boolean descending) {
            this.type = type;
            this.n = n;
            this.descending = descending;
        }

        void sortInPlace(long addr, long step) {
            switch (type) {
                case FLOAT32:
                case FLOAT16:
                case BFLOAT16:
                    sortFloats(addr, step);
                    break;
                case FLOAT64:
                    sortDoubles(addr, step);
                    break;
                case INT64:
                    sortLongs(addr, step);
                    break;
                default:
                    sortInts(addr, step);
                    break;
            }
        }

        /** float32 and the half types, which widen to float and narrow back exactly. */
        private void sortFloats(long addr, long step) {
            float[] v = floats == null ? floats = new float[n] : floats;
            boolean f32 = type == DataType.FLOAT32;
            for (int i = 0; i < n; i++) {
                long p = addr + i * step;
                v[i] = f32 ? Raw.getFloat(p) : (float) Access.getDouble(type, p);
            }
            if (n < RADIX_MIN) {
                Arrays.sort(v);
            } else {
                int[] keys = ints == null ? ints = new int[n] : ints;
                for (int i = 0; i < n; i++) {
                    keys[i] = RadixSort.floatKey(v[i]);
                }
                RadixSort.sort(keys, null, n, buffers);
                for (int i = 0; i < n; i++) {
                    v[i] = RadixSort.keyFloat(keys[i]);
                }
            }
            int end = n;
            if (descending) {
                while (end > 0 && Float.isNaN(v[end - 1])) {
                    end--;
                }
            }
            for (int i = 0; i < n; i++) {
                float x = descending && i < end ? v[end - 1 - i] : v[i];
                long p = addr + i * step;
                if (f32) {
                    Raw.putFloat(p, x);
                } else {
                    Access.putDouble(type, p, x);
                }
            }
        }

        private void sortDoubles(long addr, long step) {
            double[] v = doubles == null ? doubles = new double[n] : doubles;
            for (int i = 0; i < n; i++) {
                v[i] = Raw.getDouble(addr + i * step);
            }
            if (n < RADIX_MIN) {
                Arrays.sort(v);
            } else {
                long[] keys = longs == null ? longs = new long[n] : longs;
                for (int i = 0; i < n; i++) {
                    keys[i] = RadixSort.doubleKey(v[i]);
                }
                RadixSort.sort(keys, null, n, buffers);
                for (int i = 0; i < n; i++) {
                    v[i] = RadixSort.keyDouble(keys[i]);
                }
            }
            int end = n;
            if (descending) {
                while (end > 0 && Double.isNaN(v[end - 1])) {
                    end--;
                }
            }
            for (int i = 0; i < n; i++) {
                Raw.putDouble(addr + i * step, descending && i < end ? v[end - 1 - i] : v[i]);
            }
        }

        private void sortLongs(long addr, long step) {
            long[] v = longs == null ? longs = new long[n] : longs;
            for (int i = 0; i < n; i++) {
                v[i] = Raw.getLong(addr + i * step);
            }
            if (n < RADIX_MIN) {
                Arrays.sort(v);
            } else {
                for (int i = 0; i < n; i++) {
                    v[i] ^= Long.MIN_VALUE;
                }
                RadixSort.sort(v, null, n, buffers);
                for (int i = 0; i < n; i++) {
                    v[i] ^= Long.MIN_VALUE;
                }
            }
            for (int i = 0; i < n; i++) {
                Raw.putLong(addr + i * step, v[descending ? n - 1 - i : i]);
            }
        }

        /** int32 and the narrower integer types and bool. */
        private void sortInts(long addr, long step) {
            int[] v = ints == null ? ints = new int[n] : ints;
            boolean i32 = type == DataType.INT32;
            for (int i = 0; i < n; i++) {
                long p = addr + i * step;
                v[i] = i32 ? Raw.getInt(p) : (int) Access.getLong(type, p);
            }
            if (n < RADIX_MIN) {
                Arrays.sort(v);
            } else {
                for (int i = 0; i < n; i++) {
                    v[i] ^= Integer.MIN_VALUE;
                }
                RadixSort.sort(v, null, n, buffers);
                for (int i = 0; i < n; i++) {
                    v[i] ^= Integer.MIN_VALUE;
                }
            }
            for (int i = 0; i < n; i++) {
                long p = addr + i * step;
                int x = v[descending ? n - 1 - i : i];
                if (i32) {
                    Raw.putInt(p, x);
                } else {
                    Access.putLong(type, p, x);
                }
            }
        }
    }

    /** Stable argsort along {@code axis} (int64 indices). */
    public static NDArray argsort(NDArray a, int axis, boolean descending) {
        Axis x = new Axis(a, axis, "argsort");
        long in0 = a.address();
        NDArray out = NDArray.empty(DataType.INT64, a.shape());
        if (out.size() == 0) {
            return out;
        }
        long[] base = {in0, out.address()};
        long[][] strides = {Lanes.outerByteStrides(a, x.ax), Lanes.outerByteStrides(out, x.ax)};
        long inStep = a.byteStrides()[x.ax];
        long outStep = out.byteStrides()[x.ax];
        DataType type = a.dtype();
        int n = x.n;
        boolean wide = type.byteSize() == 8;
        Parallel.forRange(x.lanes, x.lanes * n * 4L, (from, to) -> {
            Lanes cur = new Lanes(x.outer, base, strides);
            cur.seek(from);
            long[] keys = new long[n];
            int[] order = new int[n];
            int[] narrow = wide || n < RADIX_MIN ? null : new int[n];
            RadixSort.Buffers buffers = new RadixSort.Buffers();
            for (long l = from; l < to; l++, cur.next()) {
                readKeys(type, cur.address(0), inStep, n, descending, keys);
                laneOrder(keys, order, narrow, n, wide, buffers);
                long op = cur.address(1);
                for (int i = 0; i < n; i++, op += outStep) {
                    Raw.putLong(op, order[i]);
                }
            }
        });
        return out;
    }

    /**
     * The {@code k} largest (or smallest) elements along {@code axis} and their int64 indices,
     * in sorted order; ties go to the lower index. Selection uses a bounded heap, O(n log k).
     */
    public static NDArray[] topk(NDArray a, int k, int axis, boolean largest) {
        Axis x = new Axis(a, axis, "topk");
        if (k < 0 || k > x.n) {
            throw new IllegalArgumentException("topk k=" + k + " is out of range: axis " + x.ax
                    + " of shape " + Shapes.str(a.shape()) + " has " + x.n + " elements, so k must"
                    + " be between 0 and " + x.n + ".");
        }
        long in0 = a.address();
        long[] outShape = a.shape();
        outShape[x.ax] = k;
        NDArray values = NDArray.empty(a.dtype(), outShape);
        NDArray indices = NDArray.empty(DataType.INT64, outShape);
        if (values.size() == 0) {
            return new NDArray[] {values, indices};
        }
        long[] base = {in0, values.address(), indices.address()};
        long[][] strides = {Lanes.outerByteStrides(a, x.ax),
            Lanes.outerByteStrides(values, x.ax), Lanes.outerByteStrides(indices, x.ax)};
        long inStep = a.byteStrides()[x.ax];
        long valStep = values.byteStrides()[x.ax];
        long idxStep = indices.byteStrides()[x.ax];
        DataType type = a.dtype();
        int item = type.byteSize();
        int n = x.n;
        Parallel.forRange(x.lanes, x.lanes * n * 2L, (from, to) -> {
            Lanes cur = new Lanes(x.outer, base, strides);
            cur.seek(from);
            long[] keys = new long[n];
            long[] heapKeys = new long[k];
            int[] heapIdx = new int[k];
            for (long l = from; l < to; l++, cur.next()) {
                long in = cur.address(0);
                readKeys(type, in, inStep, n, largest, keys);
                selectSmallest(keys, n, k, heapKeys, heapIdx);
                long vp = cur.address(1);
                long ip = cur.address(2);
                for (int i = 0; i < k; i++, vp += valStep, ip += idxStep) {
                    Lanes.copyElement(in + heapIdx[i] * inStep, vp, item);
                    Raw.putLong(ip, heapIdx[i]);
                }
            }
        });
        return new NDArray[] {values, indices};
    }

    /**
     * Reads one lane as order keys: ascending key order is the wanted order
     * ({@code descending} flips it, keeping NaN last). 32-bit-or-smaller types give keys within
     * the int range.
     */
    private static void readKeys(DataType type, long addr, long step, int n, boolean descending,
            long[] keys) {
        switch (type) {
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    keys[i] = floatKey(Raw.getFloat(addr + i * step), descending);
                }
                break;
            case FLOAT16:
            case BFLOAT16:
                for (int i = 0; i < n; i++) {
                    keys[i] = floatKey((float) Access.getDouble(type, addr + i * step),
                            descending);
                }
                break;
            case FLOAT64:
                for (int i = 0; i < n; i++) {
                    keys[i] = doubleKey(Raw.getDouble(addr + i * step), descending);
                }
                break;
            case INT64:
                for (int i = 0; i < n; i++) {
                    long v = Raw.getLong(addr + i * step);
                    keys[i] = descending ? ~v : v;
                }
                break;
            case INT32:
                for (int i = 0; i < n; i++) {
                    long v = Raw.getInt(addr + i * step);
                    keys[i] = descending ? ~v : v;
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    long v = Access.getLong(type, addr + i * step);
                    keys[i] = descending ? ~v : v;
                }
                break;
        }
    }

    /** Order key of a float within the int range; NaN is always the largest. */
    static long floatKey(float f, boolean descending) {
        if (f != f) {
            return Integer.MAX_VALUE;
        }
        int bits = f == 0.0f ? 0 : Float.floatToRawIntBits(f);
        // Negative floats order backwards by bit pattern: flipping the magnitude bits fixes it.
        int key = bits >= 0 ? bits : bits ^ Integer.MAX_VALUE;
        return descending ? ~key : key;
    }

    /** Order key of a double; NaN is always the largest. */
    static long doubleKey(double d, boolean descending) {
        if (d != d) {
            return Long.MAX_VALUE;
        }
        long bits = d == 0.0 ? 0L : Double.doubleToRawLongBits(d);
        long key = bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
        return descending ? ~key : key;
    }

    /**
     * The stable ascending order of {@code keys[0, n)} into {@code order}. Keys of narrow types
     * (which fit an int) go through {@code narrow} as 32-bit radix keys, or, for short lanes,
     * packed with their index into one long for a primitive sort; wide keys use a 64-bit radix
     * sort, or insertion sort for short lanes.
     */
    private static void laneOrder(long[] keys, int[] order, int[] narrow, int n, boolean wide,
            RadixSort.Buffers buffers) {
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n >= RADIX_MIN) {
            if (wide) {
                for (int i = 0; i < n; i++) {
                    keys[i] ^= Long.MIN_VALUE;
                }
                RadixSort.sort(keys, order, n, buffers);
            } else {
                for (int i = 0; i < n; i++) {
                    narrow[i] = (int) keys[i] ^ Integer.MIN_VALUE;
                }
                RadixSort.sort(narrow, order, n, buffers);
            }
        } else if (!wide) {
            // Key in the high 32 bits, index in the low 32: one primitive sort orders by key,
            // then by index, which is exactly a stable order.
            for (int i = 0; i < n; i++) {
                keys[i] = (keys[i] << 32) | i;
            }
            Arrays.sort(keys, 0, n);
            for (int i = 0; i < n; i++) {
                order[i] = (int) keys[i];
            }
        } else {
            for (int i = 1; i < n; i++) {
                long k = keys[i];
                int j = i - 1;
                while (j >= 0 && keys[j] > k) {
                    keys[j + 1] = keys[j];
                    order[j + 1] = order[j];
                    j--;
                }
                keys[j + 1] = k;
                order[j + 1] = i;
            }
        }
    }

    /**
     * Puts the indices of the {@code k} smallest (key, index) pairs of {@code keys[0, n)} into
     * {@code idx} in ascending order, using a max-heap of size k.
     */
    static void selectSmallest(long[] keys, int n, int k, long[] hk, int[] hi) {
        if (k == 0) {
            return;
        }
        int size = 0;
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            if (size < k) {
                // Sift up.
                int c = size++;
                while (c > 0) {
                    int p = (c - 1) >>> 1;
                    if (!before(hk[p], hi[p], key, i)) {
                        break;
                    }
                    hk[c] = hk[p];
                    hi[c] = hi[p];
                    c = p;
                }
                hk[c] = key;
                hi[c] = i;
            } else if (before(key, i, hk[0], hi[0])) {
                siftDown(hk, hi, 0, size, key, i);
            }
        }
        // Heap sort in place: repeatedly move the largest remaining pair to the end.
        for (int end = size - 1; end > 0; end--) {
            long topKey = hk[0];
            int topIdx = hi[0];
            siftDown(hk, hi, 0, end, hk[end], hi[end]);
            hk[end] = topKey;
            hi[end] = topIdx;
        }
    }

    /** True when pair (k1, i1) orders before (k2, i2). */
    private static boolean before(long k1, int i1, long k2, int i2) {
        return k1 < k2 || (k1 == k2 && i1 < i2);
    }

    /** Places (key, index) at {@code pos} of the max-heap {@code [0, size)} and sifts it down. */
    private static void siftDown(long[] hk, int[] hi, int pos, int size, long key, int index) {
        int c = pos;
        while (true) {
            int l = 2 * c + 1;
            if (l >= size) {
                break;
            }
            int r = l + 1;
            int big = r < size && before(hk[l], hi[l], hk[r], hi[r]) ? r : l;
            if (!before(key, index, hk[big], hi[big])) {
                break;
            }
            hk[c] = hk[big];
            hi[c] = hi[big];
            c = big;
        }
        hk[c] = key;
        hi[c] = index;
    }

    /** Rejects sorting a 0-d array with a hint (numpy raises AxisError too). */
    private static void requireAxis(NDArray a, String op) {
        if (a.ndim() == 0) {
            throw new ShapeException(op + " needs at least one dimension, got a 0-d array;"
                    + " reshape it to (1,) first.");
        }
    }
}
