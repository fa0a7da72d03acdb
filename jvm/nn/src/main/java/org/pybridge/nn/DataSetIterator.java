package org.pybridge.nn;

import java.util.Iterator;

/**
 * Batches for training and evaluation. Each {@link DataSet} returned by {@link #next()} belongs
 * to the caller, who closes it; {@link #reset()} starts a new pass (epoch) over the data.
 *
 * <pre>{@code
 * try (ArrayDataSetIterator it = new ArrayDataSetIterator(x, y, 128, true, new Generator(1))) {
 *     net.fit(it, 5);
 * }
 * }</pre>
 */
public interface DataSetIterator extends Iterator<DataSet> {

    /** Starts again from the first batch (reshuffling, if the iterator shuffles). */
    void reset();
}
