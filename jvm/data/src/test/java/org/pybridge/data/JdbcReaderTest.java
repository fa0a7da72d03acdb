package org.pybridge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
}
