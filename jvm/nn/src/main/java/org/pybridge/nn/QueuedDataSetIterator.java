package org.pybridge.nn;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;

/**
 * A {@link DataSetIterator} fed by another thread through a bounded queue, so the trainer takes
 * ready batches without calling back into the producer (for pybridge: without entering Python
 * and its global lock for every batch).
 *
 * <p>The producer {@link #put}s batches, blocking while {@code capacity} are waiting, marks the
 * end of each pass with {@link #endEpoch()}, and {@link #finish()}es after the last one (or
 * reports a failure with {@link #fail}, which the consumer then throws). The consumer sees the
 * passes as epochs: {@link #hasNext()} is false at an end marker until {@link #reset()} moves
 * past it. {@link #close()} ends both sides: a blocked producer returns, queued batches are
 * closed, and later batches are closed on arrival. The time the consumer spends blocked waiting
 * for batches is kept in {@link #waitSeconds()}.
 *
 * <pre>{@code
 * try (QueuedDataSetIterator queue = new QueuedDataSetIterator(4)) {
 *     Thread feeder = new Thread(() -> {
 *         for (int e = 0; e < 2; e++) {
 *             queue.put(new DataSet(x.share(), y.share()));
 *             queue.endEpoch();
 *         }
 *         queue.finish();
 *     });
 *     feeder.start();
 *     net.fit(queue, 2);
 *     feeder.join();
 * }
 * }</pre>
 */
public final class QueuedDataSetIterator implements DataSetIterator, AutoCloseable {

    /** Queue entries other than batches. */
    private enum Marker { END_OF_EPOCH, FINISHED }

    /** A failure reported by the producer, thrown to the consumer in its place in the queue. */
    private record Failure(String message) { }

    private final int capacity;
    private final ArrayDeque<Object> queue;
    /** A batch taken by hasNext() and not yet handed out by next(). */
    private DataSet head;
    /** The consumer stands at an end-of-epoch marker (hasNext() is false until reset()). */
    private boolean atEnd;
    /** The producer has finished: once the queue is drained, there is nothing more. */
    private boolean finished;
    /** Anything was taken since the start or the last reset (to know what reset() skips). */
    private boolean started;
    private boolean closed;
    private long waitNanos;

    /**
     * A queue holding at most {@code capacity} entries (batches and markers); a run added by
     * {@link #putSplit} may take it past that.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public QueuedDataSetIterator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The queue capacity must be >= 1, got "
                    + capacity + "; give the number of batches to hold ready (e.g. 4).");
        }
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(capacity);
    }

    /** The most entries the queue holds at once. */
    public int capacity() {
        return capacity;
    }

    // ------------------------------------------------------------------ producer side

    /**
     * Adds a batch, waiting while the queue is full. The queue owns it from here: after
     * {@link #close()} it is closed at once and false is returned (the producer should stop).
     */
    public boolean put(DataSet batch) throws InterruptedException {
        if (batch == null) {
            throw new IllegalArgumentException("put needs a DataSet, got null.");
        }
        if (!offer(batch)) {
            batch.close();
            return false;
        }
        return true;
    }

