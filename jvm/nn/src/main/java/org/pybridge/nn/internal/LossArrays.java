package org.pybridge.nn.internal;

import java.util.Arrays;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.NDArrays;
import org.pybridge.tensor.ShapeException;

/**
 * Validates and shapes the arrays a loss is scored with (labels, per-output weights,
 * per-example masks, class ids); each method returns a new handle in the predictions' dtype,
 * which the caller owns. Messages name the loss, the shapes and the fix.
 */
public final class LossArrays {
    private LossArrays() {
    }

    /** Labels shaped like the predictions, or one-hot rows from class ids when asked. */
    public static NDArray labels(String loss, NDArray labels, long[] shape, DataType type,
            boolean classIds) {
        if (labels == null) {
            throw new IllegalArgumentException(loss + ": labels are required.");
        }
        if (classIds) {
            return oneHot(loss, labels, shape[0], shape[1], type);
        }
        if (!Arrays.equals(labels.shape(), shape)) {
            throw new ShapeException(loss + ": labels have shape "
                    + Arrays.toString(labels.shape()) + " but predictions have shape "
                    + Arrays.toString(shape) + "; they must be equal"
                    + (labels.ndim() == 1 ? " (class ids need sparse_mcxent)." : "."));
        }
        return labels.cast(type);
    }

    /** Per-output weights (k values) as a (1, k) row. */
    public static NDArray weights(String loss, NDArray weights, long k, DataType type) {
        if (weights.size() != k || weights.ndim() > 2
                || (weights.ndim() == 2 && weights.shape(0) != 1)) {
            throw new ShapeException(loss + ": weights have shape "
                    + Arrays.toString(weights.shape()) + " but there are " + k + " outputs;"
                    + " pass one weight per output, shape (" + k + ",).");
        }
        try (NDArray row = weights.reshape(1, k)) {
            return row.cast(type);
        }
    }

    /** A per-example mask (n values) as an (n, 1) column. */
    public static NDArray mask(String loss, NDArray mask, long n, DataType type) {
        if (mask.size() != n || mask.ndim() > 2 || (mask.ndim() == 2 && mask.shape(1) != 1)) {
            throw new ShapeException(loss + ": the mask has shape "
                    + Arrays.toString(mask.shape()) + " but there are " + n + " examples; pass"
                    + " one value per example, shape (" + n + ",) or (" + n + ", 1).");
        }
        try (NDArray column = mask.reshape(n, 1)) {
            return column.cast(type);
        }
    }

    /** One-hot (n, k) rows from n integer class ids. */
    public static NDArray oneHot(String loss, NDArray classIds, long n, long k, DataType type) {
        if (classIds.size() != n || classIds.ndim() > 2
                || (classIds.ndim() == 2 && classIds.shape(1) != 1)) {
            throw new ShapeException(loss + ": class ids have shape "
                    + Arrays.toString(classIds.shape()) + " but there are " + n + " examples;"
                    + " pass one class id per example, shape (" + n + ",).");
        }
        if (classIds.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(loss + ": class ids must be integers, got "
                    + classIds.dtype().numpyName() + "; cast them to int32 or int64.");
        }
        try (NDArray column = classIds.reshape(n)) {
            return NDArrays.oneHot(column, Math.toIntExact(k), type);
        }
    }
}
