package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.Evaluation;

/** Training data from Parquet and CSV files on file:// Hadoop paths, models saved beside. */
@ExtendWith(LeakCheck.class)
class HadoopPathsTest {
    private static SparkTrainer trainer() {
        return SparkTrainer.builder(SparkTests.mlp(4)).workers(2).batchSizePerWorker(32)
                .averagingFrequency(4).seed(1).build();
    }

    @Test
    void parquetInModelFileOut(@TempDir Path dir) {
        String data = dir.resolve("train.parquet").toUri().toString();
        SparkTests.blobs(1000, 12, 1.0).frame().write().mode(SaveMode.Overwrite).parquet(data);
        SparkData.read(SparkTests.spark(), data, "parquet").createOrReplaceTempView("blobs");
        Dataset<Row> df = SparkData.table("blobs");
        try (SparkModel model = trainer().fit(df, "features", "label", 3)) {
            Evaluation ev = model.evaluate(df, "features", "label");
            assertEquals(1000, ev.count());
            assertTrue(ev.accuracy() > 0.9, ev.stats());
            String file = dir.resolve("models").resolve("mlp.zip").toUri().toString();
            model.save(file);
            try (SparkModel loaded = SparkModel.load(file)) {
                assertEquals(ev.accuracy(), loaded.evaluate(df, "features", "label").accuracy(),
                        0.0);
            }
        }
    }

    @Test
    void csvColumnsAssembledIntoFeatures(@TempDir Path dir) {
        SparkTests.Data blobs = SparkTests.blobs(1000, 13, 1.0);
        Dataset<Row> wide = blobs.frame();
        for (int j = 0; j < SparkTests.FEATURES; j++) {
            wide = wide.withColumn("f" + j, functions.col("features").getItem(j));
        }
        String csv = dir.resolve("train.csv").toUri().toString();
        wide.drop("features").write().option("header", "true").csv(csv);

        Dataset<Row> df = SparkData.read(SparkTests.spark(), csv, "csv");
        assertEquals("int", df.schema().apply("label").dataType().simpleString());
        String[] cols = new String[SparkTests.FEATURES];
        for (int j = 0; j < cols.length; j++) {
            cols[j] = "f" + j;
        }
        df = SparkData.assemble(df, "features", cols);
        // Serialized caching: the minibatches go through Java serialization on the executors.
        SparkTrainer serialized = SparkTrainer.builder(SparkTests.mlp(4)).workers(2)
                .batchSizePerWorker(32).averagingFrequency(4)
                .storageLevel(StorageLevel.MEMORY_AND_DISK_SER()).build();
        try (SparkModel model = serialized.fit(df, "features", "label", 3)) {
            Evaluation ev = model.evaluate(df, "features", "label");
            assertEquals(1000, ev.count());
            assertTrue(ev.accuracy() > 0.9, ev.stats());
            long predicted = model.transform(df).filter("prediction = label").count();
            assertEquals(Math.round(ev.accuracy() * 1000), predicted);
        }
    }
}
