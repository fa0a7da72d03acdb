package org.pybridge.nn;

import org.pybridge.tensor.NDArray;

/**
 * One batch of examples: features, labels and optional masks. It owns the arrays it holds:
 * {@link #close()} closes them. Iterators hand each batch to their consumer, who closes it
 * ({@link MultiLayerNetwork#fit(DataSetIterator, int)} does).
 *
 * <p>{@code labelsMask} holds one value per example (0 leaves the example out of the loss);
 * {@code featuresMask} is for sequence layers and is ignored by feed-forward networks.
 *
 * <pre>{@code
 * try (DataSet batch = new DataSet(x.share(), y.share())) {
 *     net.fit(batch);
 * }
 * }</pre>
 */
public record DataSet(NDArray features, NDArray labels, NDArray featuresMask,
        NDArray labelsMask) implements AutoCloseable {

    public DataSet {
        if (features == null) {
            throw new IllegalArgumentException("A DataSet needs features, got null.");
        }
    }

    /** A batch without masks. */
    public DataSet(NDArray features, NDArray labels) {
        this(features, labels, null, null);
    }

    /** The number of examples (the features' first dimension). */
    public long numExamples() {
        return features.ndim() == 0 ? 1 : features.shape(0);
    }

    /** Closes every array this batch holds. */
    @Override
    public void close() {
        features.close();
        for (NDArray a : new NDArray[] {labels, featuresMask, labelsMask}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
