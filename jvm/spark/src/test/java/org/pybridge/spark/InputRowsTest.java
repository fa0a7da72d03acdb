package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.NDArray;

/**
 * Training rows of every primitive element type read straight from Spark's internal rows, the
 * minibatches dealt to the workers in local mode, and bad rows named in the error.
 */
@ExtendWith(LeakCheck.class)
class InputRowsTest {
    private static final int N = 203;

    /** N rows of blob features as {@code elementType}, labels as {@code labelType}. */
    private static Dataset<Row> frame(SparkTests.Data d, DataType elementType, DataType labelType,
            int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < d.y().length; i++) {
            Object[] f = new Object[SparkTests.FEATURES];
            for (int j = 0; j < f.length; j++) {
                double v = d.x()[i][j];
                f[j] = elementType == DataTypes.DoubleType ? (Object) v
                        : elementType == DataTypes.IntegerType ? (Object) (int) Math.round(v * 10)
                        : (Object) (float) v;
            }
            Object label = labelType == DataTypes.LongType ? (Object) (long) d.y()[i]
                    : labelType == DataTypes.DoubleType ? (Object) (double) d.y()[i]
                    : (Object) d.y()[i];
            rows.add(RowFactory.create(f, label));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(elementType, true), true)
                .add("label", labelType, true);
        return SparkTests.spark().createDataFrame(rows, schema).repartition(partitions);
    }

    private static SparkTrainer trainer(Repartition mode) {
        return SparkTrainer.builder(SparkTests.mlp(3)).workers(2).batchSizePerWorker(16)
                .averagingFrequency(4).repartition(mode).build();
    }

    @Test
    void everyElementTypeTrainsOnEveryRowOnce() {
        SparkTests.Data d = SparkTests.blobs(N, 4, 1.0);
        DataType[][] types = {{DataTypes.DoubleType, DataTypes.LongType},
            {DataTypes.IntegerType, DataTypes.DoubleType},
            {DataTypes.FloatType, DataTypes.IntegerType}};
        for (DataType[] t : types) {
            // 3 input partitions dealt to 2 workers: their short last batches are joined
            try (SparkModel m = trainer(Repartition.ALWAYS).fit(frame(d, t[0], t[1], 3),
                    "features", "label", 2)) {
                TrainingStats st = m.stats();
                assertEquals(2L * N, st.examples(), t[0] + "/" + t[1]);
                assertEquals(2, st.workers());
                // 203 rows = 12 full batches of 16 + 11: 7 and 6 batches per worker
                assertEquals(2 * 2, st.rounds(), st.toString());
            }
        }
        try (SparkModel m = trainer(Repartition.NEVER).fit(
                frame(d, DataTypes.FloatType, DataTypes.IntegerType, 3), "features", "label", 1);
                NDArray x = d.features(); NDArray y = d.labels()) {
            assertEquals(3, m.stats().workers(), "one worker per input partition");
            assertEquals(N, m.stats().examples());
            assertTrue(m.network().evaluate(x, y).accuracy() > 0.3);
        }
    }

    /**
     * Unequal partitions kept as they are: the smaller worker runs out of minibatches before
     * the last round of each epoch and idles through it, and every row is still trained once.
     */
    @Test
    void aWorkerWithFewerMinibatchesIdlesThroughTheLastRounds() {
        SparkTests.Data d = SparkTests.blobs(N, 5, 1.0);
        Dataset<Row> all = frame(d, DataTypes.FloatType, DataTypes.IntegerType, 1);
        List<Row> rows = all.collectAsList();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(
                SparkTests.spark().sparkContext());
        // an RDD union keeps one partition per side (150 and 40 rows)
        Dataset<Row> df = SparkTests.spark().createDataFrame(
                jsc.parallelize(rows.subList(0, 150), 1).union(
                        jsc.parallelize(rows.subList(150, 190), 1)), all.schema());
        assertEquals(2, df.javaRDD().getNumPartitions());
        try (SparkModel m = trainer(Repartition.NEVER).fit(df, "features", "label", 2)) {
            TrainingStats st = m.stats();
            assertEquals(2, st.workers());
            assertEquals(2L * 190, st.examples());
            // 150 rows = 10 minibatches of 16 -> 3 rounds of 4 per epoch; 40 rows = 3 -> 1
            assertEquals(3 * 2, st.rounds(), st.toString());
            assertEquals(1, st.roundStats().get(1).workers(), "the small worker idles");
        }
    }

    @Test
    void badRowsAreNamed() {
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, true), true)
                .add("label", DataTypes.IntegerType, true);
        Float[] ok = new Float[SparkTests.FEATURES];
        java.util.Arrays.fill(ok, 0.5f);
        Float[] holey = ok.clone();
        holey[3] = null;
        Object[][] cases = {{null, 1, "has a null value"},
            {new Float[] {1f, 2f}, 1, "has a row of 2 values; the network expects 12"},
            {holey, 1, "holds a null element"}, {ok, null, "'label' has a null value"}};
        for (Object[] c : cases) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                rows.add(RowFactory.create(ok, 0));
            }
            rows.add(RowFactory.create(c[0], c[1]));
            Dataset<Row> df = SparkTests.spark().createDataFrame(rows, schema).coalesce(1);
            Exception e = assertThrows(Exception.class,
                    () -> trainer(Repartition.ALWAYS).fit(df, "features", "label", 1).close());
            String text = messages(e);
            assertTrue(text.contains((String) c[2]), text);
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
