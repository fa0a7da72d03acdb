package org.pybridge.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.LeakCheck;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Memory;
import org.pybridge.tensor.NDArray;

/** The safetensors layout: round trips, the reference library's files, strict validation. */
@ExtendWith(LeakCheck.class)
class SafeTensorsTest {

    private static void closeAll(Map<String, NDArray> m) {
        m.values().forEach(NDArray::close);
    }

    /** A tensor of every dtype (values exact in each), a 0-d one, an empty one, a strided one. */
    private static Map<String, NDArray> sample() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        try (NDArray base = NDArray.create(new double[] {1, -2, 0, 3, 4, -5}, 2, 3)) {
            for (DataType t : DataType.values()) {
                NDArray a = NDArray.empty(t, 2, 3);
                a.assign(base);
                m.put("t_" + t.numpyName(), a);
            }
            m.put("scalar", NDArray.scalar(7.5, DataType.FLOAT64));
            m.put("empty", NDArray.zeros(DataType.FLOAT32, 0, 4));
            try (NDArray c = base.cast(DataType.FLOAT32)) {
                m.put("strided", c.transpose());
            }
        }
        return m;
    }

    @Test
    void everyDtypeRoundTripsWithShapesValuesMetadataAndOrder() {
        Map<String, NDArray> in = sample();
        try {
            byte[] bytes = SafeTensors.toBytes(in, Map.of("k", "v"));
            assertEquals(bytes.length, SafeTensors.byteSize(in, Map.of("k", "v")));
            long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, (8 + headerLength) % 8, "data starts 8-byte aligned");
            Map<String, NDArray> out = SafeTensors.read(bytes);
            try {
                assertEquals(List.copyOf(in.keySet()), List.copyOf(out.keySet()));
                for (String k : in.keySet()) {
                    NDArray a = in.get(k);
                    NDArray b = out.get(k);
                    assertEquals(a.dtype(), b.dtype(), k);
                    assertArrayEquals(a.shape(), b.shape(), k);
                    assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), k);
                    assertTrue(b.isContiguous() && !b.isReadOnly(), k);
                }
                assertEquals(Map.of("k", "v"), SafeTensors.readMetadata(bytes));
                // Loaded tensors are writable, independent arrays.
                out.get("t_float32").fill(9);
                assertEquals(1.0, in.get("t_float32").getDouble(0, 0));
            } finally {
                closeAll(out);
            }
        } finally {
            closeAll(in);
        }
    }

    @Test
    void dataIsAlignedToEachTensorsElementSize() {
        Map<String, NDArray> in = sample();
        try {
            byte[] bytes = SafeTensors.toBytes(in, null);
            int n = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            Map<String, Object> header = Json.parseObject(new String(bytes, 8, n,
                    StandardCharsets.UTF_8).strip());
            for (Map.Entry<String, Object> e : header.entrySet()) {
                Map<?, ?> d = (Map<?, ?>) e.getValue();
                long begin = (Long) ((List<?>) d.get("data_offsets")).get(0);
                NDArray t = in.get(e.getKey());
                assertEquals(0, begin % t.dtype().byteSize(), e.getKey());
            }
        } finally {
            closeAll(in);
        }
    }

    @Test
    void tensorsAreViewsOfOneBlockFreedWithTheLastOfThem(@TempDir Path dir) {
        Path file = dir.resolve("x.safetensors");
        try (NDArray a = NDArray.ones(DataType.FLOAT32, 1000);
                NDArray b = NDArray.ones(DataType.FLOAT64, 500)) {
            SafeTensors.write(file, Map.of("a", a, "b", b), null);
        }
        long before = Memory.used();
        Map<String, NDArray> out = SafeTensors.read(file);
        long loaded = Memory.used() - before;
        assertTrue(loaded >= 8000 && loaded < 8000 + 4096, "one block of the data: " + loaded);
        out.get("a").close();
        assertEquals(loaded, Memory.used() - before, "the block lives while a tensor does");
        assertEquals(1.0, out.get("b").getDouble(499));
        out.get("b").close();
        assertEquals(before, Memory.used());
    }

    /** A file written by the Hugging Face library (tests/fixtures/make_safetensors_fixture.py). */
    @Test
    void readsTheReferenceImplementationsFiles() {
        Path file = Path.of("..", "..", "tests", "fixtures", "safetensors",
                "reference.safetensors");
        Map<String, NDArray> t = SafeTensors.read(file);
        try {
            double[] values = {1.5, -2.0, 0.25, 3.0, 0.0, -0.5};
            for (String k : List.of("f64", "f32", "f16", "bf16")) {
                assertArrayEquals(new long[] {2, 3}, t.get(k).shape(), k);
                assertArrayEquals(values, t.get(k).toDoubleArray(), k);
            }
            assertEquals(DataType.BFLOAT16, t.get("bf16").dtype());
            assertArrayEquals(new long[] {-(1L << 40), 7}, t.get("i64").toLongArray());
            assertArrayEquals(new long[] {-5, 1 << 30}, t.get("i32").toLongArray());
            assertArrayEquals(new long[] {-300, 300}, t.get("i16").toLongArray());
            assertArrayEquals(new long[] {-128, 127}, t.get("i8").toLongArray());
            assertArrayEquals(new long[] {0, 255}, t.get("u8").toLongArray());
            assertArrayEquals(new long[] {1, 0, 1}, t.get("bool").toLongArray());
            assertEquals(DataType.BOOL, t.get("bool").dtype());
            assertEquals(0, t.get("scalar").ndim());
            assertEquals(42.0, t.get("scalar").item());
            assertArrayEquals(new long[] {0, 3}, t.get("empty").shape());
            assertEquals("safetensors reference", SafeTensors.readMetadata(file).get("source"));
        } finally {
            closeAll(t);
        }
    }

    /** Builds raw safetensors bytes from a header text and a data size. */
    private static byte[] raw(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static String failure(byte[] bytes) {
        long open = Memory.openTensors();
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> closeAll(SafeTensors.read(bytes)));
        assertEquals(open, Memory.openTensors(), "a failed read leaves nothing open");
        return e.getMessage();
    }

    @Test
    void invalidHeadersAndDataAreRefusedNamingTheTensor() {
        String ok = "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}";
        closeAll(SafeTensors.read(raw(ok, 8)));
        assertTrue(failure(new byte[5]).contains("only 5 bytes"));
        byte[] huge = raw(ok, 8);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertTrue(failure(huge).contains("header length"), failure(huge));
        assertTrue(failure(raw("[1, 2]", 0)).contains("does not start with '{'"));
        assertTrue(failure(raw("{\"w\": ", 0)).contains("not valid JSON"));
        String m = failure(raw(ok.replace("[0, 8]", "[0, 16]"), 8));
        assertTrue(m.contains("'w'") && m.contains("outside"), m);
        m = failure(raw(ok.replace("[0, 8]", "[0, 4]"), 4));
        assertTrue(m.contains("'w'") && m.contains("spans 4 bytes") && m.contains("8 bytes"), m);
        m = failure(raw(ok.replace("F32", "U16"), 8));
        assertTrue(m.contains("'w'") && m.contains("\"U16\"") && m.contains("F32"), m);
        m = failure(raw(ok.replace("[2]", "[-2]"), 8));
        assertTrue(m.contains("negative"), m);
        m = failure(raw(ok.replace("\"shape\"", "\"extra\": 1, \"shape\""), 8));
        assertTrue(m.contains("unknown field 'extra'"), m);
        m = failure(raw(ok, 12));
        assertTrue(m.contains("cover 8 bytes") && m.contains("12"), m);
        String two = "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}";
        m = failure(raw(two, 8));
        assertTrue(m.contains("'b'") && m.contains("overlaps") && m.contains("'a'"), m);
        String gap = two.replace("[4, 8]", "[12, 16]");
        m = failure(raw(gap, 16));
        assertTrue(m.contains("gap"), m);
        m = failure(raw("{\"__metadata__\": {\"n\": 1}}", 0));
        assertTrue(m.contains("not a string"), m);
        byte[] bad = raw("{\"w\u00e9\": {}}", 0);
        bad[8 + 3] = (byte) 0xff;
        assertTrue(failure(bad).contains("UTF-8"));
    }

    @Test
    void truncatedAndOverlongDataAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.safetensors");
        try (NDArray a = NDArray.ones(DataType.FLOAT32, 100)) {
            SafeTensors.write(file, Map.of("a", a), null);
        }
        byte[] full = Files.readAllBytes(file);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 10);
        String m = failure(cut);
        assertTrue(m.contains("'a'") && m.contains("outside the 390-byte data region"), m);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> closeAll(
                SafeTensors.read(new java.io.ByteArrayInputStream(cut), full.length, "stream")));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("stream"),
                e.getMessage());
        byte[] longer = java.util.Arrays.copyOf(full, full.length + 3);
        e = assertThrows(SafeTensorsException.class, () -> closeAll(SafeTensors.read(
                new java.io.ByteArrayInputStream(longer), full.length, "stream")));
        assertTrue(e.getMessage().contains("after the data region"), e.getMessage());
    }

    @Test
    void writingRejectsBadNames() {
        try (NDArray a = NDArray.ones(DataType.FLOAT32, 1)) {
            assertThrows(IllegalArgumentException.class,
                    () -> SafeTensors.toBytes(Map.of("__metadata__", a), null));
            assertThrows(IllegalArgumentException.class,
                    () -> SafeTensors.toBytes(Map.of("", a), null));
        }
    }
}
