package org.pybridge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LeakCheck.class)
class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void infersTypesAndReadsQuotedFields() throws IOException {
        Path p = write("a.csv", "id,x,name,ok\r\n1,1.5,\"Smith, \"\"J\"\"\",true\n"
                + "2,,\"two\nlines\",false\n3,-2e3,é,\n");
        CsvReader.Result r = CsvReader.builder().build().read(p);
        Table t = r.table();
        assertEquals(Schema.builder().addInt64("id").addDouble("x").addString("name")
                .addBoolean("ok").build(), t.schema());
        assertEquals("Smith, \"J\"", t.column("name").getString(0));
        assertEquals("two\nlines", t.column("name").getString(1));
        assertTrue(t.column("x").isNull(1));
        assertEquals(-2000.0, t.column("x").getDouble(2));
        assertNull(t.column("ok").get(2));
        assertEquals(3, r.summary().rowsRead());
    }

    @Test
    void noHeaderCustomDelimiterAndSchema() throws IOException {
        Path p = write("b.tsv", "1\tsetosa\n2\tvirginica\n");
        Schema s = Schema.builder().addDouble("x").addCategorical("species",
                List.of("setosa", "virginica")).build();
        Table t = CsvReader.builder().delimiter('\t').header(false).schema(s).build().read(p)
                .table();
        assertEquals(s, t.schema());
        assertEquals("virginica", t.column("species").getString(1));
        Table auto = CsvReader.builder().delimiter('\t').header(false).build().read(p).table();
        assertEquals(List.of("f0", "f1"), auto.columnNames());
    }

    @Test
    void failNamesFileLineAndColumn() throws IOException {
        Path p = write("c.csv", "a,b\n1,2\n3,x\n");
        Schema s = Schema.builder().addInt64("a").addInt64("b").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.builder().schema(s).build().read(p));
        assertTrue(e.getMessage().contains("c.csv line 3, column 2 ('b'): 'x' is not int64"),
                e.getMessage());
        Path q = write("d.csv", "a,b\n1,2\n3\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.builder().build().read(q));
        assertTrue(e.getMessage().contains("d.csv line 3: 1 fields, expected 2"), e.getMessage());
    }

    @Test
    void skipAndFillCountWhatTheyDo() throws IOException {
        Path p = write("e.csv", "a,b\n1,2\n3,x\n4\n5,6,7\n8,9\n");
        Schema s = Schema.builder().addInt64("a").addInt64("b").build();
        CsvReader.Result skip = CsvReader.builder().schema(s)
                .onMalformed(CsvReader.OnMalformed.SKIP).build().read(p);
        assertEquals(2, skip.table().rowCount());
        assertEquals(3, skip.summary().rowsSkipped());
        assertEquals(3, skip.summary().problems().size());
        CsvReader.Result fill = CsvReader.builder().schema(s)
                .onMalformed(CsvReader.OnMalformed.FILL).build().read(p);
        assertEquals(4, fill.table().rowCount());  // "5,6,7" has a field too many: left out
        assertEquals(2, fill.summary().valuesFilled());
        assertEquals(1, fill.summary().rowsSkipped());
        assertTrue(fill.table().column("b").isNull(1));
        assertTrue(fill.table().column("b").isNull(2));
        assertEquals(9L, fill.table().column("b").get(3));
    }

    @Test
    void batchesStreamTheSameRowsAsOneRead() throws IOException {
        StringBuilder text = new StringBuilder("i,x,name\n");
        for (int i = 0; i < 10_000; i++) {
            text.append(i).append(',').append(i * 0.5).append(i % 7 == 0 ? ",\"a,\n b\"" : ",z")
                    .append(i == 4321 ? ",extra" : "").append('\n');
        }
        Path p = write("big.csv", text.toString());
        CsvReader reader = CsvReader.builder().onMalformed(CsvReader.OnMalformed.SKIP).build();
        List<Map<String, Object>> whole = reader.read(p).table().toRecords();
        List<Map<String, Object>> streamed = new ArrayList<>();
        int batches = 0;
        try (CsvReader.Batches b = reader.batches(p, 1000)) {
            while (b.hasNext()) {
                Table t = b.next();
                assertTrue(t.rowCount() <= 1000);
                assertEquals(Schema.builder().addInt64("i").addDouble("x").addString("name")
                        .build(), t.schema());
                streamed.addAll(t.toRecords());
                batches++;
            }
            assertEquals(10, batches);
            assertEquals(9_999, b.summary().rowsRead());
            assertEquals(1, b.summary().rowsSkipped());
            assertTrue(b.summary().problems().get(0).contains("4 fields, expected 3"));
            assertThrows(NoSuchElementException.class, b::next);
        }
        assertEquals(9_999, whole.size());
        assertEquals(whole, streamed);
        assertEquals("a,\n b", streamed.get(7).get("name"));
    }

    @Test
    void batchesInferTypesFromTheFirstBatchAndSaySoOnFailure() throws IOException {
        Path p = write("late.csv", "a\n1\n2\n3\nthree\n");
        try (CsvReader.Batches b = CsvReader.builder().build().batches(p, 2)) {
            assertEquals(2, b.next().rowCount());
            assertEquals(Schema.builder().addInt64("a").build(), b.schema());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::next);
            assertTrue(e.getMessage().contains("late.csv line 5, column 1 ('a'): 'three' is not "
                    + "int64") && e.getMessage().contains("inferred from the first batch"),
                    e.getMessage());
        }
        Schema s = Schema.builder().addString("a").build();
        try (CsvReader.Batches b = CsvReader.builder().schema(s).build().batches(p, 3)) {
            assertEquals(3, b.next().rowCount());
            assertEquals("three", b.next().column("a").getString(0));
            assertFalse(b.hasNext());
        }
        assertThrows(IllegalArgumentException.class,
                () -> CsvReader.builder().build().batches(p, 0));
        Path empty = write("empty.csv", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.builder().build().batches(empty, 10));
        assertTrue(e.getMessage().contains("empty.csv is empty"), e.getMessage());
        try (CsvReader.Batches b = CsvReader.builder().build()
                .batches(write("header.csv", "a,b\n"), 10)) {
            assertFalse(b.hasNext());
        }
    }

    @Test
    void unterminatedQuoteIsAnError() throws IOException {
        Path p = write("f.csv", "a\n\"open\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.builder().build().read(p));
        assertTrue(e.getMessage().contains("f.csv line 2"), e.getMessage());
    }
}
