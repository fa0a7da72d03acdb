package org.pybridge.nn;

/**
 * Receives training events from a {@link MultiLayerNetwork}; every method has an empty default,
 * so implement only what you need. Calls come on the training thread, after the step or epoch
 * they report.
 *
 * <pre>{@code
 * net.addListeners(new TrainingListener() {
 *     public void iterationDone(MultiLayerNetwork n, long iteration, int epoch, double score) {
 *         if (iteration % 100 == 0) System.out.println(iteration + ": " + score);
 *     }
 * });
 * }</pre>
 */
public interface TrainingListener {

    /** Before the first step of an epoch; {@code epoch} counts from 0. */
    default void onEpochStart(MultiLayerNetwork network, int epoch) {
    }

    /**
     * After each training step (minibatch).
     *
     * @param iteration the 0-based number of the step that finished
     * @param epoch     the epoch it belongs to
     * @param score     its loss including regularisation ({@link MultiLayerNetwork#score()})
     */
    default void iterationDone(MultiLayerNetwork network, long iteration, int epoch,
            double score) {
    }

    /** After the last step of an epoch (and its validation, if any). */
    default void onEpochEnd(MultiLayerNetwork network, int epoch) {
    }

    /**
     * After the validation data was scored at the end of an epoch.
     *
     * @param score the mean loss over the validation examples, in inference mode
     */
    default void onValidation(MultiLayerNetwork network, int epoch, double score) {
    }
}
