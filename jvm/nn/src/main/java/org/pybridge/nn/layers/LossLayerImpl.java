package org.pybridge.nn.layers;

import java.util.List;
import org.pybridge.nn.LossLayer;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** The built loss layer: activation, then the loss in training. */
public final class LossLayerImpl extends AbstractLayer implements ScoringLayer {
    private final LossLayer config;
    private final NDArray lossWeights;

    public LossLayerImpl(LayerSetup setup, LossLayer config) {
        super(setup, config);
        this.config = config;
        this.lossWeights = weightsArray(config.lossWeights(), dataType());
    }

    /** Per-output loss weights as an array of the network's dtype, or null. */
    static NDArray weightsArray(List<Double> weights, DataType dtype) {
        if (weights == null) {
            return null;
        }
        double[] w = weights.stream().mapToDouble(Double::doubleValue).toArray();
        try (NDArray d = NDArray.create(w, w.length)) {
            return d.cast(dtype);
        }
    }

    @Override
    public Variable forward(Variable x, LayerContext context) {
        return config.activation().apply(x, context.training(), context.random());
    }

    @Override
    public Variable score(Variable x, LayerContext context, NDArray labels, NDArray mask) {
        return Tape.compose(() -> config.loss().score(x, config.activation(), context.training(),
                context.random(), labels, lossWeights, mask));
    }

    @Override
    protected void closeExtra() {
        if (lossWeights != null) {
            lossWeights.close();
        }
    }
}
