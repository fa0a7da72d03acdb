package org.pybridge.nn.layers;

import java.util.List;
import org.pybridge.nn.Activation;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.UnaryOp;
import org.pybridge.tensor.internal.LinalgKernels;
import org.pybridge.tensor.internal.ReduceKernels;

/**
 * Inference through a stack of dense layers without the tape: per layer one product into a
 * fresh buffer, the bias added and the activation applied in place.
 *
 * <p>It computes exactly what the taped forward pass computes (the same kernels in the same
 * order: {@code x @ W}, {@code + b}, then the activation), minus its bookkeeping: the parameter
 * variables, the tape, the per-op scopes and the out-of-place temporaries. For one example of
 * the 784-1000-10 MLP that bookkeeping cost about as much as the 3 MB product itself. Networks
 * this path does not cover (other layers or activations, dtypes other than float32/float64)
 * return null and take the taped path.
 *
 * <pre>{@code
 * NDArray y = DenseInference.output(layers, x);   // null: use the general forward pass
 * }</pre>
 */
public final class DenseInference {
    private DenseInference() {
    }

    /**
     * Whether every layer is a dense (or output) layer with an activation computed by one
     * in-place kernel; checked once per network.
     */
    public static boolean supports(List<Layer> layers) {
        if (layers.isEmpty()) {
            return false;
        }
        for (Layer l : layers) {
            if (!(l instanceof DenseImpl d) || !inPlace(d.activation().type())) {
                return false;
            }
            DataType t = d.dataType();
            if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
                return false;
            }
        }
        return true;
    }

    private static boolean inPlace(Activation a) {
        return a == Activation.IDENTITY || a == Activation.RELU || a == Activation.TANH
                || a == Activation.SIGMOID || a == Activation.SOFTMAX;
    }

    /**
     * The network's inference output for {@code x} (n, n_in) already in the layers' dtype; the
     * caller owns the result. Only for layers {@link #supports} accepts.
     */
    public static NDArray output(List<Layer> layers, NDArray x) {
        NDArray h = x;
        try {
            for (Layer l : layers) {
                NDArray next = dense((DenseImpl) l, h);
                if (h != x) {
                    h.close();
                }
                h = next;
            }
            return h;
        } catch (RuntimeException | Error e) {
            if (h != x) {
                h.close();
            }
            throw e;
        }
    }

    private static NDArray dense(DenseImpl layer, NDArray x) {
        NDArray w = layer.params().get("W");
        NDArray b = layer.params().get("b");
        long rows = x.shape(0);
        long units = w.shape(1);
        NDArray y = NDArray.empty(w.dtype(), rows, units);
        try {
            Activation act = layer.activation().type();
            // one example: product, bias and ReLU in one native pass where it applies
            boolean fused = rows == 1 && LinalgKernels.denseRow(x, w, b, act == Activation.RELU,
                    y);
            if (!fused) {
                LinalgKernels.gemm(false, false, 1.0, x, w, 0.0, y);
                if (b != null) {
                    try (NDArray row = b.reshape(1, units)) {
                        y.applyInPlace(BinaryOp.ADD, row);
                    }
                }
            }
            switch (act) {
                case RELU -> {
                    if (!fused) {
                        y.applyInPlace(UnaryOp.RELU);
                    }
                }
                case TANH -> y.applyInPlace(UnaryOp.TANH);
                case SIGMOID -> y.applyInPlace(UnaryOp.SIGMOID);
                case SOFTMAX -> ReduceKernels.softmaxRowsInPlace(y);
                default -> {
                    // identity
                }
            }
            return y;
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        }
    }
}
