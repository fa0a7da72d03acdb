package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NetworkState;
import org.pybridge.tensor.NDArray;

/** Parameter averaging on local[2]: exactness with one worker, accuracy with two. */
@ExtendWith(LeakCheck.class)
class ParameterAveragingTest {

    private static float[] state(MultiLayerNetwork net) {
        float[] v = new float[NetworkState.length(net, true)];
        NetworkState.get(net, true, v);
        return v;
    }

    /**
     * One worker: averaging is the identity, so any averaging frequency must reproduce
     * {@code MultiLayerNetwork.fit} on the same rows in the same order, bit for bit (parameters,
     * Adam's moments and the step counter travel through broadcast and aggregation).
     */
    @Test
    void oneWorkerEqualsLocalFitExactly() {
        SparkTests.Data data = SparkTests.blobs(120, 1, 1.0);
        Dataset<Row> df = data.frame();
        for (int frequency : new int[] {1, 3}) {
            SparkTrainer trainer = SparkTrainer.builder(SparkTests.mlp(11)).workers(1)
                    .batchSizePerWorker(16).averagingFrequency(frequency)
                    .repartition(Repartition.WHEN_NEEDED).build();
            try (SparkModel model = trainer.fit(df, "features", "label", 2);
                    MultiLayerNetwork local = new MultiLayerNetwork(SparkTests.mlp(11));
                    NDArray x = data.features(); NDArray y = data.labels()) {
                local.fit(x, y, 2, 16, false);
                assertArrayEquals(state(local), state(model.network()),
                        "frequency " + frequency);
                assertEquals(local.getIterationCount(), model.network().getIterationCount());
                assertEquals(2, model.network().getEpochCount());
                assertEquals(1, model.stats().workers());
                assertEquals(120 * 2, model.stats().examples());
            }
        }
    }

    /**
     * A network given to the builder continues from its parameters, Adam state and counters:
     * one local epoch then one Spark epoch equals two local epochs. The JSON builder gives the
     * same trainer as the configuration builder.
     */
    @Test
    void trainingContinuesFromAGivenNetwork() {
        SparkTests.Data data = SparkTests.blobs(96, 2, 1.0);
        Dataset<Row> df = data.frame();
        try (MultiLayerNetwork first = new MultiLayerNetwork(SparkTests.mlp(4));
                MultiLayerNetwork both = new MultiLayerNetwork(SparkTests.mlp(4));
                NDArray x = data.features(); NDArray y = data.labels()) {
            first.fit(x, y, 1, 16, false);
            both.fit(x, y, 2, 16, false);
            try (SparkModel model = SparkTrainer.builder(first).workers(1).batchSizePerWorker(16)
                    .averagingFrequency(2).build().fit(df, "features", "label", 1)) {
                assertArrayEquals(state(both), state(model.network()));
                assertEquals(2, model.network().getEpochCount());
                assertEquals(both.getIterationCount(), model.network().getIterationCount());
            }
            try (SparkModel a = SparkTrainer.builder(SparkTests.mlp(4).toJson()).workers(1)
                    .build().fit(df, "features", "label", 1);
                    SparkModel b = SparkTrainer.builder(SparkTests.mlp(4)).workers(1).build()
                            .fit(df, "features", "label", 1)) {
                assertArrayEquals(state(a.network()), state(b.network()));
            }
        }
    }

    /**
     * Two workers in separate task threads reach the accuracy of single-machine training after
     * the same number of epochs (within 1 point on held-out data).
     */
    @Test
    void twoWorkersReachLocalAccuracy() {
        SparkTests.Data train = SparkTests.blobs(4000, 2, 1.6);
        SparkTests.Data test = SparkTests.blobs(2000, 3, 1.6);
        SparkTrainer trainer = SparkTrainer.builder(SparkTests.mlp(5)).workers(2)
                .batchSizePerWorker(32).averagingFrequency(5).build();
        try (SparkModel model = trainer.fit(train.frame(), "features", "label", 4);
                MultiLayerNetwork local = new MultiLayerNetwork(SparkTests.mlp(5));
                NDArray x = train.features(); NDArray y = train.labels();
                NDArray tx = test.features(); NDArray ty = test.labels()) {
            local.fit(x, y, 4, 32, true);
            double localAccuracy = local.evaluate(tx, ty).accuracy();
            double sparkAccuracy = model.network().evaluate(tx, ty).accuracy();
            assertTrue(localAccuracy > 0.8 && localAccuracy < 0.99, "local " + localAccuracy);
            assertTrue(sparkAccuracy >= localAccuracy - 0.01,
                    "spark " + sparkAccuracy + " vs local " + localAccuracy);

            TrainingStats st = model.stats();
            assertEquals(2, st.workers());
            assertEquals(4000L * 4, st.examples());
            // 2000 rows per worker = 63 minibatches of 32 -> 13 rounds of 5 per epoch.
            assertEquals(13 * 4, st.rounds());
            assertTrue(st.fitMs() > 0 && st.totalMs() >= st.fitMs(), st.toString());
            double phases = st.prepareMs() + st.broadcastMs() + st.fitMs() + st.aggregateMs()
                    + st.checkpointMs();
            assertTrue(phases <= st.totalMs() * 1.01 && phases >= st.totalMs() * 0.9,
                    st.toString());
            assertTrue(st.examplesPerSecond() > 0
                    && st.trainingExamplesPerSecond() > st.examplesPerSecond(), st.toString());
            assertEquals(2, st.roundStats().get(0).workers());
            assertTrue(!st.executors().isEmpty(), st.toString());
            assertEquals(ProcessHandle.current().pid(), st.executors().get(0).pid(),
                    "local mode runs the tasks in this JVM");
            Map<String, Object> json = org.pybridge.nn.internal.Json.parseObject(st.toJson());
            assertEquals(52L, json.get("rounds"));
            assertTrue(st.toString().contains("aggregate"), st.toString());
        }
    }
}
