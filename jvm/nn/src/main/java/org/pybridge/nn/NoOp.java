package org.pybridge.nn;

import java.util.Map;
import org.pybridge.nn.internal.UpdateSupport;
import org.pybridge.tensor.NDArray;

/**
 * The updater that leaves parameters unchanged: for frozen layers. It keeps no state and has no
 * learning rate ({@link #learningRate()} is NaN).
 *
 * <pre>{@code
 * Updater frozen = new NoOp();   // {"type": "noop"}
 * }</pre>
 */
public record NoOp() implements Updater {
    private static final String[] KEYS = {};

    @Override
    public String jsonName() {
        return "noop";
    }

    @Override
    public Map<String, Object> toJson() {
        return UpdateSupport.toJson(jsonName(), KEYS);
    }

    static NoOp fromJson(Map<String, Object> json) {
        UpdateSupport.readJson("noop", json, KEYS, new double[0]);
        return new NoOp();
    }

    /** NaN: nothing is updated. */
    @Override
    public double learningRate() {
        return Double.NaN;
    }

    /** This updater, unchanged. */
    @Override
    public NoOp withLearningRate(double lr) {
        return this;
    }

    @Override
    public String[] stateNames() {
        return new String[0];
    }

    /** Checks the arguments and changes nothing. */
    @Override
    public void apply(NDArray param, NDArray grad, NDArray[] state, long iteration) {
        UpdateSupport.run(jsonName(), stateNames(), param, grad, state,
                (f32, n, p, g, s) -> { });
    }
}