    /**
     * Adds the examples of {@code run} as consecutive batches of {@code batchSize} (the last
     * one shorter if they do not divide evenly), each a view of {@code run}'s memory, so one
     * call from the producer hands over many batches. The run goes in whole once the queue has
     * room, even if that takes it past its capacity: its batches only view memory the run holds
     * anyway, and admitting them one at a time made producer and consumer trade places for
     * every batch (about 25 µs each on two cores). The queue owns {@code run} from here and
     * closes it; false (and nothing added) once the queue is closed.
     */
    public boolean putSplit(DataSet run, long batchSize) throws InterruptedException {
        if (run == null) {
            throw new IllegalArgumentException("putSplit needs a DataSet, got null.");
        }
        try (run) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("putSplit needs batchSize >= 1, got "
                        + batchSize + ".");
            }
            long n = run.numExamples();
            synchronized (this) {
                while (!closed && queue.size() >= capacity) {
                    wait();
                }
                if (closed) {
                    return false;
                }
                for (long from = 0; from < n; from += batchSize) {
                    queue.addLast(run.rows(from, Math.min(n, from + batchSize)));
                }
                notifyAll();
            }
            return true;
        }
    }

    /** Marks the end of a pass; false once the queue is closed. */
    public boolean endEpoch() throws InterruptedException {
        return offer(Marker.END_OF_EPOCH);
    }

    /** Says that no more batches will come; false once the queue is closed. */
    public boolean finish() throws InterruptedException {
        return offer(Marker.FINISHED);
    }

    /**
     * Reports that the producer failed: the consumer throws an {@link IllegalStateException}
     * with {@code message} when it reaches this point of the queue. False once closed.
     */
    public boolean fail(String message) throws InterruptedException {
        return offer(new Failure(message == null ? "the batch producer failed" : message));
    }

    private synchronized boolean offer(Object item) throws InterruptedException {
        while (!closed && queue.size() >= capacity) {
            wait();
        }
        if (closed) {
            return false;
        }
        queue.addLast(item);
        notifyAll();
        return true;
    }

    // ------------------------------------------------------------------ consumer side

    @Override
    public synchronized boolean hasNext() {
        ensureOpen();
        if (head != null) {
            return true;
        }
        if (atEnd || finished) {
            return false;
        }
        Object item = take();
        started = true;
        if (item instanceof DataSet batch) {
            head = batch;
            return true;
        }
        if (item instanceof Failure failure) {
            // Later reads fail the same way rather than block on a producer that has stopped.
            queue.addFirst(failure);
            throw new IllegalStateException(failure.message());
        }
        if (item == Marker.FINISHED) {
            finished = true;
            queue.addFirst(item);
            return false;
        }
        atEnd = true;
        return false;
    }

    private Object take() {
        if (queue.isEmpty()) {
            long t0 = System.nanoTime();
            try {
                while (queue.isEmpty() && !closed) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the next batch.",
                        e);
            } finally {
                waitNanos += System.nanoTime() - t0;
            }
            ensureOpen();
        }
        Object item = queue.removeFirst();
        notifyAll();
        return item;
    }

    @Override
    public synchronized DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No batch left in this pass; call reset() to start"
                    + " the next one.");
        }
        DataSet batch = head;
        head = null;
        return batch;
    }

    /**
     * Starts the next pass: moves past the end marker the consumer stands at, or skips (and
     * closes) the rest of a pass it left early. Right after the start or a reset it does
     * nothing.
     */
    @Override
    public synchronized void reset() {
        ensureOpen();
        if (atEnd) {
            atEnd = false;
            started = false;
            return;
        }
        if (!started || finished) {
            return;
        }
        if (head != null) {
            head.close();
            head = null;
        }
        while (hasNext()) {
            next().close();
        }
        atEnd = false;
        started = false;
    }

    /**
     * Takes and closes every batch of the current pass, as a trainer that does no work would,
     * and returns how many examples they held: the feeding side measured (or tested) alone.
     * Call {@link #reset()} to go on to the next pass.
     */
    public long drain() {
        long examples = 0;
        while (hasNext()) {
            try (DataSet batch = next()) {
                examples += batch.numExamples();
            }
        }
        return examples;
    }

    /** Seconds the consumer spent blocked waiting for the producer. */
    public synchronized double waitSeconds() {
        return waitNanos / 1e9;
    }

    /** Batches waiting in the queue (not counting markers). */
    public synchronized int queuedBatches() {
        int n = head == null ? 0 : 1;
        for (Object o : queue) {
            if (o instanceof DataSet) {
                n++;
            }
        }
        return n;
    }

    /** True once {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the queue: the batches it still holds are closed, a producer waiting in
     * {@link #put} returns false, and later use by the consumer throws. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (head != null) {
            head.close();
            head = null;
        }
        for (Object o : queue) {
            if (o instanceof DataSet batch) {
                batch.close();
            }
        }
        queue.clear();
        notifyAll();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This QueuedDataSetIterator is closed; its"
                    + " producer was stopped. Create a new one for another fit.");
        }
    }
}
