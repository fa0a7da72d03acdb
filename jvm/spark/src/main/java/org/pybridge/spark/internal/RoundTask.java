package org.pybridge.spark.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NetworkState;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * One worker's part of an averaging round, run on an executor for one partition of cached
 * minibatches: load the broadcast state into a (pooled) network, fit minibatches
 * {@code [firstBatch, firstBatch + count)} of the partition, return the new state.
 *
 * <p>The result depends only on the broadcast, the partition's data and the round, never on
 * what ran before in this JVM, so a task that Spark retries (or runs speculatively twice)
 * returns the same state. Each worker's dropout stream is derived from the round's stream and
 * the partition index; partition 0 uses the round's stream itself, so one worker reproduces
 * local training exactly.
 */
public final class RoundTask implements Function2<Integer, Iterator<Batch>,
        Iterator<WorkerResult>> {
    private static final long serialVersionUID = 1L;
    private static final long PARTITION_STREAM = 0x9E3779B97F4A7C15L;
    private static final long EPOCH_STREAM = 0xBF58476D1CE4E5B9L;

    private final Broadcast<RoundInput> input;
    private final long localKey;
    private final long round;
    private final int epoch;
    private final int firstBatch;
    private final int count;
    private final Long shuffleSeed;
    private final RoundHook hook;

    /**
     * @param input       the round's broadcast, or null when {@code localKey} is set
     * @param localKey    the round's {@link LocalExchange} key in local mode, else 0
     * @param round       the global round number (for the hook)
     * @param epoch       the epoch (for the minibatch order)
     * @param firstBatch  the index of the partition's first minibatch of this round
     * @param count       the number of minibatches to fit (the averaging frequency)
     * @param shuffleSeed seed of the per-epoch minibatch order, or null for data order
     * @param hook        test hook run before the work, or null
     */
    public RoundTask(Broadcast<RoundInput> input, long localKey, long round, int epoch,
            int firstBatch, int count, Long shuffleSeed, RoundHook hook) {
        this.input = input;
        this.localKey = localKey;
        this.round = round;
        this.epoch = epoch;
        this.firstBatch = firstBatch;
        this.count = count;
        this.shuffleSeed = shuffleSeed;
        this.hook = hook;
    }

    /** The round's {@link LocalExchange} key, or 0 when it travels by broadcast. */
    public long localKey() {
        return localKey;
    }

    /** The dropout stream seed of worker {@code partition}. */
    static long workerSeed(long seed, int partition) {
        return partition == 0 ? seed : seed ^ (PARTITION_STREAM * (partition + 1L));
    }

    /** This round's minibatches in data order. */
    private List<Batch> inOrder(Iterator<Batch> batches) {
        List<Batch> mine = new ArrayList<>(count);
        int index = 0;
        while (batches.hasNext() && mine.size() < count) {
            Batch b = batches.next();
            if (index++ >= firstBatch) {
                mine.add(b);
            }
        }
        return mine;
    }

    /** This round's minibatches of the epoch's permutation of the partition's minibatches. */
    private List<Batch> shuffled(Iterator<Batch> batches, int partition) {
        List<Batch> all = new ArrayList<>();
        batches.forEachRemaining(all::add);
        long mixed = shuffleSeed ^ (PARTITION_STREAM * (partition + 1L))
                ^ (EPOCH_STREAM * (epoch + 1L));
        Collections.shuffle(all, new Random(mixed));
        int from = Math.min(firstBatch, all.size());
        return new ArrayList<>(all.subList(from, Math.min(all.size(), from + count)));
    }

    @Override
    public Iterator<WorkerResult> call(Integer partition, Iterator<Batch> batches) {
        List<Batch> mine = shuffleSeed == null ? inOrder(batches) : shuffled(batches, partition);
        WorkerInfo where = WorkerInfo.current();
        if (mine.isEmpty()) {
            // A worker whose minibatches ran out this round: idle, but it still reports.
            WorkerResult idle = new WorkerResult(partition, null, 0, 0, 0, 0, 0, 0, where);
            if (localKey != 0) {
                LocalExchange.deposit(localKey, idle);
            }
            return List.of(idle).iterator();
        }
        if (hook != null) {
            TaskContext tc = TaskContext.get();
            hook.beforeRound(round, partition, tc == null ? 0 : tc.attemptNumber());
        }
        BlasThreads.configureExecutor();
        long t0 = System.nanoTime();
        RoundInput in = localKey != 0 ? LocalExchange.input(localKey) : input.value();
        MultiLayerNetwork net = ExecutorNetworks.borrow(in.configJson());
        boolean healthy = false;
        try {
            in.state().applyTo(net, true);
            NetworkState.setCounters(net, in.iteration(), in.epoch());
            NetworkState.setRandomStream(net, workerSeed(in.randomSeed(), partition),
                    in.randomPosition());
            long t1 = System.nanoTime();
            long[] inputShape = net.conf().inputType().shape();
            DataType dtype = net.conf().dataType();
            double scoreSum = 0;
            long examples = 0;
            for (Batch b : mine) {
                try (NDArray x = b.features(inputShape); NDArray y = b.labels(dtype)) {
                    net.fit(x, y);
                }
                scoreSum += net.score();
                examples += b.rows();
            }
            long t2 = System.nanoTime();
            StateVector out = StateVector.of(net, true);
            long position = NetworkState.randomPosition(net);
            healthy = true;
            WorkerResult result = new WorkerResult(partition, out, mine.size(), examples,
                    scoreSum, (t1 - t0) / 1e6, (t2 - t1) / 1e6, position, where);
            if (localKey != 0) {
                // The driver takes the state from the exchange; only counters travel.
                LocalExchange.deposit(localKey, result);
                result = result.withoutState();
            }
            return List.of(result).iterator();
        } finally {
            if (healthy) {
                ExecutorNetworks.giveBack(in.configJson(), net);
            } else {
                net.close();
            }
        }
    }
}
