package org.pybridge.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Guards {@code arrived}, {@code generation} and {@code broken}. */
    private final Object lock = new Object();
    private int arrived;
    private long generation;
    /** Set for good by the first failure: every later arrival fails at once. */
    private boolean broken;
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

    /** Averages the round every worker has just finished (under the barrier's lock). */
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
                await();
            }
        } catch (RuntimeException | Error e) {
            breakBarrier();
            throw e;
        } finally {
            active.decrementAndGet();
        }
    }

    /**
     * Waits for the other workers; the last to arrive averages the round. Unlike a
     * {@code CyclicBarrier}, whose reset frees only the parties waiting at that moment, a
     * failure breaks this barrier for good, so a worker still training when another failed
     * does not wait for it at the next round.
     */
    private void await() {
        synchronized (lock) {
            if (broken) {
                throw stopped("another worker failed");
            }
            long gen = generation;
            if (++arrived == workers) {
                arrived = 0;
                average();
                generation++;
                lock.notifyAll();
                return;
            }
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (gen == generation && !broken) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    broken = true;
                    lock.notifyAll();
                    throw stopped("a worker did not arrive within " + timeoutMs + " ms");
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    broken = true;
                    lock.notifyAll();
                    throw stopped("the task was interrupted");
                }
            }
            if (gen == generation) {
                throw stopped("another worker failed");
            }
        }
    }

    private void breakBarrier() {
        synchronized (lock) {
            broken = true;
            lock.notifyAll();
        }
    }

    private IllegalStateException stopped(String why) {
        return new IllegalStateException("Averaging round " + completed + " stopped: " + why
                + ".");
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
            if (b == null) {
                throw new IllegalStateException("In-process averaging rounds run only in the"
                        + " driver's JVM that opened them.");
            }
            if (context.attemptNumber() > 0) {
                b.breakBarrier();
                throw new IllegalStateException("In-process averaging rounds are not retried;"
                        + " the driver goes on round by round.");
            }
            List<Batch> list = new ArrayList<>();
            try {
                while (batches.hasNext()) {
                    list.add(batches.next());
                }
            } catch (RuntimeException | Error e) {
                b.breakBarrier();
                throw e;
            }
            b.run(context.partitionId(), list);
            return b.completed();
        }
    }
}
