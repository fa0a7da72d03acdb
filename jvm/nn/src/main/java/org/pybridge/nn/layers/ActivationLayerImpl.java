package org.pybridge.nn.layers;

import org.pybridge.nn.ActivationLayer;
import org.pybridge.nn.autodiff.Variable;

/** The built activation layer. */
public final class ActivationLayerImpl extends AbstractLayer {
    private final ActivationLayer config;

    public ActivationLayerImpl(LayerSetup setup, ActivationLayer config) {
        super(setup, config);
        this.config = config;
    }

    @Override
    public Variable forward(Variable x, LayerContext context) {
        return config.activation().apply(x, context.training(), context.random());
    }
}
