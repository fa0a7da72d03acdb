package org.pybridge.nn.layers;

import java.util.List;
import org.pybridge.nn.ActivationFunction;
import org.pybridge.nn.LayerConfig;
import org.pybridge.nn.LossFunction;
import org.pybridge.nn.WeightInitScheme;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.NDArray;

/** The built output layer: a dense layer scored by its loss (fused with softmax/sigmoid). */
public final class OutputImpl extends DenseImpl implements ScoringLayer {
    private final LossFunction loss;
    private final NDArray lossWeights;

    public OutputImpl(LayerSetup setup, LayerConfig config, long nIn, long nOut,
            ActivationFunction activation, WeightInitScheme weightInit, double biasInit,
            boolean hasBias, double dropout, LossFunction loss, List<Double> lossWeights) {
        super(setup, config, nIn, nOut, activation, weightInit, biasInit, hasBias, dropout);
        this.loss = loss;
        this.lossWeights = LossLayerImpl.weightsArray(lossWeights, dataType());
    }

    @Override
    public Variable score(Variable x, LayerContext context, NDArray labels, NDArray mask) {
        return Tape.compose(() -> loss.score(preOutput(x, context), activation(),
                context.training(), context.random(), labels, lossWeights, mask));
    }

    @Override
    protected void closeExtra() {
        if (lossWeights != null) {
            lossWeights.close();
        }
    }
}
