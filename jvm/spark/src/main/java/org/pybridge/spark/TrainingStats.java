package org.pybridge.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pybridge.nn.internal.Json;
import org.pybridge.spark.internal.RoundSum;
import org.pybridge.spark.internal.WorkerInfo;

/**
 * What a {@link SparkTrainer#fit} run did and where its time went, per phase: {@code prepare}
 * (turning the DataFrame into cached minibatches), {@code broadcast} (driver: flattening and
 * broadcasting the state; executors: loading it, slowest worker), {@code fit} (the slowest
 * worker's training time per round), {@code aggregate} (the rest of each round: scheduling,
 * returning and tree-summing the states, averaging on the driver) and {@code checkpoint}.
 * The phases of a round add up to its wall time.
 *
 * <pre>{@code
 * TrainingStats st = model.stats();
 * System.out.println(st);                 // a table per phase and per executor
 * double eps = st.examplesPerSecond();
 * String json = st.toJson();              // for plotting
 * }</pre>
 */
public final class TrainingStats {
    /**
     * One averaging round.
     *
     * @param round       global round number, from 0
     * @param epoch       the epoch it belongs to
     * @param workers     workers that trained in it
     * @param examples    examples fitted, all workers together
     * @param iterations  the global step advance (most minibatches of one worker)
     * @param broadcastMs broadcast phase
     * @param fitMs       fit phase (slowest worker)
     * @param aggregateMs aggregate phase
     * @param score       mean minibatch loss of the round
     */
    public record Round(long round, int epoch, int workers, long examples, int iterations,
            double broadcastMs, double fitMs, double aggregateMs, double score) {
    }

    /**
     * One executor's share of the work.
     *
     * @param executorId Spark's executor id ("driver" in local mode)
     * @param host       the host it ran on
     * @param pid        its process id
     * @param tasks      round tasks it ran (idle ones included)
     * @param examples   examples it fitted
     * @param fitMs      its total fit time
     */
    public record Executor(String executorId, String host, long pid, int tasks, long examples,
            double fitMs) {
    }

    private final int workers;
    private final int batchSizePerWorker;
    private final int averagingFrequency;
    private final List<Round> rounds = new ArrayList<>();
    private final Map<String, Executor> executors = new LinkedHashMap<>();
    private double prepareMs;
    private double checkpointMs;
    private double totalMs;

    TrainingStats(int workers, int batchSizePerWorker, int averagingFrequency) {
        this.workers = workers;
        this.batchSizePerWorker = batchSizePerWorker;
        this.averagingFrequency = averagingFrequency;
    }

    void addPrepare(double ms) {
        prepareMs += ms;
    }

    void addCheckpoint(double ms) {
        checkpointMs += ms;
    }

    void setTotal(double ms) {
        totalMs = ms;
    }

    void addRound(Round r, List<RoundSum.WorkerRecord> records) {
        rounds.add(r);
        for (RoundSum.WorkerRecord w : records) {
            WorkerInfo i = w.worker();
            String key = i.executorId() + "@" + i.host() + ":" + i.pid();
            Executor e = executors.get(key);
            executors.put(key, e == null
                    ? new Executor(i.executorId(), i.host(), i.pid(), 1, w.examples(), w.fitMs())
                    : new Executor(e.executorId(), e.host(), e.pid(), e.tasks() + 1,
                            e.examples() + w.examples(), e.fitMs() + w.fitMs()));
        }
    }

    /** Partitions trained in parallel. */
    public int workers() {
        return workers;
    }

    public int batchSizePerWorker() {
        return batchSizePerWorker;
    }

    public int averagingFrequency() {
        return averagingFrequency;
    }

    /** Every round, in order. */
    public List<Round> roundStats() {
        return Collections.unmodifiableList(rounds);
    }

    /** The executors that ran round tasks, with their share. */
    public List<Executor> executors() {
        return List.copyOf(executors.values());
    }

    /** Averaging rounds run. */
    public int rounds() {
        return rounds.size();
    }

    /** Examples fitted, all workers and epochs together. */
    public long examples() {
        return rounds.stream().mapToLong(Round::examples).sum();
    }

    public double prepareMs() {
        return prepareMs;
    }

    public double broadcastMs() {
        return rounds.stream().mapToDouble(Round::broadcastMs).sum();
    }

