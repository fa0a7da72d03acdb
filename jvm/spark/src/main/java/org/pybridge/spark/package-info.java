/**
 * Distributed training, inference and evaluation of pybridge networks on Apache Spark: the same
 * JVM engine runs on the executors.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder(conf)
 *         .batchSizePerWorker(32).averagingFrequency(5).workers(2).build();
 * try (SparkModel model = trainer.fit(df, "features", "label", 3)) {
 *     System.out.println(model.stats());                 // time per phase, examples/s
 *     Dataset<Row> scored = model.transform(df, "features", "prediction");
 *     System.out.println(model.evaluate(df, "features", "label").stats());
 *     model.save("hdfs:///models/mlp.zip");               // the ordinary model file
 * }
 * }</pre>
 *
 * <p>{@link org.pybridge.spark.SparkTrainer} averages parameters and updater state across
 * workers (DL4J's parameter averaging); {@link org.pybridge.spark.SparkModel} scores and
 * evaluates in executors; {@link org.pybridge.spark.TrainingStats} reports where the time
 * went. Spark itself is a {@code provided} dependency: the cluster, or pyspark's pip package,
 * brings it. On JDK 17+ Spark needs the {@code --add-opens} options of its launcher.
 */
package org.pybridge.spark;
