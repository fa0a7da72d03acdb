package org.pybridge.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NetworkState;
import org.pybridge.spark.internal.Batch;
import org.pybridge.spark.internal.BatchCounts;
import org.pybridge.spark.internal.BlasThreads;
import org.pybridge.spark.internal.BatchMaker;
import org.pybridge.spark.internal.Checkpoints;
import org.pybridge.spark.internal.Columns;
import org.pybridge.spark.internal.ExecutorNetworks;
import org.pybridge.spark.internal.InternalBatchMaker;
import org.pybridge.spark.internal.LocalBatches;
import org.pybridge.spark.internal.LocalExchange;
import org.pybridge.spark.internal.LocalRoundFunction;
import org.pybridge.spark.internal.RoundBarrier;
import org.pybridge.spark.internal.RoundInput;
import org.pybridge.spark.internal.RoundSum;
import org.pybridge.spark.internal.RoundTask;
import org.pybridge.spark.internal.NetworkShapes;
import org.pybridge.spark.internal.StateVector;
import org.pybridge.spark.internal.WorkerResult;
import scala.reflect.ClassTag$;

/**
 * One run of {@link SparkTrainer}: prepares the cached minibatches, then runs the averaging
 * rounds on the driver's copy of the network ({@code master}), writing checkpoints as asked.
 */
final class ParameterAveraging {
    /** How long a worker waits at the round barrier for the others before giving up. */
    private static final long ONE_JOB_TIMEOUT_MS = 600_000;

    private final SparkTrainer trainer;
    private final MultiLayerNetwork master;
    /** The state of the current round: what the next broadcast carries. */
    private StateVector current;
    private long iteration;
    private long randomSeed;
    private long randomPosition;
    private int completedEpochs;

    ParameterAveraging(SparkTrainer trainer, MultiLayerNetwork master) {
        this.trainer = trainer;
        this.master = master;
    }

    /** Trains until {@code epochs} epochs are done, from {@code resumeFrom} or the start. */
    SparkModel run(Dataset<Row> data, String featuresCol, String labelCol, int epochs,
            Checkpoints.Progress resumeFrom) {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(
                data.sparkSession().sparkContext());
        Dataset<Row> input = trainer.inputTransform() == null ? data
                : trainer.inputTransform().apply(data);
        String transformJson = SparkTransforms.transformJson(trainer.inputTransform());
        if (transformJson != null) {
            // Checkpoints then carry the transform too, like the final model file.
            master.setTransformJson(transformJson);
        }
        Columns.checkFeatures(input, featuresCol);
        int outputs = Math.toIntExact(NetworkShapes.outputSize(master.conf()));
        int labelWidth = Columns.labelWidth(input, labelCol, outputs);
        NetworkShapes.checkLabelWidth(master.conf(), labelCol, labelWidth);
        Dataset<Row> selected = input.select(functions.col(featuresCol),
                functions.col(labelCol));
        int workers = trainer.workers() > 0 ? trainer.workers() : jsc.defaultParallelism();
        Data prepared = jsc.isLocal() ? prepareLocal(jsc, selected, workers, featuresCol,
                labelCol, labelWidth) : prepareCached(selected, workers, featuresCol, labelCol,
                labelWidth);
        JavaRDD<Batch> batches = prepared.batches();
        int partitions = batches.getNumPartitions();
        TrainingStats stats = new TrainingStats(partitions, trainer.batchSizePerWorker(),
                trainer.averagingFrequency());
        try {
            long[][] counts = BatchCounts.of(batches);
            long maxBatches = 0;
            long examples = 0;
            for (long[] c : counts) {
                maxBatches = Math.max(maxBatches, c[1]);
                examples += c[2];
            }
            if (examples == 0) {
                throw new IllegalArgumentException("The training data has no rows.");
            }
            int roundsPerEpoch = Math.toIntExact((maxBatches + trainer.averagingFrequency() - 1)
                    / trainer.averagingFrequency());
            Checkpoints.Progress at = resumeFrom != null ? checkResume(resumeFrom, partitions,
                    roundsPerEpoch) : new Checkpoints.Progress(0, 0, 0, roundsPerEpoch,
                    partitions, trainer.batchSizePerWorker(), trainer.averagingFrequency());
            stats.addPrepare((System.nanoTime() - start) / 1e6);
            BlasThreads.Restore threads = BlasThreads.forLocalJob(jsc.isLocal(),
                    Math.min(partitions, jsc.defaultParallelism()));
            try {
                loop(jsc, batches, at, epochs, stats);
            } finally {
                threads.close();
            }
            stats.setTotal((System.nanoTime() - start) / 1e6);
            SparkModel model = new SparkModel(master, stats);
            model.setInputTransform(trainer.inputTransform());
            return model;
        } finally {
            prepared.release().run();
            // In local mode the executors share this JVM: release their pooled networks now.
            ExecutorNetworks.clear();
        }
    }

