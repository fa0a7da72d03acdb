package org.pybridge.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pybridge.nn.Activation;
import org.pybridge.nn.Adam;
import org.pybridge.nn.Dense;
import org.pybridge.nn.LossFunction;
import org.pybridge.nn.NeuralNetConfiguration;
import org.pybridge.nn.Output;
import org.pybridge.tensor.NDArray;

/** The shared local Spark session and the synthetic data of the Spark tests. */
final class SparkTests {
    static final int FEATURES = 12;
    static final int CLASSES = 4;
    private static SparkSession session;

    private SparkTests() {
    }

    /**
     * One session for every test class: two worker threads, and a task may fail once and be
     * retried ({@code local[2,2]}), which the fault-tolerance test relies on.
     */
    static synchronized SparkSession spark() {
        if (session == null) {
            session = SparkSession.builder().master("local[2,2]").appName("pybridge-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.adaptive.enabled", "false")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }

    /**
     * Overlapping Gaussian blobs: {@code n} examples of {@link #FEATURES} values in
     * {@link #CLASSES} classes, hard enough that accuracy stays below 100%.
     */
    static Data blobs(int n, long seed, double noise) {
        Random centersRandom = new Random(7);
        double[][] centers = new double[CLASSES][FEATURES];
        for (double[] c : centers) {
            for (int j = 0; j < FEATURES; j++) {
                c[j] = centersRandom.nextGaussian();
            }
        }
        Random r = new Random(seed);
        float[][] x = new float[n][FEATURES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(CLASSES);
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = (float) (centers[y[i]][j] + noise * r.nextGaussian());
            }
        }
        return new Data(x, y);
    }

    /** Examples as arrays, and as NDArrays and DataFrames for the two sides of a comparison. */
    record Data(float[][] x, int[] y) {
        NDArray features() {
            return NDArray.create(x);
        }

        NDArray labels() {
            float[] ids = new float[y.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = y[i];
            }
            return NDArray.create(ids, ids.length);
        }

        /** Columns "features" (array&lt;float&gt;) and "label" (int), in one partition. */
        Dataset<Row> frame() {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                Float[] f = new Float[x[i].length];
                for (int j = 0; j < f.length; j++) {
                    f[j] = x[i][j];
                }
                rows.add(RowFactory.create(f, y[i]));
            }
            StructType schema = new StructType()
                    .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                    .add("label", DataTypes.IntegerType, false);
            return spark().createDataFrame(rows, schema).coalesce(1);
        }
    }

    /** A small MLP for the blobs. */
    static NeuralNetConfiguration mlp(long seed) {
        return NeuralNetConfiguration.builder().seed(seed).updater(new Adam(0.01)).list()
                .layer(new Dense.Builder().nIn(FEATURES).nOut(32).activation(Activation.RELU)
                        .build())
                .layer(new Output.Builder().nOut(CLASSES).activation(Activation.SOFTMAX)
                        .loss(LossFunction.MCXENT).build())
                .build();
    }
}
