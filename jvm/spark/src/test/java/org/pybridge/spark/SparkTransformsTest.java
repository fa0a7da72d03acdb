package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.data.Column;
import org.pybridge.data.CsvReader;
import org.pybridge.data.Table;
import org.pybridge.data.TransformProcess;

/** A TransformProcess run on Spark's executors equals the JVM executor on the same data. */
@ExtendWith(LeakCheck.class)
class SparkTransformsTest {
    static String transform(String columns, String steps) {
        return "{\"format\": \"pybridge-transform\", \"version\": 1, \"schema\": {\"columns\": ["
                + columns + "]}, \"steps\": [" + steps + "]}";
    }

    static String col(String name, String type) {
        return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\"}";
    }

    /** Every kind of step the parity test covers, fitted by hand (statistics written in). */
    private static final String MIXED = transform(String.join(", ", col("id", "int64"),
            col("a", "double"), col("b", "double"), col("species", "string"),
            col("color", "string"), col("name", "string"), col("grade", "string"),
            col("flag", "boolean"), col("unused", "int64")), String.join(", ",
            "{\"op\": \"replace_missing\", \"column\": \"a\", \"strategy\": \"mean\", "
                    + "\"value\": 5.5}",
            "{\"op\": \"normalize\", \"column\": \"a\", \"method\": \"standardize\", "
                    + "\"range\": null, \"stats\": {\"mean\": 5.5, \"std\": 0.8}}",
            "{\"op\": \"normalize\", \"column\": \"b\", \"method\": \"minmax\", "
                    + "\"range\": [-1.0, 1.0], \"stats\": {\"min\": 1.0, \"max\": 5.0}}",
            "{\"op\": \"string\", \"column\": \"name\", \"function\": \"trim\"}",
            "{\"op\": \"string\", \"column\": \"name\", \"function\": \"lower\"}",
            "{\"op\": \"string_to_categorical\", \"column\": \"species\", \"categories\": "
                    + "[\"setosa\", \"versicolor\", \"virginica\"]}",
            "{\"op\": \"categorical_to_integer\", \"column\": \"species\"}",
            "{\"op\": \"string_to_categorical\", \"column\": \"color\", \"categories\": "
                    + "[\"blue\", \"red\"]}",
            "{\"op\": \"categorical_to_one_hot\", \"column\": \"color\"}",
            "{\"op\": \"string_to_categorical\", \"column\": \"grade\", \"categories\": "
                    + "[\"hi\", \"lo\"]}",
            "{\"op\": \"filter\", \"condition\": {\"op\": \"gt\", \"column\": \"b\", "
                    + "\"value\": -0.5}}",
            "{\"op\": \"remove_columns\", \"columns\": [\"unused\"]}"));