    /** The minibatches of a run and how to drop them afterwards. */
    private record Data(JavaRDD<Batch> batches, Runnable release) {
    }

    /**
     * Cluster (and local-cluster) mode: rows shuffled into {@code workers} partitions as asked,
     * cut into minibatches on the executors and cached there at the storage level.
     */
    private Data prepareCached(Dataset<Row> selected, int workers, String featuresCol,
            String labelCol, int labelWidth) {
        Dataset<Row> rows = switch (trainer.repartition()) {
            case ALWAYS -> selected.repartition(workers);
            case NEVER -> selected;
            case WHEN_NEEDED -> selected.javaRDD().getNumPartitions() == workers ? selected
                    : selected.repartition(workers);
        };
        JavaRDD<Batch> batches = minibatches(rows, featuresCol, labelCol, labelWidth)
                .persist(trainer.storageLevel());
        return new Data(batches, () -> batches.unpersist(false));
    }

    /**
     * Local mode: minibatches cut per input partition and dealt to the workers in this JVM,
     * with no shuffle (see {@link LocalBatches}); the storage level does not apply.
     */
    private Data prepareLocal(JavaSparkContext jsc, Dataset<Row> selected, int workers,
            String featuresCol, String labelCol, int labelWidth) {
        JavaRDD<Batch> source = minibatches(selected, featuresCol, labelCol, labelWidth);
        boolean deal = switch (trainer.repartition()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_NEEDED -> source.getNumPartitions() != workers;
        };
        LocalBatches.Prepared p = LocalBatches.prepare(jsc, source, workers, deal,
                trainer.batchSizePerWorker());
        return new Data(p.batches(), p::close);
    }

    /**
     * The (features, label) rows as minibatches, read from Spark's internal rows when both
     * columns hold primitive numbers or arrays of them (no boxed value per element), else
     * through {@code Row}.
     */
    private JavaRDD<Batch> minibatches(Dataset<Row> rows, String featuresCol, String labelCol,
            int labelWidth) {
        int width = Math.toIntExact(NetworkShapes.inputSize(master.conf()));
        boolean float64 = master.conf().dataType() == org.pybridge.tensor.DataType.FLOAT64;
        int batchSize = trainer.batchSizePerWorker();
        if (rows instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
            StructField[] fields = rows.schema().fields();
            InternalBatchMaker fast = InternalBatchMaker.of(batchSize, width, float64,
                    labelWidth, fields[0].dataType(), fields[1].dataType(), featuresCol,
                    labelCol);
            if (fast != null) {
                return classic.queryExecution().toRdd().toJavaRDD().mapPartitions(fast);
            }
        }
        return rows.javaRDD().mapPartitions(new BatchMaker(batchSize, width, float64,
                labelWidth, featuresCol, labelCol));
    }

    private Checkpoints.Progress checkResume(Checkpoints.Progress p, int partitions,
            int roundsPerEpoch) {
        if (p.workers() != partitions || p.batchSizePerWorker() != trainer.batchSizePerWorker()
                || p.averagingFrequency() != trainer.averagingFrequency()
                || p.roundsPerEpoch() != roundsPerEpoch) {
            throw new IllegalArgumentException("The checkpoint was written with " + p.workers()
                    + " workers, batch size " + p.batchSizePerWorker() + ", averaging every "
                    + p.averagingFrequency() + " and " + p.roundsPerEpoch() + " rounds per epoch;"
                    + " this run has " + partitions + " workers, batch size "
                    + trainer.batchSizePerWorker() + ", averaging every "
                    + trainer.averagingFrequency() + " and " + roundsPerEpoch + " rounds per"
                    + " epoch. Resume with the same data and settings.");
        }
        return p;
    }

