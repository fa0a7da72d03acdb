package org.pybridge.nn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void doublesAreWrittenLikePythonRepr() {
        // expected strings produced by CPython's repr() for the same values
        Object[][] cases = {
            {"0.001", 0.001},
            {"1e-08", 1e-08},
            {"100.0", 100.0},
            {"0.9", 0.9},
            {"0.999", 0.999},
            {"1e-05", 1e-05},
            {"0.0001", 0.0001},
            {"1.5e+16", 1.5e+16},
            {"123456789012345.6", 123456789012345.6},
            {"-2.5", -2.5},
            {"0.3333333333333333", 0.3333333333333333},
            {"6.02e+23", 6.02e+23},
            {"1e-300", 1e-300},
            {"0.30000000000000004", 0.30000000000000004},
            {"1e+23", 1e23},
            {"5e-324", 5e-324},
            {"5.684341886080802e-14", 5.684341886080802e-14}
        };
        for (Object[] c : cases) {
            assertEquals(c[0], Json.formatDouble(((Number) c[1]).doubleValue()));
        }
    }

    @Test
    void roundTripKeepsOrderAndTypes() {
        String text = "{\"b\": 1, \"a\": [true, null, 2.5, \"x\\n\\u00e9\"], \"c\": {}}";
        Object v = Json.parse(text);
        assertEquals(text, Json.write(v, false));
        Map<String, Object> m = Json.parseObject(text);
        assertEquals(1L, m.get("b"));
        assertEquals(List.of("b", "a", "c"), List.copyOf(m.keySet()));
        assertEquals("{\n  \"b\": 1,\n  \"c\": []\n}",
                Json.write(Json.parse("{\"b\": 1, \"c\": []}"), true));
    }

    @Test
    void errorsNameTheLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\n  \"a\": tru}"));
        assertTrue(e.getMessage().contains("line 2, column 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
    }
}
