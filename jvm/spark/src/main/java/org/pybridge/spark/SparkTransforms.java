package org.pybridge.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.pybridge.data.ColumnType;
import org.pybridge.data.Schema;
import org.pybridge.data.TransformProcess;
import org.pybridge.spark.internal.TableRows;
import org.pybridge.spark.internal.TransformTask;

/**
 * {@link InputTransform}s that run a fitted {@code org.pybridge.data} TransformProcess (the
 * JSON Python's {@code tp.to_json()} writes) on the executors with the JVM executor, so raw
 * columns read by Spark from any Hadoop path (CSV, Parquet...) become training input.
 *
 * <pre>{@code
 * Dataset<Row> raw = SparkData.read(spark, "hdfs:///data/iris.csv", "csv");
 * SparkTrainer trainer = SparkTrainer.builder(conf)
 *         .inputTransform(SparkTransforms.transformProcess(tpJson, "features", "species"))
 *         .build();
 * try (SparkModel model = trainer.fit(raw, "features", "species", 10)) {
 *     model.evaluate(raw, "features", "species");   // raw rows: the model replays the transform
 *     model.save("hdfs:///models/iris.zip");         // carries the transform (ModelPipeline)
 * }
 * }</pre>
 *
 * <p>Types. Input: a transform column of type int64 takes Spark long/int/short/byte; double
 * takes double/float and the integer types; string and categorical take string (categorical
 * values must be among the categories); boolean takes boolean; timestamp takes timestamp or
 * timestamp_ntz (read as UTC), as microseconds. Output: int64 becomes long, double double,
 * string string, categorical string (the category name; use categorical_to_integer or
 * categorical_to_one_hot for numbers), boolean boolean, timestamp timestamp. Every output
 * column is nullable and nulls pass through as nulls. The output has exactly the transform's
 * output columns: DataFrame columns the transform's schema does not name are dropped.
 *
 * <p>The schema is checked on the driver when the transform is applied, before any job runs:
 * a missing column or an incompatible type fails naming the column and both types.
 */
public final class SparkTransforms {
    /** Rows handed to the JVM executor at a time on an executor. */
    public static final int CHUNK_ROWS = 4096;

    private SparkTransforms() {
    }

    /**
     * Runs the fitted transform {@code tpJson} on every partition; the result has the columns
     * of the transform's final schema.
     *
     * @throws IllegalArgumentException when the JSON is not a transform
     * @throws IllegalStateException when the transform is not fitted
     */
    public static InputTransform transformProcess(String tpJson) {
        return new ProcessTransform(tpJson, null, List.of());
    }

    /**
     * Like {@link #transformProcess(String)}, then gathers every output column that is not a
     * label, in order, into an array&lt;float&gt; column {@code featuresCol} (the order
     * {@code ModelPipeline} and Python's {@code DataSetIterator} use). Label columns the input
     * lacks (rows to score) are added as nulls first, so the same transform serves training
     * and prediction.
     *
     * @throws IllegalArgumentException when a label is not an output column, or a feature
     *     column is not numeric (int64, double, boolean)
     */
    public static InputTransform transformProcess(String tpJson, String featuresCol,
            String... labelCols) {
        if (featuresCol == null) {
            throw new IllegalArgumentException("The features column name is null.");
        }
        return new ProcessTransform(tpJson, featuresCol, List.of(labelCols));
    }

    /** The JSON of a transform made here, or null for any other InputTransform. */
    static String transformJson(InputTransform t) {
        return t instanceof ProcessTransform p ? p.json : null;
    }

    /** A column reference that takes the name literally (names like {@code c[a]} are common). */
    static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /** The transform, parsed and checked on the driver; only its JSON travels. */
    private static final class ProcessTransform implements InputTransform {
        private static final long serialVersionUID = 1L;

        private final String json;
        private final String featuresCol;
        private final List<String> labels;

