package org.pybridge.tensor;

import java.util.Random;
import java.util.function.Consumer;

/** Test inputs and index helpers shared by the op tests. */
final class TestArrays {
    private TestArrays() {
    }

    /**
     * Random values suited to the dtype: small integers (so products stay exact), 0/1 for bool,
     * and floats in [-2, 2) for float types.
     */
    static NDArray random(Random r, DataType t, long... shape) {
        int n = Math.toIntExact(org.pybridge.tensor.internal.Shapes.size(shape));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (t == DataType.BOOL) {
                v[i] = r.nextInt(4) == 0 ? 0 : 1;
            } else if (t == DataType.UINT8) {
                v[i] = r.nextInt(4);
            } else if (t.isIntegral()) {
                v[i] = r.nextInt(7) - 3;
            } else {
                v[i] = r.nextDouble() * 4 - 2;
            }
        }
        try (NDArray d = NDArray.create(v, shape)) {
            return d.cast(t);
        }
    }

    /** Runs {@code body} in a fresh scope, so every tensor it creates is closed afterwards. */
    static void inScope(Runnable body) {
        Scope scope = Scope.open();
        try {
            body.run();
        } finally {
            scope.close();
        }
    }

    /** C-order flat index of {@code idx} in {@code shape}. */
    static long flat(long[] idx, long[] shape) {
        long f = 0;
        for (int d = 0; d < shape.length; d++) {
            f = f * shape[d] + idx[d];
        }
        return f;
    }

    /** Multi-index of flat position {@code f} in {@code shape}. */
    static long[] unflat(long f, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : f % shape[d];
            f = shape[d] == 0 ? 0 : f / shape[d];
        }
        return idx;
    }

    /** Relative tolerance for comparing a result of this type with a double reference. */
    static double tolerance(DataType t) {
        switch (t) {
            case FLOAT64: return 1e-12;
            case FLOAT32: return 2e-6;
            case FLOAT16: return 2e-3;
            case BFLOAT16: return 1.6e-2;
            default: return 0;
        }
    }

    static boolean close(double expected, double actual, double tol) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        if (Double.isInfinite(expected)) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= tol * Math.max(1.0, Math.abs(expected));
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
