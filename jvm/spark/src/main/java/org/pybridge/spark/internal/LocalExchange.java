package org.pybridge.spark.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Round state handed between the driver and its tasks by reference when they share one JVM
 * (Spark's local mode), instead of through a broadcast and task results.
 *
 * <p>A broadcast compresses and stores every piece of the 1.6 M-float state of a 784-1000-10
 * network, and a task result that large goes through the block manager and Java
 * serialization: together 100-250 ms a round on two cores, as much as the 40 steps the round
 * averages. In local mode every task runs in the driver's JVM, so the driver publishes the
 * round's input here under a fresh key, each task reads it and leaves its full result here,
 * and only small counters travel as task results. A retried or speculative task overwrites
 * its partition's entry with the same deterministic result. The driver removes the round's
 * entries when it is done with them, whether the round succeeded or not.
 *
 * <pre>{@code
 * long key = LocalExchange.open(input);
 * try { ...run the job...; WorkerResult r = LocalExchange.result(key, 0); }
 * finally { LocalExchange.close(key); }
 * }</pre>
 */
public final class LocalExchange {
    private static final AtomicLong KEYS = new AtomicLong();
    private static final Map<Long, Round> ROUNDS = new ConcurrentHashMap<>();

    private LocalExchange() {
    }

    /** One round's input and the results deposited so far, by partition. */
    private record Round(RoundInput input, Map<Integer, WorkerResult> results) {
    }

    /** Publishes a round's input; returns the key its tasks use. Keys are never 0. */
    public static long open(RoundInput input) {
        long key = KEYS.incrementAndGet();
        ROUNDS.put(key, new Round(input, new ConcurrentHashMap<>()));
        return key;
    }

    /** The input of round {@code key}; fails when this JVM is not the driver that opened it. */
    static RoundInput input(long key) {
        return round(key).input();
    }

    /** Leaves a task's full result for the driver. */
    static void deposit(long key, WorkerResult result) {
        round(key).results().put(result.partition(), result);
    }

    /** The full result partition {@code partition} left, or null. */
    public static WorkerResult result(long key, int partition) {
        Round r = ROUNDS.get(key);
        return r == null ? null : r.results().get(partition);
    }

    /** Forgets round {@code key}. */
    public static void close(long key) {
        ROUNDS.remove(key);
    }

    private static Round round(long key) {
        Round r = ROUNDS.get(key);
        if (r == null) {
            throw new IllegalStateException("Averaging round " + key + " is not open in this"
                    + " JVM: in-process hand-over works only in Spark's local mode, where tasks"
                    + " run in the driver's JVM (or the round was already closed).");
        }
        return r;
    }
}
