package org.pybridge.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pybridge.nn.Evaluation;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.RegressionEvaluation;
import org.pybridge.nn.internal.Json;
import org.pybridge.spark.internal.Batch;
import org.pybridge.spark.internal.BlasThreads;
import org.pybridge.spark.internal.BatchMaker;
import org.pybridge.spark.internal.Columns;
import org.pybridge.spark.internal.EvaluationTask;
import org.pybridge.spark.internal.ExecutorNetworks;
import org.pybridge.spark.internal.HadoopFiles;
import org.pybridge.spark.internal.ModelBroadcast;
import org.pybridge.spark.internal.NetworkShapes;
import org.pybridge.spark.internal.PredictionTask;

/**
 * A network on the Spark driver, with distributed inference and evaluation: the parameters are
 * broadcast once per call and executors score their partitions in batches on the JVM (no
 * Python UDF). Returned by {@link SparkTrainer#fit}, or loaded from any model file.
 *
 * <pre>{@code
 * try (SparkModel model = SparkModel.load("hdfs:///models/mlp.zip")) {
 *     Dataset<Row> scored = model.transform(df, "features", "prediction");
 *     Evaluation ev = model.evaluate(df, "features", "label");
 *     System.out.println(ev.stats());
 * }
 * }</pre>
 *
 * <p>The model owns its network: {@link #close()} releases it.
 */
public final class SparkModel implements AutoCloseable {
    /** Rows per inference batch on the executors. */
    public static final int INFERENCE_BATCH = 1024;
    /** The name of the raw-outputs column {@link #transform(Dataset, String, String)} adds. */
    public static final String PROBABILITY = "probability";

    private final MultiLayerNetwork network;
    private final TrainingStats stats;

    SparkModel(MultiLayerNetwork network, TrainingStats stats) {
        this.network = network;
        this.stats = stats;
    }

    /** A model of an existing network (which this model then owns and closes). */
    public static SparkModel of(MultiLayerNetwork network) {
        if (network == null) {
            throw new IllegalArgumentException("SparkModel.of needs a network, got null.");
        }
        return new SparkModel(network, null);
    }

    /** Loads a model file from a local path or any Hadoop path ({@code hdfs://...}). */
    public static SparkModel load(String path) {
        return new SparkModel(HadoopFiles.loadNetwork(path), null);
    }

    /** The trained network (owned by this model). */
    public MultiLayerNetwork network() {
        return network;
    }

    /** Statistics of the training run, or null for a model that was loaded. */
    public TrainingStats stats() {
        return stats;
    }

    /**
     * Saves the model file (parameters, updater state and counters: training can resume from
     * it) to a local path or any Hadoop path, atomically.
     */
    public void save(String path) {
        HadoopFiles.saveNetwork(network, path);
    }

    /** {@link #transform(Dataset, String, String)} with columns "features" and "prediction". */
    public Dataset<Row> transform(Dataset<Row> data) {
        return transform(data, "features", "prediction");
    }

    /**
     * {@code data} with two columns added, computed lazily on the executors: the prediction
     * (double: the class index for classifiers, the value for one-output regressors; an array
     * of doubles for several outputs) and {@value #PROBABILITY}, the network's raw outputs as
     * array&lt;float&gt; (class probabilities for softmax classifiers).
     */
    public Dataset<Row> transform(Dataset<Row> data, String featuresCol, String predictionCol) {
        return transform(data, featuresCol, predictionCol, PROBABILITY);
    }

