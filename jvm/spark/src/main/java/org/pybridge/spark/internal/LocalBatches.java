package org.pybridge.spark.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The training minibatches of a local-mode run, held in the driver's JVM (which is where local
 * tasks run) rather than cached through a shuffle.
 *
 * <p>Balancing rows over the workers with {@code Dataset.repartition} writes every row through
 * Spark's shuffle files (compressed, then read back): 1.5-2 s for 20,000 MNIST rows on two
 * cores, longer than a training epoch. In local mode one job cuts each input partition into
 * minibatches and leaves them here; the driver then deals whole minibatches to the workers
 * (round robin, the short last batches of the input partitions joined into full ones), which
 * balances them to within one minibatch without copying a full batch. Each averaging round's
 * tasks read their worker's list by reference.
 *
 * <pre>{@code
 * LocalBatches.Prepared p = LocalBatches.prepare(jsc, sourceBatches, 2, true, 64);
 * try { p.batches().mapPartitionsWithIndex(...); } finally { p.close(); }
 * }</pre>
 */
public final class LocalBatches {
    private static final AtomicLong KEYS = new AtomicLong();
    private static final Map<Long, Map<Integer, List<Batch>>> STORE = new ConcurrentHashMap<>();

    private LocalBatches() {
    }

    /** A run's minibatches: an RDD with one partition per worker, and the store to release. */
    public static final class Prepared implements AutoCloseable {
        private final long key;
        private final JavaRDD<Batch> batches;

        private Prepared(long key, JavaRDD<Batch> batches) {
            this.key = key;
            this.batches = batches;
        }

        /** Partition {@code w} holds worker {@code w}'s minibatches, in order. */
        public JavaRDD<Batch> batches() {
            return batches;
        }

        /** Drops the minibatches. */
        @Override
        public void close() {
            STORE.remove(key);
        }
    }

    /**
     * Runs one job over {@code source} (minibatches cut per input partition) and deals them to
     * {@code workers} workers, or keeps one worker per input partition when {@code deal} is
     * false.
     */
    public static Prepared prepare(JavaSparkContext jsc, JavaRDD<Batch> source, int workers,
            boolean deal, int batchSize) {
        long key = KEYS.incrementAndGet();
        Map<Integer, List<Batch>> parts = new ConcurrentHashMap<>();
        STORE.put(key, parts);
        try {
            source.context().runJob(source.rdd(), new Deposit(key),
                    ClassTag$.MODULE$.apply(Long.class));
            int inputs = source.getNumPartitions();
            List<List<Batch>> lists = new ArrayList<>();
            if (!deal) {
                for (int p = 0; p < inputs; p++) {
                    lists.add(parts.getOrDefault(p, List.of()));
                }
            } else {
                lists = dealt(parts, inputs, workers, batchSize);
            }
            parts.clear();
            for (int w = 0; w < lists.size(); w++) {
                parts.put(w, lists.get(w));
            }
            List<Integer> indices = IntStream.range(0, lists.size()).boxed().toList();
            JavaRDD<Batch> rdd = jsc.parallelize(indices, Math.max(1, lists.size()))
                    .mapPartitionsWithIndex(new Fetch(key), true);
            return new Prepared(key, rdd);
        } catch (RuntimeException | Error e) {
            STORE.remove(key);
            throw e;
        }
    }

    /** Full batches round robin in input order, then the joined short ones after them. */
    private static List<List<Batch>> dealt(Map<Integer, List<Batch>> parts, int inputs,
            int workers, int batchSize) {
        List<List<Batch>> lists = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            lists.add(new ArrayList<>());
        }
        List<Batch> partial = new ArrayList<>();
        int next = 0;
        for (int p = 0; p < inputs; p++) {
            for (Batch b : parts.getOrDefault(p, List.of())) {
                if (b.rows() < batchSize) {
                    partial.add(b);
                } else {
                    lists.get(next).add(b);
                    next = (next + 1) % workers;
                }
            }
        }
        for (Batch b : Batch.rechunk(partial, batchSize)) {
            lists.get(next).add(b);
            next = (next + 1) % workers;
        }
        return lists;
    }

    /**
     * Task side of the preparation job: leaves the partition's minibatches in the store. A
     * named function object for {@code runJob} (see {@link LocalRoundFunction}).
     */
    private static final class Deposit extends AbstractFunction2<TaskContext,
            scala.collection.Iterator<Batch>, Long> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long key;

        Deposit(long key) {
            this.key = key;
        }

        @Override
        public Long apply(TaskContext context, scala.collection.Iterator<Batch> batches) {
            List<Batch> list = new ArrayList<>();
            while (batches.hasNext()) {
                list.add(batches.next());
            }
            store(key).put(context.partitionId(), list);
            return (long) list.size();
        }
    }

    /** Task side of the rounds: worker {@code partition}'s minibatches. */
    private static final class Fetch implements Function2<Integer, Iterator<Integer>,
            Iterator<Batch>> {
        private static final long serialVersionUID = 1L;
        private final long key;

        Fetch(long key) {
            this.key = key;
        }

        @Override
        public Iterator<Batch> call(Integer partition, Iterator<Integer> ignored) {
            return store(key).getOrDefault(partition, List.of()).iterator();
        }
    }

    private static Map<Integer, List<Batch>> store(long key) {
        Map<Integer, List<Batch>> parts = STORE.get(key);
        if (parts == null) {
            throw new IllegalStateException("Training data " + key + " is not held in this JVM:"
                    + " driver-held minibatches work only in Spark's local mode, where tasks run"
                    + " in the driver's JVM (or the training run has ended).");
        }
        return parts;
    }
}
