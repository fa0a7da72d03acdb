package org.pybridge.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NetworkState;
import org.pybridge.nn.NeuralNetConfiguration;
import org.pybridge.spark.internal.Checkpoints;
import org.pybridge.spark.internal.RoundHook;
import org.pybridge.spark.internal.StateVector;

/**
 * Synchronous data-parallel training on Spark by parameter averaging, with the semantics of
 * DL4J's {@code ParameterAveragingTrainingMaster}: the data is split into one partition per
 * worker and cached as minibatches; in each round every worker loads the current state, fits
 * {@code averagingFrequency} minibatches of {@code batchSizePerWorker} examples, and the
 * parameters <em>and</em> updater state of all workers are averaged (tree aggregation) and
 * broadcast for the next round, until every minibatch of every epoch was fitted.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder(conf)       // JSON, configuration or a network
 *         .batchSizePerWorker(32).averagingFrequency(5).workers(2)
 *         .checkpoint("hdfs:///tmp/ckpt", 10)             // every 10 rounds
 *         .build();
 * try (SparkModel model = trainer.fit(df, "features", "label", 3)) {
 *     System.out.println(model.stats());
 *     model.save("hdfs:///models/mlp.zip");
 * }
 * }</pre>
 *
 * <p>Input: a features column of numeric arrays or ML vectors (as many numbers as the network's
 * input shape holds) and a label column of class indices (one-hot encoded on the executors for
 * softmax outputs), regression values, or arrays of the network's output size.
 *
 * <p>With one worker and {@code averagingFrequency} 1 the result equals
 * {@code MultiLayerNetwork.fit} on the same rows in the same order, bit for bit. A task that
 * fails is retried by Spark and returns the same result, as each task's work depends only on
 * the round's broadcast and its partition's data. A trainer is immutable and reusable.
 */
public final class SparkTrainer {
    private final String configJson;
    private final StateVector initialState;
    private final long initialIteration;
    private final int initialEpoch;
    private final long initialRandomSeed;
    private final long initialRandomPosition;
    private final int batchSizePerWorker;
    private final int averagingFrequency;
    private final int workers;
    private final Repartition repartition;
    private final StorageLevel storageLevel;
    private final String checkpointDir;
    private final int checkpointEvery;
    private final Long seed;
    private final InputTransform inputTransform;
    private final RoundHook roundHook;
    private final int aggregationDepth;

    private SparkTrainer(Builder b) {
        this.configJson = b.configJson;
        this.initialState = b.initialState;
        this.initialIteration = b.initialIteration;
        this.initialEpoch = b.initialEpoch;
        this.initialRandomSeed = b.initialRandomSeed;
        this.initialRandomPosition = b.initialRandomPosition;
        this.batchSizePerWorker = b.batchSizePerWorker;
        this.averagingFrequency = b.averagingFrequency;
        this.workers = b.workers;
        this.repartition = b.repartition;
        this.storageLevel = b.storageLevel;
        this.checkpointDir = b.checkpointDir;
        this.checkpointEvery = b.checkpointEvery;
        this.seed = b.seed;
        this.inputTransform = b.inputTransform;
        this.roundHook = b.roundHook;
        this.aggregationDepth = b.aggregationDepth;
    }

    /** A builder for a network given as configuration JSON. */
    public static Builder builder(String configJson) {
        if (configJson == null) {
            throw new IllegalArgumentException("SparkTrainer.builder needs a configuration,"
                    + " got null JSON.");
        }
        return new Builder(NeuralNetConfiguration.fromJson(configJson).toJson(), null);
    }

    /** A builder for a network of this configuration, initialised from its seed. */
    public static Builder builder(NeuralNetConfiguration conf) {
        if (conf == null) {
            throw new IllegalArgumentException("SparkTrainer.builder needs a configuration,"
                    + " got null.");
        }
        return new Builder(conf.toJson(), null);
    }

