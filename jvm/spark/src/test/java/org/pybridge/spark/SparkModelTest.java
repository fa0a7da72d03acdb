package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.Activation;
import org.pybridge.nn.Dense;
import org.pybridge.nn.Evaluation;
import org.pybridge.nn.LossFunction;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NeuralNetConfiguration;
import org.pybridge.nn.Output;
import org.pybridge.nn.RegressionEvaluation;
import org.pybridge.nn.Sgd;
import org.pybridge.tensor.NDArray;

/** Distributed inference and evaluation agree with the network on the driver. */
@ExtendWith(LeakCheck.class)
class SparkModelTest {

    /** A trained-enough network: a few local epochs on the blobs. */
    private static MultiLayerNetwork trained(SparkTests.Data data) {
        MultiLayerNetwork net = new MultiLayerNetwork(SparkTests.mlp(3));
        try (NDArray x = data.features(); NDArray y = data.labels()) {
            net.fit(x, y, 2, 32, true);
        }
        return net;
    }

    @Test
    void transformMatchesOutputOnTheDriver() {
        SparkTests.Data data = SparkTests.blobs(2500, 4, 1.5);
        try (SparkModel model = SparkModel.of(trained(data));
                NDArray x = data.features(); NDArray out = model.network().output(x)) {
            // Two partitions of 1250 rows: each spans two inference batches.
            Dataset<Row> df = data.frame().repartition(2).withColumn("id",
                    functions.monotonically_increasing_id());
            Dataset<Row> scored = model.transform(df, "features", "prediction");
            assertEquals(List.of("features", "label", "id", "prediction", "probability"),
                    List.of(scored.columns()));
            assertEquals("double", scored.schema().apply("prediction").dataType().typeName());
            List<Row> rows = scored.collectAsList();
            assertEquals(2500, rows.size());
            float[][] expected = out.toFloatMatrix();
            int matched = 0;
            for (Row r : rows) {
                int i = index(data, r.getList(0));
                List<Float> p = r.getList(4);
                float[] got = new float[p.size()];
                int best = 0;
                for (int c = 0; c < got.length; c++) {
                    got[c] = p.get(c);
                    best = expected[i][c] > expected[i][best] ? c : best;
                }
                assertArrayEquals(expected[i], got, 1e-5f);
                assertEquals(best, r.getDouble(3), 0.0);
                matched++;
            }
            assertEquals(2500, matched);
        }
    }

    /** The row index of a features list (the blobs are continuous: values identify rows). */
    private static int index(SparkTests.Data data, List<Object> features) {
        for (int i = 0; i < data.x().length; i++) {
            if (((Number) features.get(0)).floatValue() == data.x()[i][0]
                    && ((Number) features.get(1)).floatValue() == data.x()[i][1]) {
                return i;
            }
        }
        throw new AssertionError("row not found: " + features);
    }

    @Test
    void evaluateMergesPartitionsLikeLocalEvaluate() {
        SparkTests.Data data = SparkTests.blobs(3000, 5, 1.5);
        try (SparkModel model = SparkModel.of(trained(data));
                NDArray x = data.features(); NDArray y = data.labels()) {
            Evaluation local = model.network().evaluate(x, y);
            Evaluation spark = model.evaluate(data.frame().repartition(3), "features", "label");
            assertEquals(3000, spark.count());
            assertArrayEquals(local.confusionMatrix(), spark.confusionMatrix());
            assertEquals(local.accuracy(), spark.accuracy(), 0.0);
            assertNull(model.stats());
        }
    }