    private void loop(JavaSparkContext jsc, JavaRDD<Batch> batches, Checkpoints.Progress from,
            int epochs, TrainingStats stats) {
        current = StateVector.of(master, true);
        iteration = master.getIterationCount();
        randomSeed = NetworkState.randomSeed(master);
        randomPosition = NetworkState.randomPosition(master);
        // Epochs the network had done before this run's epoch 0 (a network given to the builder
        // may have trained before; a checkpoint's count already includes from.epoch()).
        int epochBase = master.getEpochCount() - from.epoch();
        completedEpochs = master.getEpochCount();
        long rounds = from.rounds();
        long lastCheckpoint = rounds;
        List<int[]> schedule = new java.util.ArrayList<>(); // {epoch, round in epoch}
        for (int epoch = from.epoch(); epoch < epochs; epoch++) {
            int first = epoch == from.epoch() ? from.roundInEpoch() : 0;
            for (int r = first; r < from.roundsPerEpoch(); r++) {
                schedule.add(new int[] {epoch, r});
            }
        }
        int next = 0;
        if (inOneJob(jsc, batches)) {
            next = runRoundsInOneJob(jsc, batches, schedule, rounds, stats);
            rounds += next;
            for (int i = 0; i < next; i++) {
                if (schedule.get(i)[1] == from.roundsPerEpoch() - 1) {
                    completedEpochs = epochBase + schedule.get(i)[0] + 1;
                }
            }
        }
        for (int i = next; i < schedule.size(); i++) {
            int epoch = schedule.get(i)[0];
            int r = schedule.get(i)[1];
            runRound(jsc, batches, rounds, epoch, r, stats);
            rounds++;
            boolean endOfEpoch = r == from.roundsPerEpoch() - 1;
            if (endOfEpoch) {
                completedEpochs = epochBase + epoch + 1;
            }
            if (trainer.checkpointDir() != null && rounds % trainer.checkpointEvery() == 0) {
                checkpoint(rounds, endOfEpoch ? epoch + 1 : epoch, endOfEpoch ? 0 : r + 1,
                        from, stats);
                lastCheckpoint = rounds;
            }
        }
        syncMaster();
        if (trainer.checkpointDir() != null && lastCheckpoint != rounds) {
            checkpoint(rounds, Math.max(epochs, from.epoch()), 0, from, stats);
        }
    }

    /**
     * Writes the round state into the driver's network. Rounds work on the flat vector alone
     * (the averaged vector is the next broadcast as it is), so this runs only for checkpoints
     * and at the end.
     */
    private void syncMaster() {
        current.applyTo(master, true);
        NetworkState.setCounters(master, iteration, completedEpochs);
        NetworkState.setRandomStream(master, randomSeed, randomPosition);
    }

    private void checkpoint(long rounds, int epoch, int roundInEpoch, Checkpoints.Progress from,
            TrainingStats stats) {
        long t0 = System.nanoTime();
        syncMaster();
        Checkpoints.write(trainer.checkpointDir(), master, new Checkpoints.Progress(rounds, epoch,
                roundInEpoch, from.roundsPerEpoch(), from.workers(), from.batchSizePerWorker(),
                from.averagingFrequency()));
        stats.addCheckpoint((System.nanoTime() - t0) / 1e6);
    }

    /**
     * Whether the rounds can run as one local job (see {@link RoundBarrier}): local mode, every
     * worker's task can run at once, and no checkpoints to write between rounds.
     */
    private boolean inOneJob(JavaSparkContext jsc, JavaRDD<Batch> batches) {
        return jsc.isLocal() && trainer.checkpointDir() == null
                && batches.getNumPartitions() <= jsc.defaultParallelism();
    }

