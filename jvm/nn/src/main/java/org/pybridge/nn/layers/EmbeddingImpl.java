package org.pybridge.nn.layers;

import org.pybridge.nn.Embedding;
import org.pybridge.nn.autodiff.MathOps;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/** The built embedding layer: row lookup in W (plus b), then the activation. */
public final class EmbeddingImpl extends AbstractLayer {
    private final Embedding config;

    public EmbeddingImpl(LayerSetup setup, Embedding config) {
        super(setup, config);
        this.config = config;
        building(() -> {
            addParam("W", config.weightInit().init(config.nIn(), config.nOut(), dataType(),
                    setup.random(), config.nIn(), config.nOut()));
            if (config.hasBias()) {
                addParam("b", NDArray.full(dataType(), config.biasInit(), config.nOut()));
            }
        });
    }

    @Override
    public Variable forward(Variable x, LayerContext context) {
        NDArray in = x.value();
        long n = in.ndim() == 0 ? 1 : in.shape(0);
        if (in.size() != n || in.ndim() > 2) {
            throw new ShapeException("Embedding layer " + index() + " reads one class id per"
                    + " example, shape (n,) or (n, 1); got a batch of shape "
                    + ShapeText.of(in.shape()) + ".");
        }
        // Integral floats are accepted (data often arrives as float); the copy is closed at
        // once because the embedding op keeps its own handle on the ids.
        try (NDArray ids = in.dtype().isFloatingPoint() ? in.cast(DataType.INT64)
                : in.reshape(n)) {
            try (NDArray flat = ids.reshape(n)) {
                return Tape.compose(() -> {
                    Variable rows = NNOps.embedding(context.param("W"), flat);
                    if (config.hasBias()) {
                        rows = MathOps.add(rows, context.param("b"));
                    }
                    return config.activation().apply(rows, context.training(), context.random());
                });
            }
        }
    }
}
