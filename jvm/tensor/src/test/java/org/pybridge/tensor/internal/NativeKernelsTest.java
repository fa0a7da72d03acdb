package org.pybridge.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * The native updater kernels give bit-for-bit what the Java loops they replace give (same
 * operations, nothing fused), on ordinary values, the vector tails, zeros, denormals, infinities
 * and NaN.
 */
class NativeKernelsTest {

    private static float[] values(Random rnd, int n) {
        float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 50 == 7 ? specials[(i / 50) % specials.length]
                    : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
        }
        return v;
    }

    /** The same float, bit for bit (any NaN equals any NaN). */
    private static void sameBits(float want, float got, String what, int i, int n) {
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got),
                what + " at " + i + " of " + n);
    }

    @Test
    void nesterovMatchesTheJavaLoopBitForBit() {
        assertTrue(NativeKernels.available(), NativeLibrary.problem());
        Random rnd = new Random(3);
        for (int n : new int[] {1, 7, 8, 9, 31, 1000, 100_003}) {
            float[] p = values(rnd, n);
            float[] g = values(rnd, n);
            float[] v = values(rnd, n);
            float lr = 0.01f;
            float mu = 0.9f;
            try (NDArray tp = NDArray.create(p, n); NDArray tg = NDArray.create(g, n);
                 NDArray tv = NDArray.create(v, n)) {
                NativeKernels.nesterov32(n, tp.address(), tg.address(), tv.address(), lr, mu);
                float[] gotP = tp.toFloatArray();
                float[] gotV = tv.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float vi = mu * v[i] + g[i];
                    float pi = p[i] - lr * (g[i] + mu * vi);
                    sameBits(vi, gotV[i], "v", i, n);
                    sameBits(pi, gotP[i], "p", i, n);
                }
            }
        }
    }

    @Test
    void adamMatchesTheJavaLoopBitForBit() {
        Random rnd = new Random(4);
        for (int n : new int[] {1, 7, 8, 9, 1000, 100_003}) {
            float[] p = values(rnd, n);
            float[] g = values(rnd, n);
            float[] m = values(rnd, n);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = Math.abs(rnd.nextFloat()) * (i % 13 == 0 ? 0 : 1e-3f);
            }
            float c1 = 0.1f;
            float b2 = 0.999f;
            float c2 = 0.001f;
            float step = 1e-3f / 0.1f;
            float inv = (float) (1 / Math.sqrt(0.001));
            float eps = 1e-8f;
            try (NDArray tp = NDArray.create(p, n); NDArray tg = NDArray.create(g, n);
                 NDArray tm = NDArray.create(m, n); NDArray tv = NDArray.create(v, n)) {
                NativeKernels.adam32(n, tp.address(), tg.address(), tm.address(), tv.address(),
                        c1, b2, c2, step, inv, eps);
                float[] gotP = tp.toFloatArray();
                float[] gotM = tm.toFloatArray();
                float[] gotV = tv.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float mi = m[i];
                    mi += c1 * (g[i] - mi);
                    float vi = b2 * v[i] + c2 * g[i] * g[i];
                    float d = (float) Math.sqrt(vi) * inv + eps;
                    float pi = p[i] - step * (mi / d);
                    sameBits(mi, gotM[i], "m", i, n);
                    sameBits(vi, gotV[i], "v", i, n);
                    sameBits(pi, gotP[i], "p", i, n);
                }
            }
        }
    }

    @Test
    void emptyInputIsANoOp() {
        try (NDArray t = NDArray.full(DataType.FLOAT32, 1.0, 4)) {
            NativeKernels.nesterov32(0, t.address(), t.address(), t.address(), 1f, 1f);
            assertEquals(1.0f, t.toFloatArray()[0]);
        }
    }
}