        ProcessTransform(String json, String featuresCol, List<String> labels) {
            if (json == null) {
                throw new IllegalArgumentException("The transform JSON is null.");
            }
            TransformProcess tp = TransformProcess.fromJson(json);
            Schema out = tp.finalSchema();
            this.json = json;
            this.featuresCol = featuresCol;
            this.labels = List.copyOf(new LinkedHashSet<>(labels));
            if (featuresCol != null) {
                featureColumns(out);
            }
        }

        private List<String> featureColumns(Schema out) {
            Set<String> labelSet = new LinkedHashSet<>(labels);
            for (String label : labels) {
                if (!out.contains(label)) {
                    throw new IllegalArgumentException("Label column '" + label + "' is not an "
                            + "output column of the transform " + out.names() + "; name the "
                            + "label columns as they leave the transform.");
                }
            }
            if (out.contains(featuresCol)) {
                throw new IllegalArgumentException("The transform already outputs a column '"
                        + featuresCol + "'; choose another features column name.");
            }
            List<String> features = new ArrayList<>();
            for (int j = 0; j < out.size(); j++) {
                if (labelSet.contains(out.name(j))) {
                    continue;
                }
                ColumnType.Kind k = out.type(j).kind();
                if (k != ColumnType.Kind.INT64 && k != ColumnType.Kind.DOUBLE
                        && k != ColumnType.Kind.BOOLEAN) {
                    throw new IllegalArgumentException("Feature column '" + out.name(j)
                            + "' leaves the transform as " + out.type(j).describe() + "; "
                            + "features must be int64, double or boolean: add "
                            + "categorical_to_integer / categorical_to_one_hot, or remove it, "
                            + "or name it as a label.");
                }
                features.add(out.name(j));
            }
            if (features.isEmpty()) {
                throw new IllegalArgumentException("The transform outputs only label columns "
                        + labels + "; there are no features to assemble.");
            }
            return features;
        }

        @Override
        public Dataset<Row> apply(Dataset<Row> data) {
            TransformProcess tp = TransformProcess.fromJson(json);
            Schema in = tp.schema();
            Dataset<Row> input = data;
            for (String label : labels) {
                if (in.contains(label) && !Arrays.asList(input.columns()).contains(label)) {
                    input = input.withColumn(label, functions.lit(null).cast(
                            TableRows.sparkType(in.type(label))));
                }
            }
            Column[] cols = new Column[in.size()];
            for (int j = 0; j < in.size(); j++) {
                check(input, in.name(j), in.type(j));
                cols[j] = column(in.name(j));
            }
            boolean instants = Boolean.parseBoolean(input.sparkSession().conf().get(
                    "spark.sql.datetime.java8API.enabled", "false"));
            Schema outSchema = tp.finalSchema();
            Dataset<Row> out = input.select(cols).mapPartitions(
                    new TransformTask(json, CHUNK_ROWS, instants),
                    Encoders.row(TableRows.sparkSchema(outSchema)));
            if (featuresCol == null) {
                return out;
            }
            List<String> features = featureColumns(outSchema);
            Column[] parts = new Column[features.size()];
            for (int j = 0; j < parts.length; j++) {
                parts[j] = column(features.get(j)).cast("float");
            }
            return out.withColumn(featuresCol, functions.array(parts));
        }

        private static void check(Dataset<Row> data, String name, ColumnType want) {
            for (StructField f : data.schema().fields()) {
                if (f.name().equals(name)) {
                    DataType have = f.dataType();
                    if (!TableRows.accepts(want, have)) {
                        throw new IllegalArgumentException("Column '" + name + "' is "
                                + have.simpleString() + " in the DataFrame but the transform's "
                                + "schema says " + want.describe() + " (Spark type "
                                + TableRows.sparkType(want).simpleString() + "); cast it, e.g. "
                                + "df.withColumn(\"" + name + "\", col(\"" + name + "\").cast(\""
                                + TableRows.sparkType(want).simpleString() + "\")), or read "
                                + "the data with a schema.");
                    }
                    return;
                }
            }
            throw new IllegalArgumentException("The DataFrame has no column '" + name
                    + "' that the transform's schema names (type " + want.describe()
                    + "); its columns are " + Arrays.toString(data.columns()) + ".");
        }
    }
}
