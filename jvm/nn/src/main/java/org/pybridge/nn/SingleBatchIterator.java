package org.pybridge.nn;

/**
 * An iterator over one in-memory batch that its creator keeps owning: each {@link #next()}
 * hands out new handles on the same arrays, which the consumer closes as usual.
 */
final class SingleBatchIterator implements DataSetIterator {
    private final DataSet batch;
    private boolean done;

    SingleBatchIterator(DataSet batch) {
        this.batch = batch;
    }

    @Override
    public boolean hasNext() {
        return !done;
    }

    @Override
    public DataSet next() {
        if (done) {
            throw new java.util.NoSuchElementException("The single batch was already taken;"
                    + " call reset() to take it again.");
        }
        done = true;
        return new DataSet(batch.features().share(), batch.labels() == null ? null
                : batch.labels().share(), null, batch.labelsMask() == null ? null
                : batch.labelsMask().share());
    }

    @Override
    public void reset() {
        done = false;
    }
}
