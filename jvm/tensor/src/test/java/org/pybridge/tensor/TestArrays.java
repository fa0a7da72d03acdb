package org.pybridge.tensor;

import java.util.Random;
import java.util.function.Consumer;

/** Small helpers the op tests share: building inputs and walking indices. */
final class TestArrays {
    private TestArrays() {
    }

    /** 0, 1, 2, ... in the given dtype and shape (C order). */
    static NDArray range(DataType type, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        try (NDArray flat = NDArray.arange(0, n, 1, type)) {
            return flat.reshape(shape);
        }
    }

    /** Random small integers in [0, bound) (so that sorting meets ties), stored in any dtype. */
    static NDArray randomInts(DataType type, long seed, int bound, long... shape) {
        NDArray a = NDArray.empty(type, shape);
        Random r = new Random(seed);
        forEachIndex(shape, idx -> a.setDouble(r.nextInt(bound), idx));
        return a;
    }

    /** Random values in [-1, 1) rounded to the dtype, some negative zeros and ties included. */
    static NDArray randomReals(DataType type, long seed, long... shape) {
        NDArray a = NDArray.empty(type, shape);
        Random r = new Random(seed);
        forEachIndex(shape, idx -> {
            int pick = r.nextInt(10);
            double v = pick == 0 ? -0.0 : pick == 1 ? 0.5 : r.nextDouble() * 2 - 1;
            a.setDouble(v, idx);
        });
        return a;
    }

    /** A non-contiguous view with the same contents as {@code a} (a transposed copy). */
    static NDArray nonContiguous(NDArray a) {
        long[] s = a.shape();
        long[] rev = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            rev[i] = s[s.length - 1 - i];
        }
        try (NDArray buf = NDArray.empty(a.dtype(), rev); NDArray t = a.transpose()) {
            buf.assign(t);
            return buf.transpose();
        }
    }

    /** Calls {@code body} with every index of {@code shape} in C order (the array is reused). */
    static void forEachIndex(long[] shape, Consumer<long[]> body) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        long[] idx = new long[shape.length];
        for (long k = 0; k < n; k++) {
            body.accept(idx);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    static long[] with(long[] idx, int axis, long value) {
        long[] out = idx.clone();
        out[axis] = value;
        return out;
    }
}
