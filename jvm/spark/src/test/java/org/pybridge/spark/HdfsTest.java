package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NetworkState;

/**
 * A real HDFS (Hadoop's MiniDFSCluster: a NameNode and a DataNode in this JVM): training data,
 * checkpoints and the model file all live on hdfs:// paths.
 */
@ExtendWith(LeakCheck.class)
class HdfsTest {
    @TempDir
    static Path base;
    private static MiniDFSCluster cluster;
    private static String root;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base.toFile(), "hdfs")
                .getAbsolutePath());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        root = cluster.getURI().toString();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    private static float[] state(MultiLayerNetwork net) {
        float[] v = new float[NetworkState.length(net, true)];
        NetworkState.get(net, true, v);
        return v;
    }

    @Test
    void trainCheckpointSaveAndResumeOnHdfs() {
        assertTrue(root.startsWith("hdfs://"), root);
        String data = root + "/data/train.parquet";
        SparkTests.blobs(400, 14, 1.0).frame().repartition(2).write().parquet(data);
        Dataset<Row> df = SparkData.read(SparkTests.spark(), data, "parquet");
        String ckpt = root + "/ckpt";
        SparkTrainer.Builder b = SparkTrainer.builder(SparkTests.mlp(8)).workers(2)
                .batchSizePerWorker(25).averagingFrequency(2).repartition(Repartition.NEVER);
        try (SparkModel model = b.checkpoint(ckpt, 2).build().fit(df, "features", "label",
                1)) {
            String file = root + "/models/mlp.zip";
            model.save(file);
            try (SparkModel loaded = SparkModel.load(file)) {
                assertArrayEquals(state(model.network()), state(loaded.network()));
                assertEquals(model.evaluate(df, "features", "label").accuracy(),
                        loaded.evaluate(df, "features", "label").accuracy(), 0.0);
            }
            // 200 rows per worker: 8 minibatches, 4 rounds; one more epoch from the last
            // checkpoint equals two epochs in one go.
            try (SparkModel resumed = b.build().resume(ckpt, df, "features", "label", 2);
                    SparkModel twoEpochs = b.build().fit(df, "features", "label", 2)) {
                assertEquals(4, resumed.stats().rounds());
                assertArrayEquals(state(twoEpochs.network()), state(resumed.network()));
            }
        }
    }
}