    /** Raw CSV text with nulls (empty fields) in numeric and string columns. */
    private static String mixedCsv(int rows) {
        Random r = new Random(11);
        String[] species = {"setosa", "versicolor", "virginica"};
        String[] names = {"  Alice ", "BOB", " carol", "Dave  "};
        StringBuilder sb = new StringBuilder("id,a,b,species,color,name,grade,flag,unused\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(',')
                    .append(r.nextInt(20) == 0 ? "" : String.valueOf(4 + 3 * r.nextDouble()))
                    .append(',')
                    .append(r.nextInt(30) == 0 ? "" : String.valueOf(1 + 4 * r.nextDouble()))
                    .append(',').append(r.nextInt(30) == 0 ? "" : species[r.nextInt(3)])
                    .append(',').append(r.nextBoolean() ? "red" : "blue")
                    .append(',').append(names[r.nextInt(names.length)])
                    .append(',').append(r.nextBoolean() ? "hi" : "lo")
                    .append(',').append(r.nextInt(25) == 0 ? "" : String.valueOf(r.nextBoolean()))
                    .append(',').append(r.nextInt(100)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void csvOnSparkEqualsTheJvmExecutor(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("mixed.csv");
        Files.writeString(csv, mixedCsv(10_000), StandardCharsets.UTF_8);
        TransformProcess tp = TransformProcess.fromJson(MIXED);
        Table expected = tp.execute(CsvReader.builder().schema(tp.schema()).build().read(csv)
                .table());

        // Three partitions of about 3300 rows: chunks of 4096 rows, and a short last chunk.
        Dataset<Row> raw = SparkData.read(SparkTests.spark(), csv.toUri().toString(), "csv")
                .repartition(3);
        Dataset<Row> out = SparkTransforms.transformProcess(MIXED).apply(raw);
        assertEquals(tp.finalSchema().names(), List.of(out.columns()));
        assertEquals("struct<id:bigint,a:double,b:double,species:bigint,color[blue]:bigint,"
                + "color[red]:bigint,name:string,grade:string,flag:boolean>",
                out.schema().simpleString());
        List<Row> rows = new ArrayList<>(out.collectAsList());
        rows.sort(Comparator.comparingLong(row -> row.getLong(0)));
        assertEquals(expected.rowCount(), rows.size());
        assertTrue(rows.size() > 6500 && rows.size() < 8000, "filter kept " + rows.size());
        int nulls = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < expected.columnCount(); j++) {
                Column c = expected.column(j);
                Object want = c.get(i);
                Object got = rows.get(i).get(j);
                nulls += want == null ? 1 : 0;
                assertEquals(want, got, "row " + i + " column " + c.name());
            }
        }
        // Nulls reached the output in species, color (through one-hot: none), flag.
        assertTrue(nulls > 300, "nulls compared: " + nulls);
    }

    @Test
    void timestampsIntegersAndFloatsMapBothWays() {
        String json = transform(String.join(", ", col("t", "timestamp"), col("n", "int64"),
                col("x", "double")), String.join(", ",
                "{\"op\": \"time_features\", \"column\": \"t\", \"features\": [\"year\", "
                        + "\"hour\", \"day_of_week\"]}",
                "{\"op\": \"math\", \"column\": \"x\", \"operation\": \"multiply\", "
                        + "\"value\": 2.0}"));
        Instant t0 = Instant.parse("2024-02-29T13:45:10.123456Z");
        List<Row> rows = List.of(
                RowFactory.create(Timestamp.from(t0), 7, 1.5f),
                RowFactory.create(null, null, null),
                RowFactory.create(Timestamp.from(Instant.parse("1969-12-31T23:59:59.5Z")), -3,
                        0.25f));
        Dataset<Row> df = SparkTests.spark().createDataFrame(rows, new StructType()
                .add("t", DataTypes.TimestampType).add("n", DataTypes.IntegerType)
                .add("x", DataTypes.FloatType).add("extra", DataTypes.StringType, true));
        List<Row> got = SparkTransforms.transformProcess(json).apply(df.coalesce(1))
                .collectAsList();
        Table expected = TransformProcess.fromJson(json).execute(Table.of(
                Column.ofTimestamps("t", new long[] {1709214310123456L, 0, -500_000L},
                        new boolean[] {true, false, true}),
                Column.ofLongs("n", new long[] {7, 0, -3}, new boolean[] {true, false, true}),
                Column.ofDoubles("x", new double[] {1.5, 0, 0.25},
                        new boolean[] {true, false, true})));
        assertEquals(3, got.size());
        assertEquals(List.of("t", "t_year", "t_hour", "t_day_of_week", "n", "x"),
                expected.columnNames());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < expected.columnCount(); j++) {
                Object want = expected.column(j).get(i);
                Object have = got.get(i).get(j);
                if (j == 0 && have != null) {
                    Instant at = ((Timestamp) have).toInstant();
                    have = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
                }
                assertEquals(want, have, "row " + i + " column " + expected.column(j).name());
            }
        }
        assertEquals(2024L, got.get(0).get(1));
        assertEquals(3.0, got.get(0).get(5));
    }

    @Test
    void schemaMismatchFailsOnTheDriverNamingColumnAndTypes() {
        long jobsBefore = SparkTests.spark().sparkContext().statusTracker()
                .getJobIdsForGroup(null).length;
        String json = transform(col("x", "double") + ", " + col("s", "string"), "");
        Dataset<Row> df = SparkTests.spark().createDataFrame(List.of(RowFactory.create("1", 2L)),
                new StructType().add("x", DataTypes.StringType).add("s", DataTypes.LongType));
        InputTransform t = SparkTransforms.transformProcess(json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.apply(df));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("string")
                && e.getMessage().contains("double"), e.getMessage());
        Dataset<Row> missing = df.drop("x");
        e = assertThrows(IllegalArgumentException.class, () -> t.apply(missing));
        assertTrue(e.getMessage().contains("no column 'x'") && e.getMessage().contains("[s]"),
                e.getMessage());
        assertEquals(jobsBefore, SparkTests.spark().sparkContext().statusTracker()
                .getJobIdsForGroup(null).length, "a job ran before the schema check");

        e = assertThrows(IllegalArgumentException.class, () -> SparkTransforms.transformProcess(
                transform(col("x", "double") + ", " + col("c", "string"), ""), "f", "x"));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("string"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkTransforms.transformProcess(
                transform(col("x", "double"), ""), "f", "y"));
        assertTrue(e.getMessage().contains("Label column 'y'"), e.getMessage());
        IllegalStateException unfitted = assertThrows(IllegalStateException.class,
                () -> SparkTransforms.transformProcess(transform(col("x", "double"),
                        "{\"op\": \"normalize\", \"column\": \"x\", \"method\": \"standardize\", "
                                + "\"range\": null, \"stats\": null}")));
        assertTrue(unfitted.getMessage().contains("not fitted"), unfitted.getMessage());
    }
}
