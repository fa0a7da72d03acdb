package org.pybridge.spark;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A step applied to the input DataFrame before {@link SparkTrainer} and {@link SparkModel}
 * read its features and label columns: the extension point for ETL that must run on the
 * executors, such as a {@code TransformProcess} of {@code org.pybridge.data} executed by its JVM
 * executor inside {@code mapPartitions}. Anything expressible as a DataFrame transformation
 * works today.
 *
 * <pre>{@code
 * InputTransform scale = df -> df.withColumn("x", functions.col("x").divide(255));
 * SparkTrainer.builder(conf).inputTransform(scale).build();
 * }</pre>
 */
@FunctionalInterface
public interface InputTransform extends Serializable {
    /** The transformed data; must keep (or create) the features and label columns. */
    Dataset<Row> apply(Dataset<Row> data);
}
