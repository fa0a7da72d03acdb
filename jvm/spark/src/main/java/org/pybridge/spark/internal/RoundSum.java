package org.pybridge.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree-aggregated sum of one averaging round: element-wise sums of the workers' states (in
 * double, so that one worker's float32 state comes back bit-exact and the order of additions
 * matters far less), plus counters and timings. {@link #add} and {@link #merge} are the
 * {@code treeAggregate} functions.
 */
public final class RoundSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private double[] sums;
    private boolean float64;
    private int workers;
    private int maxIterations;
    private long examples;
    private int batches;
    private double scoreSum;
    private double maxLoadMs;
    private double maxFitMs;
    private int firstPartition = Integer.MAX_VALUE;
    private long firstRandomPosition;
    private final ArrayList<WorkerRecord> records = new ArrayList<>();

    /**
     * One worker's part in a round, for the statistics.
     *
     * @param partition the partition index
     * @param worker    where it ran
     * @param examples  examples fitted
     * @param fitMs     time spent fitting
     */
    public record WorkerRecord(int partition, WorkerInfo worker, long examples, double fitMs)
            implements Serializable {
    }

    /** {@code treeAggregate}'s sequence function: adds one worker's result. */
    public static RoundSum add(RoundSum s, WorkerResult r) {
        s.records.add(new WorkerRecord(r.partition(), r.worker(), r.examples(), r.fitMs()));
        if (r.state() == null) {
            return s;
        }
        if (s.sums == null) {
            s.sums = new double[r.state().length()];
            s.float64 = r.state().isFloat64();
        } else if (s.sums.length != r.state().length()) {
            throw new IllegalStateException("Workers returned states of " + s.sums.length
                    + " and " + r.state().length() + " values; every worker must train the"
                    + " same configuration.");
        }
        r.state().addTo(s.sums);
        s.workers++;
        s.maxIterations = Math.max(s.maxIterations, r.iterations());
        s.examples += r.examples();
        s.batches += r.iterations();
        s.scoreSum += r.scoreSum();
        s.maxLoadMs = Math.max(s.maxLoadMs, r.loadMs());
        s.maxFitMs = Math.max(s.maxFitMs, r.fitMs());
        if (r.partition() < s.firstPartition) {
            s.firstPartition = r.partition();
            s.firstRandomPosition = r.randomPosition();
        }
        return s;
    }

    /** {@code treeAggregate}'s combine function: adds {@code b} into {@code a}. */
    public static RoundSum merge(RoundSum a, RoundSum b) {
        a.records.addAll(b.records);
        if (b.sums == null) {
            return a;
        }
        if (a.sums == null) {
            a.sums = b.sums;
            a.float64 = b.float64;
        } else {
            if (a.sums.length != b.sums.length) {
                throw new IllegalStateException("Partial sums of " + a.sums.length + " and "
                        + b.sums.length + " values cannot be merged.");
            }
            for (int i = 0; i < a.sums.length; i++) {
                a.sums[i] += b.sums[i];
            }
        }
        a.workers += b.workers;
        a.maxIterations = Math.max(a.maxIterations, b.maxIterations);
        a.examples += b.examples;
        a.batches += b.batches;
        a.scoreSum += b.scoreSum;
        a.maxLoadMs = Math.max(a.maxLoadMs, b.maxLoadMs);
        a.maxFitMs = Math.max(a.maxFitMs, b.maxFitMs);
        if (b.firstPartition < a.firstPartition) {
            a.firstPartition = b.firstPartition;
            a.firstRandomPosition = b.firstRandomPosition;
        }
        return a;
    }

    /** The averaged state, or null when no worker trained this round. */
    public StateVector mean() {
        return sums == null ? null : StateVector.mean(sums, workers, float64);
    }

    /** Workers that trained this round. */
    public int workers() {
        return workers;
    }

    /** The most minibatches any worker fitted this round: the global step advances by it. */
    public int maxIterations() {
        return maxIterations;
    }

    public long examples() {
        return examples;
    }

    /** The mean minibatch loss over every worker's batches (NaN when none). */
    public double meanScore() {
        return batches == 0 ? Double.NaN : scoreSum / batches;
    }

    public double maxLoadMs() {
        return maxLoadMs;
    }

    public double maxFitMs() {
        return maxFitMs;
    }

    /** The random stream position of the lowest-numbered worker that trained. */
    public long firstRandomPosition() {
        return firstRandomPosition;
    }

    /** Every partition's record, idle ones included. */
    public List<WorkerRecord> records() {
        return records;
    }
}
