package org.pybridge.nn.autodiff;

import static org.pybridge.nn.autodiff.OpSupport.grads;

import java.util.Arrays;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Differentiable changes of shape: reshape, transpose, broadcast, slicing and concatenation.
 * Results are views of their input where the tensor core allows (no copy); never write into
 * them. Each method holds its forward computation and its backward rule.
 *
 * <pre>{@code
 * Variable flat = ShapeOps.reshape(images, -1, 784);
 * Variable both = ShapeOps.concat(1, left, right);
 * }</pre>
 */
public final class ShapeOps {
    private ShapeOps() {
    }

    /** The same elements in a new shape (one size may be -1); d/dx = g reshaped back. */
    public static Variable reshape(Variable x, long... shape) {
        long[] inShape = x.shape();
        NDArray y = x.value().reshape(shape);
        return Tape.record("reshape", y, g -> grads(g.reshape(inShape)), x);
    }

    /** Reverses the axes (the matrix transpose for 2-d); d/dx = g transposed back. */
    public static Variable transpose(Variable x) {
        NDArray y = x.value().transpose();
        return Tape.record("transpose", y, g -> grads(g.transpose()), x);
    }

    /** Reorders the axes: result axis i is input axis {@code axes[i]}; d/dx = g permuted back. */
    public static Variable permute(Variable x, int... axes) {
        NDArray y = x.value().permute(axes);
        int n = axes.length;
        int[] inverse = new int[n];
        for (int i = 0; i < n; i++) {
            inverse[axes[i] < 0 ? axes[i] + n : axes[i]] = i;
        }
        return Tape.record("permute", y, g -> grads(g.permute(inverse)), x);
    }

    /** numpy broadcasting to {@code shape}; d/dx = g summed over the broadcast axes. */
    public static Variable broadcastTo(Variable x, long... shape) {
        NDArray y = x.value().broadcastTo(shape);
        // The tape sums a gradient in the broadcast shape back to the input's shape.
        return Tape.record("broadcast_to", y, g -> grads(g), x);
    }

    /** Inserts a size-1 axis at {@code axis}; d/dx = g without that axis. */
    public static Variable expandDims(Variable x, int axis) {
        long[] inShape = x.shape();
        NDArray y = x.value().expandDims(axis);
        return Tape.record("expand_dims", y, g -> grads(g.reshape(inShape)), x);
    }

    /** Removes the given size-1 axes (all size-1 axes when none given). */
    public static Variable squeeze(Variable x, int... axes) {
        long[] inShape = x.shape();
        NDArray y = x.value().squeeze(axes);
        return Tape.record("squeeze", y, g -> grads(g.reshape(inShape)), x);
    }

    /**
     * Python-style slice {@code [start:stop:step]} along {@code axis} ({@code Long.MIN_VALUE}
     * for an omitted bound); d/dx = g placed into the sliced positions, 0 elsewhere.
     */
    public static Variable slice(Variable x, int axis, long start, long stop, long step) {
        long[] inShape = x.shape();
        NDArray y = x.value().slice(axis, start, stop, step);
        return Tape.record("slice", y, g -> {
            NDArray dx = NDArray.zeros(g.dtype(), inShape);
            dx.slice(axis, start, stop, step).assign(g);
            return grads(dx);
        }, x);
    }

    /** Index {@code index} along {@code axis}, dropping the axis; d/dx = g placed at index. */
    public static Variable select(Variable x, int axis, long index) {
        long[] inShape = x.shape();
        NDArray y = x.value().select(axis, index);
        return Tape.record("select", y, g -> {
            NDArray dx = NDArray.zeros(g.dtype(), inShape);
            dx.select(axis, index).assign(g);
            return grads(dx);
        }, x);
    }

    /**
     * Joins variables along an existing axis; all other sizes must match. The result has the
     * promoted dtype. d/d(part i) = the matching slice of g.
     */
    public static Variable concat(int axis, Variable... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one variable.");
        }
        long[] first = parts[0].shape();
        int ndim = first.length;
        int ax = Axes.normalize(new int[] {axis}, ndim, "concat")[0];
        long[] outShape = first.clone();
        long[] offsets = new long[parts.length + 1];
        DataType type = parts[0].dtype();
        for (int i = 0; i < parts.length; i++) {
            long[] s = parts[i].shape();
            boolean ok = s.length == ndim;
            for (int d = 0; ok && d < ndim; d++) {
                ok = d == ax || s[d] == first[d];
            }
            if (!ok) {
                throw new ShapeException("concat along axis " + axis + ": part " + i + " has shape "
                        + Arrays.toString(s) + " but part 0 has shape " + Arrays.toString(first)
                        + "; all sizes except along the axis must match.");
            }
            offsets[i + 1] = offsets[i] + s[ax];
            if (i > 0) {
                type = DataType.promote(type, parts[i].dtype());
            }
        }
        outShape[ax] = offsets[parts.length];
        NDArray y = NDArray.empty(type, outShape);
        try {
            for (int i = 0; i < parts.length; i++) {
                try (NDArray dst = y.slice(ax, offsets[i], offsets[i + 1], 1)) {
                    dst.assign(parts[i].value());
                }
            }
        } catch (RuntimeException e) {
            y.close();
            throw e;
        }
        return Tape.record("concat", y, g -> {
            NDArray[] out = new NDArray[parts.length];
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].requiresGrad()) {
                    out[i] = g.slice(ax, offsets[i], offsets[i + 1], 1);
                }
            }
            return out;
        }, parts);
    }
}
