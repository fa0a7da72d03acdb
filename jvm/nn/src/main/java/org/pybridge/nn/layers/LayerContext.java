package org.pybridge.nn.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/**
 * Everything one forward call of one layer needs: the variables standing for its parameters,
 * whether this is a training pass, the generator for dropout masks and random slopes, and
 * whether batch-norm may update its running statistics.
 *
 * <p>Training wraps parameters as trainable {@link Variable#parameter} leaves so that the tape
 * computes their gradients; inference wraps them as constants, so nothing is recorded.
 *
 * <pre>{@code
 * Variable y = layer.forward(x, LayerContext.inference(layer));
 * }</pre>
 */
public final class LayerContext {
    private final Map<String, Variable> params;
    private final boolean training;
    private final Generator random;
    private final boolean updateStatistics;

    public LayerContext(Map<String, Variable> params, boolean training, Generator random,
            boolean updateStatistics) {
        this.params = params;
        this.training = training;
        this.random = random;
        this.updateStatistics = updateStatistics;
        if (training && random == null) {
            throw new IllegalArgumentException("A training pass needs a Generator for dropout"
                    + " and random activations.");
        }
    }

    /** An inference context over the layer's own parameters (as constants). */
    public static LayerContext inference(Layer layer) {
        return new LayerContext(constants(layer), false, null, false);
    }

    /** The layer's parameters wrapped as constants (no gradients). */
    public static Map<String, Variable> constants(Layer layer) {
        Map<String, Variable> m = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : layer.params().entrySet()) {
            m.put(e.getKey(), Variable.constant(e.getValue()));
        }
        return m;
    }

    /** The variable for parameter {@code name}. */
    public Variable param(String name) {
        Variable v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("No parameter '" + name + "' in this context;"
                    + " it has " + params.keySet() + ".");
        }
        return v;
    }

    /** Whether this is a training pass (dropout active, batch statistics). */
    public boolean training() {
        return training;
    }

    /** The generator for training-time randomness (null in inference). */
    public Generator random() {
        return random;
    }

    /** Whether batch normalisation should fold this batch into its running statistics. */
    public boolean updateStatistics() {
        return updateStatistics;
    }
}
