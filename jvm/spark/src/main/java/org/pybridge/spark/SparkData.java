package org.pybridge.spark;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Small conveniences for getting training data into the shape {@link SparkTrainer} reads:
 * files on any Hadoop path, and numeric columns gathered into one features array.
 *
 * <pre>{@code
 * Dataset<Row> df = SparkData.read(spark, "hdfs:///data/iris.csv", "csv");
 * df = SparkData.assemble(df, "features", "sepal_length", "sepal_width", "petal_length");
 * }</pre>
 */
public final class SparkData {
    private SparkData() {
    }

    /**
     * Reads {@code path} (a file or directory on any Hadoop file system) in {@code format}
     * ("parquet", "csv", "json", "orc"...). CSV files are read with a header line and inferred
     * column types.
     */
    public static Dataset<Row> read(SparkSession spark, String path, String format) {
        if (spark == null || path == null || format == null) {
            throw new IllegalArgumentException("SparkData.read needs a session, a path and a"
                    + " format, got " + spark + ", " + path + ", " + format + ".");
        }
        DataFrameReader reader = spark.read().format(format);
        if (format.toLowerCase(Locale.ROOT).equals("csv")) {
            reader = reader.option("header", "true").option("inferSchema", "true");
        }
        return reader.load(path);
    }

    /**
     * The table or temporary view {@code name} of the active Spark session: a way to hand a
     * DataFrame between pyspark (py4j) and the engine's Java API in the same JVM, through
     * {@code df.createOrReplaceTempView(name)}.
     */
    public static Dataset<Row> table(String name) {
        return SparkSession.active().table(name);
    }

    /**
     * {@code data} with a new column {@code outputCol}: the values of the numeric
     * {@code inputCols}, in order, as array&lt;float&gt;.
     */
    public static Dataset<Row> assemble(Dataset<Row> data, String outputCol,
            String... inputCols) {
        if (inputCols.length == 0) {
            throw new IllegalArgumentException("assemble needs at least one input column.");
        }
        Column[] cols = new Column[inputCols.length];
        for (int i = 0; i < cols.length; i++) {
            org.pybridge.spark.internal.Columns.type(data, inputCols[i], "input");
            cols[i] = functions.col(inputCols[i]).cast("float");
        }
        return data.withColumn(outputCol, functions.array(cols));
    }
}
