package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * Cumulative sums and products. A C-contiguous input of the result type is scanned straight into
 * the result; any other input is first copied into the result (converted, C-contiguous) and
 * scanned in place. Each step rounds to the result type just as numpy's accumulate does (float32
 * adds in float32, float16 rounds after every add), so results match numpy bit for bit; integers
 * wrap in int64.
 */
final class ScanKernels {
    private ScanKernels() {
    }

    static NDArray scan(boolean product, NDArray a, int axis) {
        int ax = Shapes.axis(axis, a.ndim());
        DataType t = a.dtype().isFloatingPoint() ? a.dtype() : DataType.INT64;
        boolean direct = a.dtype() == t && a.isContiguous();
        NDArray out = direct ? NDArray.empty(t, a.shape())
                : a.dtype() == t ? a.dup() : a.cast(t);
        try {
            long[] s = out.shape();
            long outer = Shapes.size(java.util.Arrays.copyOfRange(s, 0, ax));
            long inner = Shapes.size(java.util.Arrays.copyOfRange(s, ax + 1, s.length));
            long len = s[ax];
            if (out.size() == 0) {
                return out;
            }
            long item = t.byteSize();
            long dst = out.address();
            long src = direct ? a.address() : dst;
            long block = len * inner * item;
            if (inner == 1) {
                Parallel.forRange(outer, outer * len, (from, to) -> {
                    for (long o = from; o < to; o++) {
                        scanRow(product, t, src + o * block, dst + o * block, len);
                    }
                });
            } else if (outer >= Parallel.threads()) {
                Parallel.forRange(outer, outer * len * inner, (from, to) -> {
                    for (long o = from; o < to; o++) {
                        scanRows(product, t, src + o * block, dst + o * block, len, inner, 0,
                                inner);
                    }
                });
            } else {
                for (long o = 0; o < outer; o++) {
                    long from0 = src + o * block;
                    long to0 = dst + o * block;
                    Parallel.forRange(inner, len * inner,
                            (from, to) -> scanRows(product, t, from0, to0, len, inner, from, to));
                }
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /** Scans one contiguous run of {@code n >= 1} elements from {@code src} into {@code dst}. */
    private static void scanRow(boolean product, DataType t, long src, long dst, long n) {
        switch (t) {
            case FLOAT32: {
                float acc = Raw.getFloat(src);
                Raw.putFloat(dst, acc);
                for (long i = 1; i < n; i++) {
                    float x = Raw.getFloat(src + 4 * i);
                    acc = product ? acc * x : acc + x;
                    Raw.putFloat(dst + 4 * i, acc);
                }
                return;
            }
            case FLOAT64: {
                double acc = Raw.getDouble(src);
                Raw.putDouble(dst, acc);
                for (long i = 1; i < n; i++) {
                    double x = Raw.getDouble(src + 8 * i);
                    acc = product ? acc * x : acc + x;
                    Raw.putDouble(dst + 8 * i, acc);
                }
                return;
            }
            case INT64: {
                long acc = Raw.getLong(src);
                Raw.putLong(dst, acc);
                for (long i = 1; i < n; i++) {
                    long x = Raw.getLong(src + 8 * i);
                    acc = product ? acc * x : acc + x;
                    Raw.putLong(dst + 8 * i, acc);
                }
                return;
            }
            default: {
                // float16 / bfloat16: compute in float, round to the type after each step
                long item = t.byteSize();
                Access.putDouble(t, dst, Access.getDouble(t, src));
                float acc = (float) Access.getDouble(t, dst);
                for (long i = 1; i < n; i++) {
                    float x = (float) Access.getDouble(t, src + item * i);
                    Access.putDouble(t, dst + item * i, product ? acc * x : acc + x);
                    acc = (float) Access.getDouble(t, dst + item * i);
                }
            }
        }
    }

    /**
     * Scans along the middle axis of contiguous (len, inner) blocks, for inner columns
     * {@code [from, to)}: each result row is the previous result row combined with the input row.
     */
    private static void scanRows(boolean product, DataType t, long src, long dst, long len,
            long inner, long from, long to) {
        long item = t.byteSize();
        long rowBytes = inner * item;
        long n = to - from;
        if (src != dst) {
            Raw.copy(src + from * item, dst + from * item, n * item);
        }
        for (long i = 1; i < len; i++) {
            long x = src + i * rowBytes + from * item;
            long y = dst + i * rowBytes + from * item;
            long prev = y - rowBytes;
            switch (t) {
                case FLOAT32:
                    for (long j = 0; j < n; j++) {
                        float a = Raw.getFloat(prev + 4 * j);
                        float b = Raw.getFloat(x + 4 * j);
                        Raw.putFloat(y + 4 * j, product ? a * b : a + b);
                    }
                    break;
                case FLOAT64:
                    for (long j = 0; j < n; j++) {
                        double a = Raw.getDouble(prev + 8 * j);
                        double b = Raw.getDouble(x + 8 * j);
                        Raw.putDouble(y + 8 * j, product ? a * b : a + b);
                    }
                    break;
                case INT64:
                    for (long j = 0; j < n; j++) {
                        long a = Raw.getLong(prev + 8 * j);
                        long b = Raw.getLong(x + 8 * j);
                        Raw.putLong(y + 8 * j, product ? a * b : a + b);
                    }
                    break;
                default:
                    for (long j = 0; j < n; j++) {
                        float a = (float) Access.getDouble(t, prev + item * j);
                        float b = (float) Access.getDouble(t, x + item * j);
                        Access.putDouble(t, y + item * j, product ? a * b : a + b);
                    }
            }
        }
    }
}
