package org.pybridge.nn;

import java.util.NoSuchElementException;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.NDArrays;

/**
 * Minibatches over in-memory arrays of features and labels (rows are examples). Without
 * shuffling the batches are views of the arrays (no copy); with shuffling each pass draws a new
 * order from the generator and each batch gathers its rows. The last batch may be smaller.
 * The iterator keeps its own handles on the arrays; close it when done.
 *
 * <pre>{@code
 * try (ArrayDataSetIterator it = new ArrayDataSetIterator(x, y, 32, true, new Generator(7))) {
 *     while (it.hasNext()) {
 *         try (DataSet batch = it.next()) { ... }
 *     }
 * }
 * }</pre>
 */
public final class ArrayDataSetIterator implements DataSetIterator, AutoCloseable {
    private final NDArray features;
    private final NDArray labels;
    private final NDArray labelsMask;
    private final long batchSize;
    private final boolean shuffle;
    private final Generator random;
    private final long n;
    private NDArray order;
    private long cursor;

    /** Batches of features and labels. */
    public ArrayDataSetIterator(NDArray features, NDArray labels, long batchSize, boolean shuffle,
            Generator random) {
        this(features, labels, null, batchSize, shuffle, random);
    }

    /**
     * Batches of features, labels and a per-example labels mask (or null).
     *
     * @param random the generator of the shuffling order (required when shuffling)
     */
    public ArrayDataSetIterator(NDArray features, NDArray labels, NDArray labelsMask,
            long batchSize, boolean shuffle, Generator random) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize + ".");
        }
        if (features.ndim() == 0) {
            throw new IllegalArgumentException("Features must have one row per example; got a"
                    + " 0-d array.");
        }
        n = features.shape(0);
        check(labels, "labels");
        check(labelsMask, "labelsMask");
        if (shuffle && random == null) {
            throw new IllegalArgumentException("Shuffling needs a Generator; pass one (or"
                    + " shuffle=false).");
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.random = random;
        this.features = features.share();
        this.labels = labels == null ? null : labels.share();
        this.labelsMask = labelsMask == null ? null : labelsMask.share();
        reset();
    }

    private void check(NDArray a, String what) {
        if (a != null && (a.ndim() == 0 || a.shape(0) != n)) {
            throw new IllegalArgumentException("The " + what + " have "
                    + (a.ndim() == 0 ? "no rows" : a.shape(0) + " rows") + " but the features"
                    + " have " + n + "; pass one row per example.");
        }
    }

    /** The number of examples. */
    public long numExamples() {
        return n;
    }

    @Override
    public void reset() {
        cursor = 0;
        if (shuffle) {
            if (order != null) {
                order.close();
            }
            order = random.permutation(n);
        }
    }

    @Override
    public boolean hasNext() {
        return cursor < n;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more batches; call reset() to start again.");
        }
        long end = Math.min(n, cursor + batchSize);
        long start = cursor;
        cursor = end;
        if (!shuffle) {
            return new DataSet(rows(features, start, end), rows(labels, start, end), null,
                    rows(labelsMask, start, end));
        }
        try (NDArray idx = order.slice(0, start, end, 1)) {
            return new DataSet(NDArrays.take(features, idx, 0), take(labels, idx), null,
                    take(labelsMask, idx));
        }
    }

    private static NDArray rows(NDArray a, long start, long end) {
        return a == null ? null : a.slice(0, start, end, 1);
    }

    private static NDArray take(NDArray a, NDArray idx) {
        return a == null ? null : NDArrays.take(a, idx, 0);
    }

    @Override
    public void close() {
        features.close();
        for (NDArray a : new NDArray[] {labels, labelsMask, order}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