    /**
     * Runs {@code schedule} as one job whose workers meet at a barrier per round; returns how
     * many rounds were averaged (all of them, or fewer when a task failed: the caller goes on
     * round by round from there).
     */
    private int runRoundsInOneJob(JavaSparkContext jsc, JavaRDD<Batch> batches,
            List<int[]> schedule, long firstRound, TrainingStats stats) {
        int freq = trainer.averagingFrequency();
        long[] roundStart = {System.nanoTime()};
        RoundBarrier.Rounds plan = new RoundBarrier.Rounds() {
            @Override
            public RoundTask task(int i) {
                int[] at = schedule.get(i);
                long key = LocalExchange.open(new RoundInput(trainer.configJson(), current,
                        iteration, at[0], randomSeed, randomPosition));
                return new RoundTask(null, key, firstRound + i, at[0], at[1] * freq, freq,
                        trainer.seed(), trainer.roundHook());
            }

            @Override
            public void done(int i, RoundTask task, RoundSum sum) {
                long now = System.nanoTime();
                record(firstRound + i, schedule.get(i)[0], sum, (now - roundStart[0]) / 1e6,
                        sum.maxLoadMs(), stats);
                roundStart[0] = now;
            }
        };
        RoundBarrier barrier = RoundBarrier.open(batches.getNumPartitions(), schedule.size(),
                plan, ONE_JOB_TIMEOUT_MS);
        try {
            jsc.sc().runJob(batches.rdd(), barrier.worker(),
                    ClassTag$.MODULE$.apply(Integer.class));
        } catch (Exception e) { // SparkException is checked, though Scala does not declare it
            // Go on round by round from the last averaged round: a transient failure is then
            // retried by Spark, a real one (bad data) fails that round with its own message.
            barrier.awaitIdle(ONE_JOB_TIMEOUT_MS);
        } finally {
            barrier.close();
        }
        return barrier.completed();
    }

    private void runRound(JavaSparkContext jsc, JavaRDD<Batch> batches, long round, int epoch,
            int roundInEpoch, TrainingStats stats) {
        long t0 = System.nanoTime();
        RoundInput in = new RoundInput(trainer.configJson(), current, iteration, epoch,
                randomSeed, randomPosition);
        int freq = trainer.averagingFrequency();
        RoundSum sum;
        long t1;
        if (jsc.isLocal()) {
            // Tasks run in this JVM: hand the state over by reference (see LocalExchange).
            long key = LocalExchange.open(in);
            t1 = System.nanoTime();
            try {
                RoundTask task = new RoundTask(null, key, round, epoch, roundInEpoch * freq,
                        freq, trainer.seed(), trainer.roundHook());
                WorkerResult[] results = (WorkerResult[]) jsc.sc().runJob(batches.rdd(),
                        new LocalRoundFunction(task), ClassTag$.MODULE$.apply(WorkerResult.class));
                List<WorkerResult> full = new java.util.ArrayList<>(results.length);
                for (WorkerResult r : results) {
                    WorkerResult deposited = LocalExchange.result(key, r.partition());
                    full.add(deposited != null ? deposited : r);
                }
                sum = RoundSum.of(full);
            } finally {
                LocalExchange.close(key);
            }
        } else {
            Broadcast<RoundInput> bc = jsc.broadcast(in);
            t1 = System.nanoTime();
            try {
                sum = batches.mapPartitionsWithIndex(new RoundTask(bc, 0, round, epoch,
                        roundInEpoch * freq, freq, trainer.seed(), trainer.roundHook()), true)
                        .treeAggregate(new RoundSum(), RoundSum::add, RoundSum::merge,
                                trainer.aggregationDepth());
            } finally {
                bc.destroy();
            }
        }
        record(round, epoch, sum, (System.nanoTime() - t0) / 1e6,
                (t1 - t0) / 1e6 + sum.maxLoadMs(), stats);
    }

    /** Takes an averaged round as the next state and adds its statistics. */
    private void record(long round, int epoch, RoundSum sum, double wallMs, double broadcastMs,
            TrainingStats stats) {
        StateVector mean = sum.mean();
        if (mean != null) {
            current = mean;
            iteration += sum.maxIterations();
            randomPosition = sum.firstRandomPosition();
        }
        double fitMs = sum.maxFitMs();
        double aggregateMs = Math.max(0, wallMs - broadcastMs - fitMs);
        stats.addRound(new TrainingStats.Round(round, epoch, sum.workers(), sum.examples(),
                sum.maxIterations(), broadcastMs, fitMs, aggregateMs, sum.meanScore()),
                sum.records());
    }
}
