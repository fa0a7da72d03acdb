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

    /**
     * Examples {@code [from, to)} as a new batch of views (no copy): its arrays share this
     * batch's memory, which stays alive until both are closed.
     *
     * @throws IllegalArgumentException if the range is not inside {@code [0, numExamples()]}
     */
    public DataSet rows(long from, long to) {
        long n = numExamples();
        if (from < 0 || to < from || to > n || features.ndim() == 0) {
            throw new IllegalArgumentException("rows(" + from + ", " + to + ") is outside this"
                    + " batch of " + n + " examples; give 0 <= from <= to <= " + n + ".");
        }
        NDArray[] parts = new NDArray[4];
        NDArray[] all = {features, labels, featuresMask, labelsMask};
        try {
            for (int i = 0; i < all.length; i++) {
                if (all[i] != null) {
                    parts[i] = all[i].slice(0, from, to, 1);
                }
            }
        } catch (RuntimeException e) {
            for (NDArray p : parts) {
                if (p != null) {
                    p.close();
                }
            }
            throw e;
        }
        return new DataSet(parts[0], parts[1], parts[2], parts[3]);
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
