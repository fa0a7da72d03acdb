package org.pybridge.nn;

import java.util.List;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.tensor.ShapeException;

/** Validation shared by the layer configurations; messages name the layer and the fix. */
final class LayerChecks {
    private LayerChecks() {
    }

    static void positive(long v, String layer, String what, String setter) {
        if (v < 1) {
            throw new IllegalArgumentException(layer + ": " + what + " must be >= 1, got " + v
                    + (v == 0 ? "; set it with ." + setter + "(n)." : "."));
        }
    }

    static void positiveOrUnset(Long v, String layer, String what) {
        if (v != null && v < 1) {
            throw new IllegalArgumentException(layer + ": " + what + " must be >= 1, got " + v
                    + ".");
        }
    }

    static void dropout(Double rate, String layer) {
        if (rate != null && !(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(layer + ": dropout is the probability of"
                    + " dropping an input and must lie in [0, 1), got " + rate + ".");
        }
    }

    static void nonNegative(Double v, String layer, String what) {
        if (v != null && !(v >= 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(layer + ": " + what + " must be a finite number"
                    + " >= 0, got " + v + ".");
        }
    }

    static void finite(Double v, String layer, String what) {
        if (v != null && !Double.isFinite(v)) {
            throw new IllegalArgumentException(layer + ": " + what + " must be finite, got " + v
                    + ".");
        }
    }

    static List<Double> lossWeights(List<Double> weights, String layer) {
        if (weights == null) {
            return null;
        }
        for (Double w : weights) {
            if (w == null || !Double.isFinite(w)) {
                throw new IllegalArgumentException(layer + ": loss weights must be finite"
                        + " numbers, got " + weights + ".");
            }
        }
        return List.copyOf(weights);
    }

    /** Fails unless the input is flat: (n,). */
    static long flatInput(long[] inputShape, String layer) {
        if (inputShape.length != 1) {
            throw new ShapeException(layer + " expects flat input examples of shape (n_in,), got "
                    + ShapeText.of(inputShape) + "; flatten the input first.");
        }
        return inputShape[0];
    }

    /** Fails when a configured input size disagrees with the actual input. */
    static void sameSize(Long configured, long actual, String layer, String what,
            long[] inputShape) {
        if (configured != null && configured != actual) {
            throw new ShapeException(layer + " has " + what + "=" + configured + " but its input"
                    + " examples have shape " + ShapeText.of(inputShape) + "; set " + what + "="
                    + actual + " or leave it unset to infer it.");
        }
    }
}
