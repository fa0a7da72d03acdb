package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** Strided copies with broadcasting and dtype conversion: dup, contiguous, cast, assignment. */
public final class CopyKernels {
    private CopyKernels() {
    }

    /** Copies {@code src} (broadcast to dst's shape) into {@code dst}, converting the dtype. */
    public static void copy(NDArray src, NDArray dst) {
        long[] shape = dst.shape();
        long[] srcStrides = Shapes.broadcastStrides(src.shape(), src.strides(), shape);
        DataType st = src.dtype();
        DataType dt = dst.dtype();
        long[][] bs = {bytes(srcStrides, st), bytes(dst.strides(), dt)};
        long[] base = {src.address(), dst.address()};
        if (st == dt && src.isContiguous() && dst.isContiguous()
                && java.util.Arrays.equals(src.shape(), shape)) {
            long bytes = dst.size() * dt.byteSize();
            Parallel.forRange(bytes, bytes / 4, (from, to) ->
                    Raw.copy(base[0] + from, base[1] + from, to - from));
            return;
        }
        Loops.Row row = rowKernel(st, dt);
        Loops.run(shape, base, bs, true, row);
    }

    static long[] bytes(long[] strides, DataType t) {
        long[] out = new long[strides.length];
        for (int i = 0; i < strides.length; i++) {
            out[i] = strides[i] * t.byteSize();
        }
        return out;
    }

    private static Loops.Row rowKernel(DataType st, DataType dt) {
        if (st == dt) {
            switch (st.byteSize()) {
                case 1: return (n, a, s) -> {
                    for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                        Raw.putByte(q, Raw.getByte(p));
                    }
                };
                case 2: return (n, a, s) -> {
                    for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                        Raw.putShort(q, Raw.getShort(p));
                    }
                };
                case 4: return (n, a, s) -> {
                    for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                        Raw.putInt(q, Raw.getInt(p));
                    }
                };
                default: return (n, a, s) -> {
                    for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                        Raw.putLong(q, Raw.getLong(p));
                    }
                };
            }
        }
        if (st == DataType.FLOAT32 && dt == DataType.FLOAT64) {
            return (n, a, s) -> {
                for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                    Raw.putDouble(q, Raw.getFloat(p));
                }
            };
        }
        if (st == DataType.FLOAT64 && dt == DataType.FLOAT32) {
            return (n, a, s) -> {
                for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                    Raw.putFloat(q, (float) Raw.getDouble(p));
                }
            };
        }
        boolean viaLong = st.isIntegral() && dt.isIntegral();
        if (viaLong) {
            return (n, a, s) -> {
                for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                    Access.putLong(dt, q, Access.getLong(st, p));
                }
            };
        }
        if (st == DataType.INT64 && dt.isFloatingPoint()) {
            return (n, a, s) -> {
                for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                    Access.putDouble(dt, q, (double) Raw.getLong(p));
                }
            };
        }
        return (n, a, s) -> {
            for (long i = 0, p = a[0], q = a[1]; i < n; i++, p += s[0], q += s[1]) {
                Access.putDouble(dt, q, Access.getDouble(st, p));
            }
        };
    }
}
