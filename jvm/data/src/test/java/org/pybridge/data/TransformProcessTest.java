package org.pybridge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.NDArray;

@ExtendWith(LeakCheck.class)
class TransformProcessTest {
    private static String transform(String schema, String steps) {
        return "{\n  \"format\": \"pybridge-transform\",\n  \"version\": 1,\n  \"schema\": "
                + schema + ",\n  \"steps\": " + steps + "\n}";
    }

    private static final String IRIS_SCHEMA = "{\"columns\": [{\"name\": \"id\", \"type\": "
            + "\"int64\"}, {\"name\": \"x\", \"type\": \"double\"}, {\"name\": \"species\", "
            + "\"type\": \"string\"}]}";

    private static Table iris() {
        return Table.of(Column.ofLongs("id", 1, 2, 3, 4),
                Column.ofDoubles("x", new double[] {1, 2, 3, Double.NaN},
                        new boolean[] {true, true, false, true}),
                Column.ofStrings("species", "setosa", "virginica", null, "setosa"));
    }

    @Test
    void runsFittedStepsWithPythonsArithmetic() {
        TransformProcess tp = TransformProcess.fromJson(transform(IRIS_SCHEMA, "["
                + "{\"op\": \"replace_missing\", \"column\": \"x\", \"strategy\": \"mean\", "
                + "\"value\": 1.5},"
                + "{\"op\": \"normalize\", \"column\": \"x\", \"method\": \"minmax\", "
                + "\"range\": [-1.0, 1.0], \"stats\": {\"min\": 1.0, \"max\": 2.0}},"
                + "{\"op\": \"string_to_categorical\", \"column\": \"species\", \"categories\": "
                + "[\"setosa\", \"virginica\"]},"
                + "{\"op\": \"categorical_to_one_hot\", \"column\": \"species\"},"
                + "{\"op\": \"remove_columns\", \"columns\": [\"id\"]}]"));
        Table out = tp.execute(iris());
        assertEquals(List.of("x", "species[setosa]", "species[virginica]"), out.columnNames());
        double[] x = new double[4];
        for (int i = 0; i < 4; i++) {
            x[i] = out.column("x").getDouble(i);
        }
        assertArrayEquals(new double[] {-1, 1, 0, 0}, x);
        assertEquals(1L, out.column("species[setosa]").get(0));
        assertNull(out.column("species[virginica]").get(2));
        assertEquals(tp.finalSchema(), out.schema());
    }

    @Test
    void jsonRoundTripIsByteIdentical() {
        String json = String.join("\n", "{",
                "  \"format\": \"pybridge-transform\",",
                "  \"version\": 1,",
                "  \"schema\": {",
                "    \"columns\": [",
                "      {",
                "        \"name\": \"x\\u00e9\",",
                "        \"type\": \"double\"",
                "      }",
                "    ]",
                "  },",
                "  \"steps\": [",
                "    {",
                "      \"op\": \"clip\",",
                "      \"column\": \"x\\u00e9\",",
                "      \"min\": null,",
                "      \"max\": 1e-08",
                "    }",
                "  ]",
                "}");
        TransformProcess tp = TransformProcess.fromJson(json);
        assertEquals("x\u00e9", tp.schema().name(0));
        assertEquals(json, tp.toJson());
    }

