package org.pybridge.nn.layers;

import org.pybridge.nn.ActivationFunction;
import org.pybridge.nn.LayerConfig;
import org.pybridge.nn.WeightInitScheme;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.NDArray;

/**
 * The built dense layer: {@code activation(dropout(x) @ W + b)}; the affine part is one GEMM
 * plus an in-place bias add ({@link NNOps#linear}).
 */
public class DenseImpl extends AbstractLayer {
    private final ActivationFunction activation;
    private final double dropout;
    private final boolean hasBias;

    public DenseImpl(LayerSetup setup, LayerConfig config, long nIn, long nOut,
            ActivationFunction activation, WeightInitScheme weightInit, double biasInit,
            boolean hasBias, double dropout) {
        super(setup, config);
        this.activation = activation;
        this.dropout = dropout;
        this.hasBias = hasBias;
        building(() -> {
            addParam("W", weightInit.init(nIn, nOut, dataType(), setup.random(), nIn, nOut));
            if (hasBias) {
                addParam("b", NDArray.full(dataType(), biasInit, nOut));
            }
        });
    }

    /** {@code dropout(x) @ W + b}, before the activation. */
    protected Variable preOutput(Variable x, LayerContext context) {
        return Tape.compose(() -> {
            Variable in = x;
            if (context.training() && dropout > 0) {
                in = NNOps.dropout(x, dropout, context.random());
            }
            return NNOps.linear(in, context.param("W"), hasBias ? context.param("b") : null);
        });
    }

    protected ActivationFunction activation() {
        return activation;
    }

    @Override
    public Variable forward(Variable x, LayerContext context) {
        return Tape.compose(() -> activation.apply(preOutput(x, context), context.training(),
                context.random()));
    }
}
