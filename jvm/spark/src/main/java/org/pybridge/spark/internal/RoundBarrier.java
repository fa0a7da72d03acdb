package org.pybridge.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import scala.runtime.AbstractFunction2;

/**
 * Local mode's averaging rounds in one Spark job: every worker's task runs round after round
 * and the workers meet at a barrier in the driver's JVM, where the last to arrive averages the
 * round (the same {@link RoundTask} and {@link RoundSum#of} as one job per round, so the result
 * is identical).
 *
 * <p>Each Spark job costs 20-40 ms on two cores before its tasks even start, as much as the
 * averaging itself; with one job the rounds are separated by a barrier instead. A task that
 * fails breaks the barrier, so the others stop too, and the job fails; its attempts are never
 * retried (a retry would meet nobody). The driver then goes on round by round from the last
 * averaged round, where a real error (bad data) surfaces again with its own message.
 *
 * <pre>{@code
 * RoundBarrier b = RoundBarrier.open(workers, count, rounds, 600_000);
 * try { jsc.sc().runJob(batches.rdd(), b.worker(), tag); } finally { b.close(); }
 * }</pre>
 */
public final class RoundBarrier {
    private static final AtomicLong KEYS = new AtomicLong();
    private static final ConcurrentHashMap<Long, RoundBarrier> OPEN = new ConcurrentHashMap<>();

    /** The driver's side of the rounds. */
    public interface Rounds {
        /** Round {@code i}'s task (its input published under the task's exchange key). */
        RoundTask task(int i);

        /** Round {@code i} averaged; runs on the task thread that completed the barrier. */
        void done(int i, RoundTask task, RoundSum sum);
    }

    private final long key;
    private final int workers;
    private final int count;
    private final Rounds rounds;
    private final long timeoutMs;
    private final CyclicBarrier barrier;
    private volatile int completed;
    private volatile RoundTask current;
    private final java.util.concurrent.atomic.AtomicInteger active =
            new java.util.concurrent.atomic.AtomicInteger();

    private RoundBarrier(long key, int workers, int count, Rounds rounds, long timeoutMs) {
        this.key = key;
        this.workers = workers;
        this.count = count;
        this.rounds = rounds;
        this.timeoutMs = timeoutMs;
        this.barrier = new CyclicBarrier(workers, this::average);
    }

    /** Opens {@code count} rounds for {@code workers} concurrent tasks. */
    public static RoundBarrier open(int workers, int count, Rounds rounds, long timeoutMs) {
        long key = KEYS.incrementAndGet();
        RoundBarrier b = new RoundBarrier(key, workers, count, rounds, timeoutMs);
        b.current = count > 0 ? rounds.task(0) : null;
        OPEN.put(key, b);
        return b;
    }

    /** Rounds averaged so far. */
    public int completed() {
        return completed;
    }

    /** The task function for {@code SparkContext.runJob} over the minibatch RDD. */
    public Worker worker() {
        return new Worker(key);
    }

    /**
     * Waits (at most {@code millis}) until no task of this barrier still runs: after a failed
     * job, Spark may still be finishing a worker's round while the driver goes on.
     */
    public void awaitIdle(long millis) {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (active.get() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Forgets the rounds; the exchange entry of an unfinished round is closed. */
    public void close() {
        OPEN.remove(key);
        RoundTask t = current;
        if (t != null) {
            LocalExchange.close(t.localKey());
        }
        current = null;
    }

    /** The barrier action: average the round every worker has just finished. */
    private void average() {
        RoundTask t = current;
        List<WorkerResult> full = new ArrayList<>(workers);
        for (int p = 0; p < workers; p++) {
            WorkerResult r = LocalExchange.result(t.localKey(), p);
            if (r == null) {
                throw new IllegalStateException("Worker " + p + " left no result for round "
                        + completed + ".");
            }
            full.add(r);
        }
        int i = completed;
        rounds.done(i, t, RoundSum.of(full));
        LocalExchange.close(t.localKey());
        current = i + 1 < count ? rounds.task(i + 1) : null;
        completed = i + 1;
    }

    private void run(int partition, List<Batch> batches) {
        active.incrementAndGet();
        try {
            while (completed < count) {
                RoundTask t = current;
                t.call(partition, batches.iterator());
                barrier.await(timeoutMs, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            barrier.reset();
            throw new IllegalStateException("Averaging round " + completed + " was interrupted.",
                    e);
        } catch (BrokenBarrierException | TimeoutException e) {
            barrier.reset();
            throw new IllegalStateException("Averaging round " + completed + " stopped: another"
                    + " worker failed or did not arrive within " + timeoutMs + " ms.", e);
        } catch (RuntimeException | Error e) {
            barrier.reset();
            throw e;
        } finally {
            active.decrementAndGet();
        }
    }

    /** Task side: worker {@code partitionId} runs every remaining round. */
    public static final class Worker extends AbstractFunction2<TaskContext,
            scala.collection.Iterator<Batch>, Integer> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long key;

        Worker(long key) {
            this.key = key;
        }

        @Override
        public Integer apply(TaskContext context, scala.collection.Iterator<Batch> batches) {
            RoundBarrier b = OPEN.get(key);
            if (b == null || context.attemptNumber() > 0) {
                throw new IllegalStateException("In-process averaging rounds run only in the"
                        + " driver's JVM and are not retried; the driver goes on round by"
                        + " round.");
            }
            List<Batch> list = new ArrayList<>();
            while (batches.hasNext()) {
                list.add(batches.next());
            }
            b.run(context.partitionId(), list);
            return b.completed();
        }
    }
}
