package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.data.CsvReader;
import org.pybridge.data.ModelPipeline;
import org.pybridge.data.Table;
import org.pybridge.nn.Activation;
import org.pybridge.nn.Adam;
import org.pybridge.nn.Dense;
import org.pybridge.nn.Evaluation;
import org.pybridge.nn.LossFunction;
import org.pybridge.nn.NeuralNetConfiguration;
import org.pybridge.nn.Output;
import org.pybridge.tensor.NDArray;

/** Training, scoring and evaluation on raw CSV columns through a TransformProcess. */
@ExtendWith(LeakCheck.class)
class TransformTrainingTest {
    private static final String[] FEATURES = {"sepal_length", "sepal_width", "petal_length",
        "petal_width"};
    private static final String[] SPECIES = {"setosa", "versicolor", "virginica"};
    private static final double[][] CENTERS = {{5.0, 3.4, 1.5, 0.25}, {5.9, 2.8, 4.3, 1.3},
        {6.6, 3.0, 5.6, 2.0}};
    private static final double[] SPREAD = {0.35, 0.3, 0.4, 0.2};

    /** Iris-like rows (id, four measurements with a few missing, species) as CSV text. */
    private static String irisCsv(int rows, double[][] values, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("id,sepal_length,sepal_width,petal_length,"
                + "petal_width,species\n");
        for (int i = 0; i < rows; i++) {
            int y = r.nextInt(3);
            sb.append(i);
            for (int j = 0; j < 4; j++) {
                values[i][j] = Math.round((CENTERS[y][j] + SPREAD[j] * r.nextGaussian()) * 100)
                        / 100.0;
                boolean missing = r.nextInt(50) == 0;
                values[i][j] = missing ? Double.NaN : values[i][j];
                sb.append(',').append(missing ? "" : String.valueOf(values[i][j]));
            }
            sb.append(',').append(SPECIES[y]).append('\n');
        }
        return sb.toString();
    }

    /** The transform Python's tp.fit would write: means and population stds of the data. */
    private static String fittedTransform(double[][] values) {
        List<String> columns = new ArrayList<>(List.of(SparkTransformsTest.col("id", "int64")));
        List<String> steps = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            columns.add(SparkTransformsTest.col(FEATURES[j], "double"));
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (double[] row : values) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    sq += row[j] * row[j];
                    n++;
                }
            }
            double mean = sum / n;
            double std = Math.sqrt(sq / n - mean * mean);
            steps.add("{\"op\": \"replace_missing\", \"column\": \"" + FEATURES[j]
                    + "\", \"strategy\": \"mean\", \"value\": " + mean + "}");
            steps.add("{\"op\": \"normalize\", \"column\": \"" + FEATURES[j] + "\", \"method\": "
                    + "\"standardize\", \"range\": null, \"stats\": {\"mean\": " + mean
                    + ", \"std\": " + std + "}}");
        }
        columns.add(SparkTransformsTest.col("species", "string"));
        steps.add("{\"op\": \"string_to_categorical\", \"column\": \"species\", \"categories\": "
                + "[\"setosa\", \"versicolor\", \"virginica\"]}");
        steps.add("{\"op\": \"categorical_to_integer\", \"column\": \"species\"}");
        steps.add("{\"op\": \"remove_columns\", \"columns\": [\"id\"]}");
        return SparkTransformsTest.transform(String.join(", ", columns),
                String.join(", ", steps));
    }

    @Test
    void trainsOnRawCsvAndScoresRawRows(@TempDir Path dir) throws IOException {
        int n = 600;
        double[][] values = new double[n][4];
        Path csv = dir.resolve("iris.csv");
        Files.writeString(csv, irisCsv(n, values, 3), StandardCharsets.UTF_8);
        String json = fittedTransform(values);

        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().seed(5)
                .updater(new Adam(0.02)).list()
                .layer(new Dense.Builder().nIn(4).nOut(16).activation(Activation.RELU).build())
                .layer(new Output.Builder().nOut(3).activation(Activation.SOFTMAX)
                        .loss(LossFunction.MCXENT).build())
                .build();
        SparkTrainer trainer = SparkTrainer.builder(conf).workers(2).batchSizePerWorker(16)
                .averagingFrequency(3)
                .inputTransform(SparkTransforms.transformProcess(json, "features", "species"))
                .build();
        // One partition keeps the file's row order, to line rows up with the Java pipeline.
        Dataset<Row> raw = SparkData.read(SparkTests.spark(), csv.toUri().toString(), "csv")
                .coalesce(1);
        try (SparkModel model = trainer.fit(raw, "features", "species", 12)) {
            Evaluation ev = model.evaluate(raw, "features", "species");
            assertEquals(n, ev.count());
            assertTrue(ev.accuracy() > 0.9, ev.stats());

            // Rows to score have no label: the transform fills it with nulls.
            List<Row> scored = model.transform(raw.drop("species"), "features", "prediction")
                    .collectAsList();
            assertEquals(n, scored.size());
            Path file = dir.resolve("iris.zip");
            model.save(file.toString());

            Table rawTable = CsvReader.builder().build().read(csv).table();
            try (ModelPipeline pipeline = ModelPipeline.load(file, "species");
                    NDArray probs = pipeline.output(rawTable)) {
                assertEquals(List.of(FEATURES), pipeline.featureColumns());
                float[][] expected = probs.toFloatMatrix();
                int correct = 0;
                for (int i = 0; i < n; i++) {
                    Row row = scored.get(i);
                    List<Float> p = row.getList(row.fieldIndex("probability"));
                    float[] got = new float[3];
                    for (int c = 0; c < 3; c++) {
                        got[c] = p.get(c);
                    }
                    assertArrayEquals(expected[i], got, 1e-5f, "row " + i);
                    assertNull(row.get(row.fieldIndex("species")));
                    int predicted = (int) row.getDouble(row.fieldIndex("prediction"));
                    correct += SPECIES[predicted].equals(rawTable.column("species").getString(i))
                            ? 1 : 0;
                }
                assertEquals(ev.accuracy(), correct / (double) n, 1e-9);
            }

            try (SparkModel loaded = SparkModel.load(file.toString())) {
                assertNull(loaded.inputTransform());
                loaded.setInputTransform(SparkTransforms.transformProcess(
                        loaded.network().transformJson(), "features", "species"));
                assertEquals(ev.accuracy(),
                        loaded.evaluate(raw, "features", "species").accuracy(), 1e-9);
            }
        }
    }
}
