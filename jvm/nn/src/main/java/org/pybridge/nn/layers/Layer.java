package org.pybridge.nn.layers;

import java.util.Map;
import org.pybridge.nn.LayerConfig;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.NDArray;

/**
 * A built layer: it knows its input shape, owns its parameters and computes its output with
 * autodiff ops. Created by {@link LayerConfig#instantiate} once the input shape is known
 * (build), then called many times ({@link #forward}); shapes exclude the batch dimension.
 *
 * <p>A layer holds no per-call state: everything a call needs comes in its
 * {@link LayerContext}, so one layer may serve many threads at once in inference (parameters
 * are only read). Training mutates parameters and is single-threaded.
 *
 * <pre>{@code
 * try (Layer dense = config.instantiate(new LayerSetup(0, new long[] {784}, DataType.FLOAT32,
 *         new Generator(1)))) {
 *     Variable y = dense.forward(x, LayerContext.inference(dense));
 * }
 * }</pre>
 */
public interface Layer extends AutoCloseable {

    /** The layer's position in its network. */
    int index();

    LayerConfig config();

    /** The shape of one input example (batch excluded). */
    long[] inputShape();

    /** The shape of one output example (batch excluded). */
    long[] outputShape();

    /**
     * The parameters by name ({@code "W"}, {@code "b"}, {@code "gamma"}, ...) in a fixed order.
     * The layer owns the arrays (do not close them); writing into them changes the layer.
     */
    Map<String, NDArray> params();

    /** Whether the updater trains this parameter (batch-norm running statistics: no). */
    boolean isTrainable(String param);

    /**
     * Whether this parameter is bias-like (biases, batch-norm gamma and beta): regularisation
     * applies to it only when the configuration asks for it on biases.
     */
    boolean isBias(String param);

    /**
     * The layer's output for a batch {@code x}. Results belong to the open tape, or to the
     * returned variable when none is open (wrap calls in {@code Tape.compose}).
     */
    Variable forward(Variable x, LayerContext context);

    /** Closes the parameters. */
    @Override
    void close();
}
