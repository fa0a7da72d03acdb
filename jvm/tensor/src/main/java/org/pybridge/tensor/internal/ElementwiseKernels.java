package org.pybridge.tensor.internal;

import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.UnaryOp;

/** Element-wise kernels: unary, binary with broadcasting, scalar variants, where, clip. */
public final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    public static NDArray unary(UnaryOp op, NDArray a) {
        throw new UnsupportedOperationException("TODO unary " + op);
    }

    public static void unaryInPlace(UnaryOp op, NDArray a) {
        throw new UnsupportedOperationException("TODO unaryInPlace " + op);
    }

    public static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        throw new UnsupportedOperationException("TODO binary " + op);
    }

    public static void binaryInPlace(BinaryOp op, NDArray a, NDArray b) {
        throw new UnsupportedOperationException("TODO binaryInPlace " + op);
    }

    public static NDArray binaryScalar(BinaryOp op, NDArray a, double scalar,
            boolean scalarIsFloat, boolean reversed) {
        throw new UnsupportedOperationException("TODO binaryScalar " + op);
    }

    public static void binaryScalarInPlace(BinaryOp op, NDArray a, double scalar) {
        throw new UnsupportedOperationException("TODO binaryScalarInPlace " + op);
    }

    public static NDArray clip(NDArray a, double min, double max) {
        throw new UnsupportedOperationException("TODO clip");
    }

    public static NDArray where(NDArray condition, NDArray x, NDArray y) {
        throw new UnsupportedOperationException("TODO where");
    }
}