    @Test
    void regressionPredictsValuesAndEvaluates(@TempDir Path dir) {
        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().seed(9)
                .updater(new Sgd(0.05)).list()
                .layer(new Dense.Builder().nIn(3).nOut(8).activation(Activation.TANH).build())
                .layer(new Output.Builder().nOut(1).activation(Activation.IDENTITY)
                        .loss(LossFunction.MSE).build())
                .build();
        List<Row> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 400; i++) {
            double a = r.nextDouble();
            double b = r.nextDouble();
            double c = r.nextDouble();
            rows.add(RowFactory.create(new Double[] {a, b, c}, a + 0.5 * b - c));
        }
        Dataset<Row> df = SparkTests.spark().createDataFrame(rows, new StructType()
                .add("x", DataTypes.createArrayType(DataTypes.DoubleType, false))
                .add("y", DataTypes.DoubleType));
        SparkTrainer trainer = SparkTrainer.builder(conf).workers(2).batchSizePerWorker(20)
                .averagingFrequency(2).build();
        try (SparkModel model = trainer.fit(df, "x", "y", 4)) {
            RegressionEvaluation ev = model.evaluateRegression(df, "x", "y");
            assertEquals(400, ev.count(0));
            assertTrue(ev.meanSquaredError(0) < 0.1, ev.stats());
            Row first = model.transform(df, "x", "yhat", null).first();
            assertEquals(3, first.size());
            try (NDArray in = NDArray.create(new float[][] {{
                    ((Number) first.getList(0).get(0)).floatValue(),
                    ((Number) first.getList(0).get(1)).floatValue(),
                    ((Number) first.getList(0).get(2)).floatValue()}});
                    NDArray out = model.network().output(in)) {
                assertEquals(out.getDouble(0, 0), first.getDouble(2), 1e-6);
            }
            // A local path and a file:// URI name the same kind of file; both load back.
            String local = dir.resolve("reg.zip").toString();
            model.save(local);
            String uri = dir.resolve("reg2.zip").toUri().toString();
            model.save(uri);
            try (SparkModel a = SparkModel.load(local); SparkModel b = SparkModel.load(uri)) {
                RegressionEvaluation ea = a.evaluateRegression(df, "x", "y");
                assertEquals(ev.meanSquaredError(0), ea.meanSquaredError(0), 1e-12);
                assertEquals(ev.meanSquaredError(0),
                        b.evaluateRegression(df, "x", "y").meanSquaredError(0), 1e-12);
            }
        }
    }

    /**
     * A vector column (a user-defined type like Spark ML's Vector) trains exactly like the same
     * numbers in an array column, and scores and evaluates the same.
     */
    @Test
    void vectorColumnsWorkLikeArrays() {
        SparkTests.Data data = SparkTests.blobs(64, 15, 1.0);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.y().length; i++) {
            double[] v = new double[SparkTests.FEATURES];
            for (int j = 0; j < v.length; j++) {
                v[j] = data.x()[i][j];
            }
            rows.add(RowFactory.create(new PointUdt.Point(v), data.y()[i]));
        }
        Dataset<Row> vectors = SparkTests.spark().createDataFrame(rows, new StructType()
                .add("features", new PointUdt()).add("label", DataTypes.IntegerType))
                .coalesce(1);
        SparkTrainer trainer = SparkTrainer.builder(SparkTests.mlp(2)).workers(1)
                .batchSizePerWorker(16).averagingFrequency(2).build();
        try (SparkModel fromVectors = trainer.fit(vectors, "features", "label", 1);
                SparkModel fromArrays = trainer.fit(data.frame(), "features", "label", 1)) {
            float[] a = new float[org.pybridge.nn.NetworkState.length(fromVectors.network(),
                    true)];
            float[] b = new float[a.length];
            org.pybridge.nn.NetworkState.get(fromVectors.network(), true, a);
            org.pybridge.nn.NetworkState.get(fromArrays.network(), true, b);
            assertArrayEquals(b, a);
            assertArrayEquals(fromArrays.evaluate(data.frame(), "features", "label")
                    .confusionMatrix(), fromVectors.evaluate(vectors, "features", "label")
                    .confusionMatrix());
            assertEquals(fromVectors.transform(data.frame()).select("prediction")
                    .collectAsList(), fromVectors.transform(vectors).select("prediction")
                    .collectAsList());
        }
    }

    @Test
    void badColumnsAreExplained() {
        SparkTests.Data data = SparkTests.blobs(10, 6, 1.0);
        try (SparkModel model = SparkModel.of(new MultiLayerNetwork(SparkTests.mlp(1)))) {
            Dataset<Row> df = data.frame();
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> model.transform(df, "pixels", "prediction"));
            assertTrue(missing.getMessage().contains("no features column 'pixels'")
                    && missing.getMessage().contains("features, label"), missing.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> model.evaluate(df, "label", "label"));
            assertTrue(type.getMessage().contains("array of numbers"), type.getMessage());
            IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                    () -> model.transform(df, "features", "label"));
            assertTrue(clash.getMessage().contains("already has a column 'label'"),
                    clash.getMessage());
        }
    }
}
