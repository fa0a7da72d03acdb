package org.pybridge.nn.layers;

import org.pybridge.nn.DropoutLayer;
import org.pybridge.nn.autodiff.MathOps;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.autodiff.Variable;

/** The built dropout layer: inverted dropout in training, identity at inference. */
public final class DropoutLayerImpl extends AbstractLayer {
    private final double rate;

    public DropoutLayerImpl(LayerSetup setup, DropoutLayer config) {
        super(setup, config);
        this.rate = config.rate();
    }

    @Override
    public Variable forward(Variable x, LayerContext context) {
        if (!context.training()) {
            return MathOps.identity(x);
        }
        return NNOps.dropout(x, rate, context.random());
    }
}
