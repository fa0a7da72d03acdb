package org.pybridge.tensor.internal;

/**
 * Native element-wise kernels for the engine's other modules (the Nesterov and Adam updaters
 * of {@code org.pybridge.nn}), vectorised with AVX2 by gcc. Each computes exactly what its Java
 * counterpart computes, operation for operation in IEEE single precision (the library is built
 * with {@code -ffp-contract=off}, so no multiply-add is fused), so results do not depend on
 * which path ran. Callers check {@link #available()} and keep their Java loop otherwise.
 *
 * <pre>{@code
 * if (NativeKernels.available()) {
 *     NativeKernels.nesterov32(n, param, grad, velocity, 0.01f, 0.9f);
 * }
 * }</pre>
 */
public final class NativeKernels {
    private static final boolean AVAILABLE = NativeLibrary.problem() == null;

    private NativeKernels() {
    }

    /** Whether the native kernels are loaded (see {@link NativeLibrary}). */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * Nesterov momentum over n float32 values at raw addresses:
     * {@code v = mu * v + g; p = p - lr * (g + mu * v)}.
     */
    public static native void nesterov32(long n, long p, long g, long v, float lr, float mu);

    /**
     * Adam over n float32 values at raw addresses: {@code m += c1 * (g - m);
     * v = b2 * v + c2 * g * g; p -= step * (m / (sqrt(v) * invBc2Sqrt + eps))}.
     */
    public static native void adam32(long n, long p, long g, long m, long v, float c1, float b2,
            float c2, float step, float invBc2Sqrt, float eps);
}