    /**
     * A builder that continues training {@code initial}: its parameters, updater state and step
     * counter are copied now (the network stays the caller's).
     */
    public static Builder builder(MultiLayerNetwork initial) {
        if (initial == null) {
            throw new IllegalArgumentException("SparkTrainer.builder needs a network, got"
                    + " null.");
        }
        return new Builder(initial.conf().toJson(), initial);
    }

    /**
     * Trains a new network on {@code data} for {@code epochs} passes.
     *
     * @param data          rows with a features and a label column
     * @param featuresCol   numeric arrays or ML vectors
     * @param labelCol      class indices, regression values or numeric arrays
     * @param epochs        passes over the data
     * @return the trained model with its {@link TrainingStats}; the caller closes it
     */
    public SparkModel fit(Dataset<Row> data, String featuresCol, String labelCol, int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs + ".");
        }
        MultiLayerNetwork net = new MultiLayerNetwork(NeuralNetConfiguration.fromJson(
                configJson));
        try {
            net.init();
            if (initialState != null) {
                initialState.applyTo(net, true);
                NetworkState.setCounters(net, initialIteration, initialEpoch);
                NetworkState.setRandomStream(net, initialRandomSeed, initialRandomPosition);
            }
            return new ParameterAveraging(this, net).run(data, featuresCol, labelCol, epochs,
                    null);
        } catch (Throwable e) {
            // Spark rethrows task failures as SparkException, a checked exception Scala code
            // throws undeclared: catch everything so the network is always released.
            net.close();
            throw e;
        }
    }

    /**
     * Continues an interrupted {@link #fit} from the latest checkpoint in
     * {@code checkpointDir} (any Hadoop path) until {@code epochs} epochs are done in all; on
     * the same data and settings the result equals an uninterrupted run. Checkpoints keep
     * being written when this trainer has a checkpoint directory.
     *
     * @throws IllegalArgumentException when the directory holds no checkpoint, or one written
     *                                  with other settings
     */
    public SparkModel resume(String checkpointDir, Dataset<Row> data, String featuresCol,
            String labelCol, int epochs) {
        Checkpoints.Loaded c = Checkpoints.latest(checkpointDir);
        if (c == null) {
            throw new IllegalArgumentException("No checkpoint in " + checkpointDir + ": expected"
                    + " checkpoint-NNNNNN.zip and .json files written by a trainer with"
                    + " .checkpoint(dir, everyRounds). Use fit() to start training.");
        }
        try {
            if (!c.network().conf().toJson().equals(configJson)) {
                throw new IllegalArgumentException("The checkpoint " + c.path() + " holds a"
                        + " network of another configuration than this trainer's; build the"
                        + " trainer with the checkpoint's configuration.");
            }
            return new ParameterAveraging(this, c.network()).run(data, featuresCol, labelCol,
                    epochs, c.progress());
        } catch (Throwable e) {
            c.network().close();
            throw e;
        }
    }

    String configJson() {
        return configJson;
    }

    int batchSizePerWorker() {
        return batchSizePerWorker;
    }

    int averagingFrequency() {
        return averagingFrequency;
    }

    /** Workers asked for; 0 means Spark's default parallelism. */
    int workers() {
        return workers;
    }

    Repartition repartition() {
        return repartition;
    }

    StorageLevel storageLevel() {
        return storageLevel;
    }

    String checkpointDir() {
        return checkpointDir;
    }

    int checkpointEvery() {
        return checkpointEvery;
    }

    /** The seed for per-epoch minibatch shuffling, or null for data order. */
    Long seed() {
        return seed;
    }

    InputTransform inputTransform() {
        return inputTransform;
    }

    RoundHook roundHook() {
        return roundHook;
    }

    int aggregationDepth() {
        return aggregationDepth;
    }

    /** Settings of a {@link SparkTrainer}; every one has a default. */
    public static final class Builder {
        private final String configJson;
        private StateVector initialState;
        private long initialIteration;
        private int initialEpoch;
        private long initialRandomSeed;
        private long initialRandomPosition;
        private int batchSizePerWorker = 32;
        private int averagingFrequency = 5;
        private int workers;
        private Repartition repartition = Repartition.ALWAYS;
        private StorageLevel storageLevel = StorageLevel.MEMORY_ONLY();
        private String checkpointDir;
        private int checkpointEvery;
        private Long seed;
        private InputTransform inputTransform;
        private RoundHook roundHook;
        private int aggregationDepth = 2;

        private Builder(String configJson, MultiLayerNetwork initial) {
            this.configJson = configJson;
            if (initial != null) {
                initialState = StateVector.of(initial, true);
                initialIteration = initial.getIterationCount();
                initialEpoch = initial.getEpochCount();
                initialRandomSeed = NetworkState.randomSeed(initial);
                initialRandomPosition = NetworkState.randomPosition(initial);
            }
        }

        /** Examples per minibatch on each worker (default 32). */
        public Builder batchSizePerWorker(int value) {
            batchSizePerWorker = positive("batchSizePerWorker", value);
            return this;
        }

        /** Minibatches each worker fits between two averagings (default 5). */
        public Builder averagingFrequency(int value) {
            averagingFrequency = positive("averagingFrequency", value);
            return this;
        }

        /** Workers (partitions trained in parallel); default: Spark's default parallelism. */
        public Builder workers(int value) {
            workers = positive("workers", value);
            return this;
        }

        /** When to repartition the data into {@code workers} partitions (default ALWAYS). */
        public Builder repartition(Repartition value) {
            if (value == null) {
                throw new IllegalArgumentException("repartition must be one of "
                        + java.util.Arrays.toString(Repartition.values()) + ", got null.");
            }
            repartition = value;
            return this;
        }

        /**
         * How the minibatches are cached on the executors (default MEMORY_ONLY). In local mode
         * the tasks run in the driver's JVM, which then holds the minibatches itself (dealt to
         * the workers without a shuffle); the level does not apply there.
         */
        public Builder storageLevel(StorageLevel value) {
            if (value == null || value == StorageLevel.NONE()) {
                throw new IllegalArgumentException("storageLevel must cache the data (e.g."
                        + " StorageLevel.MEMORY_ONLY() or MEMORY_AND_DISK()), got " + value
                        + ".");
            }
            storageLevel = value;
            return this;
        }

        /**
         * Writes a checkpoint to {@code dir} (any Hadoop path: {@code file:///...},
         * {@code hdfs://...}; a path without a scheme is local) every {@code everyRounds}
         * averaging rounds and when training ends; {@link SparkTrainer#resume} continues from
         * the latest.
         */
        public Builder checkpoint(String dir, int everyRounds) {
            if (dir == null || dir.isBlank()) {
                throw new IllegalArgumentException("checkpoint needs a directory, got '" + dir
                        + "'.");
            }
            checkpointEvery = positive("checkpoint everyRounds", everyRounds);
            checkpointDir = dir;
            return this;
        }

        /**
         * Shuffles the order of each worker's minibatches every epoch, reproducibly from this
         * seed (by default minibatches are fitted in data order). Parameters are initialised
         * from the configuration's seed.
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** A transformation applied to the input DataFrame first (see {@link InputTransform}). */
        public Builder inputTransform(InputTransform value) {
            inputTransform = value;
            return this;
        }

        /** The depth of the tree aggregation of worker states (default 2). */
        public Builder aggregationDepth(int value) {
            aggregationDepth = positive("aggregationDepth", value);
            return this;
        }

        /** Test hook run on the executor before each worker's round. */
        Builder roundHook(RoundHook value) {
            roundHook = value;
            return this;
        }

        public SparkTrainer build() {
            return new SparkTrainer(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value + ".");
            }
            return value;
        }
    }
}
