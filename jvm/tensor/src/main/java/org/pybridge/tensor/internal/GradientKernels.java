package org.pybridge.tensor.internal;

import java.util.Arrays;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * Fused kernels for gradient rules whose op-by-op form costs several passes and temporaries.
 * Each handles the common case (float32/float64, contiguous operands of one shape) and returns
 * null otherwise, so that the rule falls back to its general composition.
 *
 * <pre>{@code
 * NDArray dx = GradientKernels.reluBackward(x, g);   // null: use where(x > 0, g, 0)
 * }</pre>
 */
public final class GradientKernels {
    private GradientKernels() {
    }

    /**
     * {@code where(x > 0, g, 0)} in one pass (instead of a bool mask, then a broadcasting
     * where); NaN in x gives 0, like the comparison. Null when the operands need the general
     * path.
     */
    public static NDArray reluBackward(NDArray x, NDArray g) {
        DataType t = g.dtype();
        if (x.dtype() != t || (t != DataType.FLOAT32 && t != DataType.FLOAT64)
                || !x.isContiguous() || !g.isContiguous()
                || !Arrays.equals(x.shape(), g.shape())) {
            return null;
        }
        NDArray out = NDArray.empty(t, g.shape());
        long n = out.size();
        long xa = x.address();
        long ga = g.address();
        long oa = out.address();
        if (t == DataType.FLOAT32) {
            Parallel.forRange(n, n, (from, to) -> {
                for (long i = from; i < to; i++) {
                    long off = 4 * i;
                    // Without a branch (x's sign is a coin flip: a branch mispredicts half the
                    // time): keep g's bits where 0 < bits(x) <= bits(+inf), i.e. x > 0.
                    int b = Raw.getInt(xa + off);
                    long keep = ((0L - b) >> 63) & ((b - 0x7f800001L) >> 63);
                    Raw.putInt(oa + off, Raw.getInt(ga + off) & (int) keep);
                }
            });
        } else {
            Parallel.forRange(n, n, (from, to) -> {
                for (long i = from; i < to; i++) {
                    long off = 8 * i;
                    Raw.putDouble(oa + off, Raw.getDouble(xa + off) > 0
                            ? Raw.getDouble(ga + off) : 0.0);
                }
            });
        }
        return out;
    }
}
