package org.pybridge.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree-aggregated sum of one averaging round: element-wise sums of the workers' states (in
 * double, so that the order of additions matters far less), plus counters and timings.
 * {@link #add} and {@link #merge} are the {@code treeAggregate} functions. A sum of one worker
 * keeps that worker's vector as it is: it is what each partition sends to the driver (half the
 * bytes of doubles for float32 networks), and one worker's average is its state, bit for bit.
 */
public final class RoundSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private StateVector single;
    /** Whether {@code single} already is the mean of {@code workers} states ({@link #of}). */
    private boolean averaged;
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
        if (s.workers == 0) {
            s.single = r.state();
            s.float64 = r.state().isFloat64();
        } else {
            s.ensureSums(r.state().length());
            r.state().addTo(s.sums);
        }
        s.count(r);
        return s;
    }

    /**
     * The sum of results that are all at hand (local mode): the states are averaged in one
     * pass with no array of double sums; the result is what {@link #add} would give.
     */
    public static RoundSum of(java.util.List<WorkerResult> results) {
        RoundSum s = new RoundSum();
        List<StateVector> states = new ArrayList<>();
        for (WorkerResult r : results) {
            s.records.add(new WorkerRecord(r.partition(), r.worker(), r.examples(), r.fitMs()));
            if (r.state() != null) {
                states.add(r.state());
                s.count(r);
            }
        }
        if (!states.isEmpty()) {
            s.single = states.size() == 1 ? states.get(0) : StateVector.meanOf(states);
            s.float64 = s.single.isFloat64();
            s.averaged = true;
        }
        return s;
    }

    /** Adds a training worker's counters and timings. */
    private void count(WorkerResult r) {
        workers++;
        maxIterations = Math.max(maxIterations, r.iterations());
        examples += r.examples();
        batches += r.iterations();
        scoreSum += r.scoreSum();
        maxLoadMs = Math.max(maxLoadMs, r.loadMs());
        maxFitMs = Math.max(maxFitMs, r.fitMs());
        if (r.partition() < firstPartition) {
            firstPartition = r.partition();
            firstRandomPosition = r.randomPosition();
        }
    }

    /** {@code treeAggregate}'s combine function: adds {@code b} into {@code a}. */
    public static RoundSum merge(RoundSum a, RoundSum b) {
        a.records.addAll(b.records);
        if (b.workers == 0) {
            return a;
        }
        if (a.workers == 0) {
            a.single = b.single;
            a.sums = b.sums;
            a.float64 = b.float64;
        } else {
            int n = b.single != null ? b.single.length() : b.sums.length;
            a.ensureSums(n);
            if (b.single != null) {
                b.single.addTo(a.sums);
            } else {
                for (int i = 0; i < n; i++) {
                    a.sums[i] += b.sums[i];
                }
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
        if (workers == 0) {
            return null;
        }
        return single != null ? single : StateVector.mean(sums, workers, float64);
    }

    /** Turns a one-worker sum into double sums of {@code n} values (checking the length). */
    private void ensureSums(int n) {
        if (averaged) {
            throw new IllegalStateException("A round sum made by RoundSum.of holds a mean; it"
                    + " cannot take more states.");
        }
        int have = single != null ? single.length() : sums.length;
        if (have != n) {
            throw new IllegalStateException("Workers returned states of " + have + " and " + n
                    + " values; every worker must train the same configuration.");
        }
        if (single != null) {
            sums = new double[n];
            single.addTo(sums);
            single = null;
        }
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