    @Test
    void refusesAnUnfittedTransform() {
        TransformProcess tp = TransformProcess.fromJson(transform(IRIS_SCHEMA, "[{\"op\": "
                + "\"normalize\", \"column\": \"x\", \"method\": \"standardize\", \"range\": "
                + "null, \"stats\": null}]"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> tp.execute(iris()));
        assertTrue(e.getMessage().contains("not fitted") && e.getMessage().contains("tp.fit"),
                e.getMessage());
    }

    @Test
    void namesUnknownColumnsAndTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformProcess.fromJson(transform(IRIS_SCHEMA,
                        "[{\"op\": \"remove_columns\", \"columns\": [\"nope\"]}]")));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("[id, x, species]"),
                e.getMessage());
    }

    @Test
    void schemaMismatchNamesColumnAndBothTypes() {
        TransformProcess tp = TransformProcess.fromJson(transform(IRIS_SCHEMA, "[]"));
        Table bad = Table.of(Column.ofLongs("id", 1), Column.ofStrings("x", "a"),
                Column.ofStrings("species", "setosa"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tp.execute(bad));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("string")
                && e.getMessage().contains("double"), e.getMessage());
    }

    @Test
    void rejectsOtherFormatsAndVersions() {
        String v2 = transform(IRIS_SCHEMA, "[]").replace("\"version\": 1", "\"version\": 2");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TransformProcess.fromJson(v2)).getMessage().contains("version"));
        assertThrows(IllegalArgumentException.class, () -> TransformProcess.fromJson("{}"));
    }

    @Test
    void recordsInRecordsOut() {
        TransformProcess tp = TransformProcess.fromJson(transform(IRIS_SCHEMA, "["
                + "{\"op\": \"filter\", \"condition\": {\"op\": \"gt\", \"column\": \"x\", "
                + "\"value\": 1.5}},"
                + "{\"op\": \"math\", \"column\": \"id\", \"operation\": \"multiply\", "
                + "\"value\": 10.0}]"));
        Map<String, Object> rec = new HashMap<>();
        rec.put("id", 3L);
        rec.put("x", 2.0);
        rec.put("species", "setosa");
        Map<String, Object> out = tp.execute(rec);
        assertEquals(30.0, out.get("id"));
        rec.put("x", 1.0);
        assertNull(tp.execute(rec));
        rec.put("x", null);
        assertEquals(0, tp.execute(new ArrayList<>(List.of(rec))).size());
    }

    @Test
    void conditionsUseKleeneLogic() {
        Table t = Table.of(Column.ofDoubles("a", new double[] {1, 1, 0, 0},
                new boolean[] {true, false, true, false}));
        String gt = "{\"op\": \"gt\", \"column\": \"a\", \"value\": 0.5}";
        String isNull = "{\"op\": \"is_null\", \"column\": \"a\"}";
        Condition or = Condition.parse(org.pybridge.nn.internal.Json.parse(
                "{\"op\": \"or\", \"conditions\": [" + gt + ", " + isNull + "]}"));
        Condition.Result r = or.evaluate(t);
        assertArrayEquals(new boolean[] {true, true, false, true}, r.value());
        assertArrayEquals(new boolean[] {true, true, true, true}, r.known());
        Condition not = Condition.parse(org.pybridge.nn.internal.Json.parse(
                "{\"op\": \"not\", \"condition\": " + gt + "}"));
        assertArrayEquals(new boolean[] {true, false, true, false}, not.evaluate(t).known());
    }

    @Test
    void timeFeaturesBeforeAndAfterTheEpoch() {
        String schema = "{\"columns\": [{\"name\": \"t\", \"type\": \"timestamp\"}]}";
        TransformProcess tp = TransformProcess.fromJson(transform(schema, "[{\"op\": "
                + "\"time_features\", \"column\": \"t\", \"features\": [\"year\", \"month\", "
                + "\"day\", \"hour\", \"second\", \"day_of_week\", \"day_of_year\"]}]"));
        // 1969-12-31T23:59:59Z and 2000-02-29T13:00:07Z
        Table out = tp.execute(Table.of(Column.ofTimestamps("t",
                new long[] {-1_000_000L, 951_829_207_000_000L}, null)));
        long[][] want = {{1969, 12, 31, 23, 59, 2, 365}, {2000, 2, 29, 13, 7, 1, 60}};
        for (int r = 0; r < 2; r++) {
            long[] got = new long[7];
            for (int f = 0; f < 7; f++) {
                got[f] = out.column(f + 1).getLong(r);
            }
            assertArrayEquals(want[r], got, Arrays.toString(got));
        }
    }

    @Test
    void conformsIntegersToDoubleAndCategoriesByName() {
        String schema = "{\"columns\": [{\"name\": \"x\", \"type\": \"double\"}, "
                + "{\"name\": \"c\", \"type\": \"categorical\", \"categories\": "
                + "[\"a\", \"b\"]}]}";
        TransformProcess tp = TransformProcess.fromJson(transform(schema,
                "[{\"op\": \"categorical_to_integer\", \"column\": \"c\"}]"));
        Table in = Table.of(Column.ofStrings("extra", "ignored", "too"), Column.ofLongs("x", 7, 8),
                Column.ofCategorical("c", List.of("b", "a"), new int[] {0, 1}, null));
        Table out = tp.execute(in);
        assertEquals(List.of("x", "c"), out.columnNames());
        assertEquals(8.0, out.column("x").get(1));
        assertEquals(List.of(1L, 0L), List.of(out.column("c").get(0), out.column("c").get(1)));
        Table unknown = Table.of(Column.ofDoubles("x", 1), Column.ofStrings("c", "zzz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tp.execute(unknown));
        assertTrue(e.getMessage().contains("'zzz'") && e.getMessage().contains("[a, b]"),
                e.getMessage());
    }

    @Test
    void featureMatrixIsRowMajorFloat32() {
        Table t = Table.of(Column.ofDoubles("a", 1.5, 2.5), Column.ofLongs("b", 3, 4),
                Column.ofBooleans("c", new boolean[] {true, false}, null));
        try (NDArray m = t.toFeatureMatrix("c", "a", "b")) {
            assertArrayEquals(new long[] {2, 3}, m.shape());
            assertArrayEquals(new float[] {1, 1.5f, 3, 0, 2.5f, 4}, m.toFloatArray());
        }
        Table withNull = Table.of(Column.ofDoubles("a", new double[] {1, 2},
                new boolean[] {true, false}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withNull.toFeatureMatrix("a"));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }
}
