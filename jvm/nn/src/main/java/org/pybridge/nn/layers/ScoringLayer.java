package org.pybridge.nn.layers;

import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.NDArray;

/**
 * A layer that ends a network and scores its output against labels: an output layer (dense +
 * loss) or a loss layer. Training calls {@link #score} instead of {@link #forward}, so that
 * activation and loss can run as one fused op (softmax + cross-entropy).
 */
public interface ScoringLayer extends Layer {

    /**
     * The mean loss of this layer's output for input {@code x} against {@code labels}, as a 0-d
     * variable (regularisation not included).
     *
     * @param labels (n, k) targets, or class ids for sparse losses
     * @param mask   per-example mask (n) or (n, 1), or null
     */
    Variable score(Variable x, LayerContext context, NDArray labels, NDArray mask);
}
