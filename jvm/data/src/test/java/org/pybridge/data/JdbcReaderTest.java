package org.pybridge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SQLite database file (org.xerial:sqlite-jdbc). */
@ExtendWith(LeakCheck.class)
class JdbcReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTypesAndNullsFromSqlite() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("iris.db");
        try (Connection c = DriverManager.getConnection(url);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE iris (id INTEGER, x DOUBLE, species TEXT)");
            st.execute("INSERT INTO iris VALUES (1, 5.1, 'setosa'), (2, NULL, 'virginica'),"
                    + " (3, 4.5, NULL)");
            Table t;
            try (ResultSet rs = st.executeQuery("SELECT id, x, species FROM iris ORDER BY id")) {
                t = JdbcReader.read(rs);
            }
            assertEquals(Schema.builder().addInt64("id").addDouble("x").addString("species")
                    .build(), t.schema());
            assertEquals(3, t.rowCount());
            assertEquals(5.1, t.column("x").getDouble(0));
            assertTrue(t.column("x").isNull(1));
            assertTrue(t.column("species").isNull(2));
            Schema s = Schema.builder().addDouble("id").addString("species").build();
            try (ResultSet rs = st.executeQuery("SELECT * FROM iris ORDER BY id")) {
                Table u = JdbcReader.read(rs, s);
                assertEquals(s, u.schema());
                assertEquals(2.0, u.column("id").getDouble(1));
            }
        }
    }

    @Test
    void readsALargeResultInBatches() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("big.db");
        try (Connection c = DriverManager.getConnection(url);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (i INTEGER, v DOUBLE, c TEXT)");
            st.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n "
                    + "WHERE i < 9999) INSERT INTO t SELECT i, i * 0.5, 'c' || (i % 3) FROM n");
            st.setFetchSize(1000);
            Schema cat = Schema.builder().addInt64("i").addCategorical("c",
                    List.of("c0", "c1", "c2")).build();
            long seen = 0;
            int batches = 0;
            try (ResultSet rs = st.executeQuery("SELECT * FROM t ORDER BY i")) {
                Schema s = JdbcReader.schemaOf(rs);
                assertEquals(Schema.builder().addInt64("i").addDouble("v").addString("c")
                        .build(), s);
                for (Table b = JdbcReader.read(rs, cat, 3000); b.rowCount() > 0;
                        b = JdbcReader.read(rs, cat, 3000)) {
                    assertTrue(b.rowCount() <= 3000);
                    for (int r = 0; r < b.rowCount(); r++, seen++) {
                        assertEquals(seen, b.column("i").get(r));
                        assertEquals("c" + seen % 3, b.column("c").getString(r));
                    }
                    batches++;
                }
            }
            assertEquals(10_000, seen);
            assertEquals(4, batches);
            st.execute("INSERT INTO t VALUES (10000, 0, 'c9')");
            try (ResultSet rs = st.executeQuery("SELECT * FROM t WHERE i >= 9998 ORDER BY i")) {
                assertEquals(2, JdbcReader.read(rs, cat, 2).rowCount());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> JdbcReader.read(rs, cat, 2));
                // numbered within the whole result, not within the batch
                assertTrue(e.getMessage().contains("Row 3 of column 'c' holds 'c9'"),
                        e.getMessage());
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM t")) {
                assertThrows(IllegalArgumentException.class, () -> JdbcReader.read(rs, cat, 0));
            }
        }
    }
}
