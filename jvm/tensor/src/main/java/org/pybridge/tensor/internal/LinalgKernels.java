package org.pybridge.tensor.internal;

import org.pybridge.tensor.NDArray;

/** Matrix products through native BLAS (OpenBLAS via the bytedeco presets). */
public final class LinalgKernels {
    private LinalgKernels() {
    }

    public static NDArray matmul(NDArray a, NDArray b) {
        throw new UnsupportedOperationException("TODO matmul");
    }

    public static NDArray dot(NDArray a, NDArray b) {
        throw new UnsupportedOperationException("TODO dot");
    }

    public static NDArray outer(NDArray a, NDArray b) {
        throw new UnsupportedOperationException("TODO outer");
    }
}
