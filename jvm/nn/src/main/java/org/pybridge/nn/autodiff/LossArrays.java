package org.pybridge.nn.autodiff;

import java.util.Arrays;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/** Shapes the optional arrays of a loss: per-output weights, per-example masks, class ids. */
final class LossArrays {
    private LossArrays() {
    }

    /** Per-output weights of k values, as a new (1, k) handle of {@code type}. */
    static NDArray perOutput(NDArray weights, long k, DataType type, String op) {
        if (weights.size() != k || (weights.ndim() == 2 && weights.shape(0) != 1)
                || weights.ndim() > 2) {
            throw new ShapeException(op + ": weights have shape "
                    + Arrays.toString(weights.shape()) + " but there are " + k + " outputs;"
                    + " pass one weight per output, shape (" + k + ",).");
        }
        try (NDArray row = weights.reshape(1, k)) {
            return row.cast(type);
        }
    }

    /** A per-example mask of n values, as a new (n, 1) handle of {@code type}. */
    static NDArray perExample(NDArray mask, long n, DataType type, String op) {
        if (mask.size() != n || mask.ndim() > 2 || (mask.ndim() == 2 && mask.shape(1) != 1)) {
            throw new ShapeException(op + ": the mask has shape " + Arrays.toString(mask.shape())
                    + " but there are " + n + " examples; pass one value per example, shape ("
                    + n + ",) or (" + n + ", 1).");
        }
        try (NDArray column = mask.reshape(n, 1)) {
            return column.cast(type);
        }
    }

    /** One-hot rows of width k from n integer class ids (shape (n) or (n, 1)). */
    static NDArray oneHot(NDArray classIds, long n, long k, DataType type, String op) {
        if (classIds.size() != n || classIds.ndim() > 2
                || (classIds.ndim() == 2 && classIds.shape(1) != 1)) {
            throw new ShapeException(op + ": class ids have shape "
                    + Arrays.toString(classIds.shape()) + " but there are " + n + " examples;"
                    + " pass one class id per example, shape (" + n + ",).");
        }
        if (classIds.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": class ids must be integers, got "
                    + classIds.dtype().numpyName() + "; cast them to int32 or int64.");
        }
        long[] ids = classIds.toLongArray();
        NDArray out = NDArray.zeros(type, n, k);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= k) {
                out.close();
                throw new IndexOutOfBoundsException(op + ": class id " + ids[i] + " of example "
                        + i + " is outside 0.." + (k - 1) + " for " + k + " classes.");
            }
            out.setDouble(1.0, i, ids[i]);
        }
        return out;
    }
}
