package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NetworkState;

/**
 * Checkpoints every N rounds to a file:// Hadoop path, resuming from the latest, and a task
 * failure retried by Spark: each gives exactly the parameters of an uninterrupted run.
 */
@ExtendWith(LeakCheck.class)
class CheckpointTest {
    private static float[] state(MultiLayerNetwork net) {
        float[] v = new float[NetworkState.length(net, true)];
        NetworkState.get(net, true, v);
        return v;
    }

    private static SparkTrainer.Builder builder() {
        // 2 workers x 300 rows = 10 minibatches of 30 -> 4 rounds of 3 per epoch, in an order
        // shuffled per epoch from the seed (which a resumed run must reproduce).
        return SparkTrainer.builder(SparkTests.mlp(21)).workers(2).batchSizePerWorker(30)
                .averagingFrequency(3).seed(5);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void resumeFromTheLatestCheckpointEqualsAnUninterruptedRun(@TempDir Path dir)
            throws IOException {
        Dataset<Row> df = SparkTests.blobs(600, 8, 1.2).frame().repartition(2).cache();
        String uri = dir.toUri().toString();
        try (SparkModel full = builder().build().fit(df, "features", "label", 2);
                SparkModel checkpointed = builder().checkpoint(uri, 3).build()
                        .fit(df, "features", "label", 2)) {
            float[] expected = state(full.network());
            assertArrayEquals(expected, state(checkpointed.network()),
                    "checkpointing changes nothing");
            // 8 rounds: checkpoints after rounds 3 and 6, and the final one (8).
            assertEquals(List.of("checkpoint-000003.json", "checkpoint-000003.zip",
                    "checkpoint-000006.json", "checkpoint-000006.zip", "checkpoint-000008.json",
                    "checkpoint-000008.zip"), names(dir));
            assertTrue(checkpointed.stats().checkpointMs() > 0);

            // A crash after round 6 (mid second epoch): only checkpoints 3 and 6 survive.
            for (String n : List.of("checkpoint-000008.json", "checkpoint-000008.zip")) {
                Files.delete(dir.resolve(n));
            }
            try (SparkModel resumed = builder().build().resume(uri, df, "features", "label",
                    2)) {
                assertArrayEquals(expected, state(resumed.network()));
                assertEquals(full.network().getIterationCount(),
                        resumed.network().getIterationCount());
                assertEquals(2, resumed.stats().rounds(), "rounds 7 and 8 only");
            }
            // A model file without its progress file is not a checkpoint: resume uses round 3.
            Files.delete(dir.resolve("checkpoint-000006.json"));
            try (SparkModel resumed = builder().build().resume(uri, df, "features", "label",
                    2)) {
                assertArrayEquals(expected, state(resumed.network()));
                assertEquals(5, resumed.stats().rounds());
            }
            // Resuming with other settings is refused with the reason.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> builder().averagingFrequency(2).build().resume(uri, df, "features",
                            "label", 2));
            assertTrue(e.getMessage().contains("averaging every 3"), e.getMessage());
        } finally {
            df.unpersist();
        }
    }

    @Test
    void resumeWithoutCheckpointsIsExplained(@TempDir Path dir) {
        Dataset<Row> df = SparkTests.blobs(20, 8, 1.2).frame();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder().build().resume(dir.toUri().toString(), df, "features", "label",
                        1));
        assertTrue(e.getMessage().contains("No checkpoint in"), e.getMessage());
    }

    /**
     * Partition 1 fails on its first attempt of round 2; Spark retries the task (local[2,2]
     * allows one retry) and training ends with exactly the parameters of a run without failure.
     */
    @Test
    void aRetriedTaskGivesTheSameModel() {
        Dataset<Row> df = SparkTests.blobs(600, 9, 1.2).frame().repartition(2).cache();
        try (SparkModel clean = builder().build().fit(df, "features", "label", 1);
                SparkModel retried = builder().roundHook((round, partition, attempt) -> {
                    if (round == 2 && partition == 1 && attempt == 0) {
                        throw new IllegalStateException("injected failure of round 2");
                    }
                }).build().fit(df, "features", "label", 1)) {
            assertArrayEquals(state(clean.network()), state(retried.network()));
            assertEquals(4, retried.stats().rounds());
            try (SparkModel dataOrder = SparkTrainer.builder(SparkTests.mlp(21)).workers(2)
                    .batchSizePerWorker(30).averagingFrequency(3).build()
                    .fit(df, "features", "label", 1)) {
                assertFalse(java.util.Arrays.equals(state(clean.network()),
                        state(dataOrder.network())), "the seed shuffles the minibatch order");
            }
        } finally {
            df.unpersist();
        }
    }

    /**
     * Rounds run as one job: a worker that fails while the other is still training must not
     * leave that one waiting at the next barrier (it would wait for the barrier's timeout).
     * Worker 0 is slow at round 2 while worker 1 fails there once; the fit finishes promptly,
     * round by round from round 2, with the parameters of an uninterrupted run.
     */
    @Test
    void aWorkerStillTrainingWhenAnotherFailsDoesNotWait() {
        Dataset<Row> df = SparkTests.blobs(600, 9, 1.2).frame().repartition(2).cache();
        try (SparkModel clean = builder().build().fit(df, "features", "label", 1)) {
            long t0 = System.nanoTime();
            try (SparkModel retried = builder().roundHook((round, partition, attempt) -> {
                if (round == 2 && partition == 0 && attempt == 0) {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (round == 2 && partition == 1 && attempt == 0) {
                    throw new IllegalStateException("injected failure of round 2");
                }
            }).build().fit(df, "features", "label", 1)) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(seconds < 60, "the fit took " + seconds + " s");
                assertArrayEquals(state(clean.network()), state(retried.network()));
                assertEquals(4, retried.stats().rounds());
            }
        } finally {
            df.unpersist();
        }
    }

    /** Without a retry left, the failure reaches the caller with the task's message. */
    @Test
    void aTaskThatKeepsFailingFailsTheFit() {
        Dataset<Row> df = SparkTests.blobs(100, 9, 1.2).frame();
        Exception e = assertThrows(Exception.class, () -> builder().roundHook(
                (round, partition, attempt) -> {
                    throw new IllegalStateException("always failing");
                }).build().fit(df, "features", "label", 1));
        assertTrue(String.valueOf(e.getMessage()).contains("always failing"), e.toString());
    }
}