    /**
     * Like {@link #transform(Dataset, String, String)}, naming the raw-outputs column
     * {@code outputsCol}; null leaves it out.
     */
    public Dataset<Row> transform(Dataset<Row> data, String featuresCol, String predictionCol,
            String outputsCol) {
        Columns.checkFeatures(data, featuresCol);
        List<String> existing = Arrays.asList(data.columns());
        for (String c : new String[] {predictionCol, outputsCol}) {
            if (c != null && existing.contains(c)) {
                throw new IllegalArgumentException("The DataFrame already has a column '" + c
                        + "'; choose another output column name or drop it first.");
            }
        }
        if (predictionCol == null) {
            throw new IllegalArgumentException("The prediction column name is null.");
        }
        boolean classifier = NetworkShapes.isClassifier(network.conf());
        boolean vector = !classifier && NetworkShapes.outputSize(network.conf()) > 1;
        StructType schema = data.schema().add(predictionCol, vector
                ? DataTypes.createArrayType(DataTypes.DoubleType, false) : DataTypes.DoubleType,
                false);
        if (outputsCol != null) {
            schema = schema.add(outputsCol, DataTypes.createArrayType(DataTypes.FloatType,
                    false), false);
        }
        Broadcast<ModelBroadcast> bc = context(data).broadcast(ModelBroadcast.of(network));
        int index = existing.indexOf(featuresCol);
        return data.mapPartitions(new PredictionTask(bc, index, featuresCol, classifier, vector,
                outputsCol != null, INFERENCE_BATCH), Encoders.row(schema));
    }

    /**
     * Classification metrics over {@code data}: each partition is evaluated on its executor
     * and the counts are merged on the driver. Labels are class indices or one-hot arrays.
     */
    public Evaluation evaluate(Dataset<Row> data, String featuresCol, String labelCol) {
        Evaluation total = null;
        for (String json : evaluations(data, featuresCol, labelCol, false)) {
            Evaluation e = Evaluation.fromJson(Json.parseObject(json));
            if (total == null) {
                total = e;
            } else {
                total.merge(e);
            }
        }
        return total != null ? total
                : new Evaluation(Math.toIntExact(NetworkShapes.outputSize(network.conf())));
    }

    /** Regression metrics (MSE, MAE, R^2 per output) over {@code data}, merged likewise. */
    public RegressionEvaluation evaluateRegression(Dataset<Row> data, String featuresCol,
            String labelCol) {
        RegressionEvaluation total = null;
        for (String json : evaluations(data, featuresCol, labelCol, true)) {
            RegressionEvaluation e = RegressionEvaluation.fromJson(Json.parseObject(json));
            if (total == null) {
                total = e;
            } else {
                total.merge(e);
            }
        }
        return total != null ? total : new RegressionEvaluation(Math.toIntExact(
                NetworkShapes.outputSize(network.conf())));
    }

    private List<String> evaluations(Dataset<Row> data, String featuresCol, String labelCol,
            boolean regression) {
        Columns.checkFeatures(data, featuresCol);
        int outputs = Math.toIntExact(NetworkShapes.outputSize(network.conf()));
        int labelWidth = Columns.labelWidth(data, labelCol, outputs);
        if (!regression) {
            NetworkShapes.checkLabelWidth(network.conf(), labelCol, labelWidth);
        }
        JavaRDD<Batch> batches = data.select(functions.col(featuresCol), functions.col(labelCol))
                .javaRDD().mapPartitions(new BatchMaker(INFERENCE_BATCH,
                        Math.toIntExact(NetworkShapes.inputSize(network.conf())),
                        network.conf().dataType() == org.pybridge.tensor.DataType.FLOAT64,
                        labelWidth, featuresCol, labelCol));
        Broadcast<ModelBroadcast> bc = context(data).broadcast(ModelBroadcast.of(network));
        JavaSparkContext jsc = context(data);
        BlasThreads.Restore threads = BlasThreads.forLocalJob(jsc.isLocal(),
                jsc.defaultParallelism());
        try {
            return batches.mapPartitions(new EvaluationTask(bc, regression)).collect();
        } finally {
            threads.close();
            bc.destroy();
            ExecutorNetworks.clear();
        }
    }

    private static JavaSparkContext context(Dataset<Row> data) {
        return JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    }

    /** Releases the network. */
    @Override
    public void close() {
        network.close();
    }
}