    public double fitMs() {
        return rounds.stream().mapToDouble(Round::fitMs).sum();
    }

    public double aggregateMs() {
        return rounds.stream().mapToDouble(Round::aggregateMs).sum();
    }

    public double checkpointMs() {
        return checkpointMs;
    }

    /** Wall time of the whole {@code fit} call. */
    public double totalMs() {
        return totalMs;
    }

    /** Examples fitted per second of {@link #totalMs()}. */
    public double examplesPerSecond() {
        return totalMs <= 0 ? 0 : examples() / (totalMs / 1000);
    }

    /**
     * Examples fitted per second of the averaging rounds alone (without preparing the data and
     * writing checkpoints): the steady-state training throughput.
     */
    public double trainingExamplesPerSecond() {
        double ms = broadcastMs() + fitMs() + aggregateMs();
        return ms <= 0 ? 0 : examples() / (ms / 1000);
    }

    /** The statistics as plain maps and lists (numbers, strings). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", (long) workers);
        m.put("batch_size_per_worker", (long) batchSizePerWorker);
        m.put("averaging_frequency", (long) averagingFrequency);
        m.put("rounds", (long) rounds());
        m.put("examples", examples());
        m.put("examples_per_second", examplesPerSecond());
        m.put("training_examples_per_second", trainingExamplesPerSecond());
        Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("prepare", prepareMs);
        phases.put("broadcast", broadcastMs());
        phases.put("fit", fitMs());
        phases.put("aggregate", aggregateMs());
        phases.put("checkpoint", checkpointMs);
        phases.put("total", totalMs);
        m.put("phases_ms", phases);
        List<Object> rs = new ArrayList<>();
        for (Round r : rounds) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("round", r.round());
            x.put("epoch", (long) r.epoch());
            x.put("workers", (long) r.workers());
            x.put("examples", r.examples());
            x.put("iterations", (long) r.iterations());
            x.put("broadcast_ms", r.broadcastMs());
            x.put("fit_ms", r.fitMs());
            x.put("aggregate_ms", r.aggregateMs());
            x.put("score", Double.isNaN(r.score()) ? null : r.score());
            rs.add(x);
        }
        m.put("round_stats", rs);
        List<Object> es = new ArrayList<>();
        for (Executor e : executors.values()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("executor_id", e.executorId());
            x.put("host", e.host());
            x.put("pid", e.pid());
            x.put("tasks", (long) e.tasks());
            x.put("examples", e.examples());
            x.put("fit_ms", e.fitMs());
            es.add(x);
        }
        m.put("executors", es);
        return m;
    }

    /** {@link #toMap()} as JSON. */
    public String toJson() {
        return Json.write(toMap(), true);
    }

    /** A table of the phases and of the executors. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Spark training: %d workers, batch %d per worker,"
                + " averaging every %d, %d rounds, %d examples, %.1f examples/s (%.1f in the"
                + " rounds)%n", workers, batchSizePerWorker, averagingFrequency, rounds(),
                examples(), examplesPerSecond(), trainingExamplesPerSecond()));
        b.append(String.format(Locale.ROOT, "%-12s %12s %8s%n", "phase", "ms", "share"));
        String[] names = {"prepare", "broadcast", "fit", "aggregate", "checkpoint"};
        double[] ms = {prepareMs, broadcastMs(), fitMs(), aggregateMs(), checkpointMs};
        for (int i = 0; i < names.length; i++) {
            b.append(String.format(Locale.ROOT, "%-12s %12.1f %7.1f%%%n", names[i], ms[i],
                    totalMs <= 0 ? 0 : 100 * ms[i] / totalMs));
        }
        b.append(String.format(Locale.ROOT, "%-12s %12.1f%n", "total", totalMs));
        b.append(String.format(Locale.ROOT, "%-14s %-20s %8s %6s %10s %12s%n", "executor", "host",
                "pid", "tasks", "examples", "fit ms"));
        for (Executor e : executors.values()) {
            b.append(String.format(Locale.ROOT, "%-14s %-20s %8d %6d %10d %12.1f%n",
                    e.executorId(), e.host(), e.pid(), e.tasks(), e.examples(), e.fitMs()));
        }
        return b.toString();
    }
}
