package org.pybridge.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.LeakCheck;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** Model files: round trip, atomic writes, and refusal of corrupt, foreign and unsafe files. */
@ExtendWith(LeakCheck.class)
class ModelFileTest {
    @TempDir
    Path dir;

    private static final String CONFIG = "{\"layers\": [{\"type\": \"dense\", \"n_out\": 2}]}";

    private Path save(String name) {
        Path p = dir.resolve(name);
        try (NDArray w = NDArray.create(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
                NDArray b = NDArray.create(new float[] {0.5f, -0.5f}, 2);
                NDArray m = NDArray.full(DataType.FLOAT32, 0.25, 3, 2);
                NDArray v = NDArray.full(DataType.FLOAT32, 0.125, 3, 2)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("0_W", w);
            params.put("0_b", b);
            Map<String, NDArray> state = new LinkedHashMap<>();
            state.put("0_W.m", m);
            state.put("0_W.v", v);
            ModelFile.write(p, "MultiLayerNetwork", CONFIG, params, state,
                    Map.of("normalizer.json", "{\"mean\": [0.5]}"), Map.of("epochs", 3L));
        }
        return p;
    }

    private String failure(Path p) {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.read(p).close());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void everythingWrittenIsReadBack() {
        Path p = save("model.zip");
        try (ModelFile f = ModelFile.read(p)) {
            assertEquals("MultiLayerNetwork", f.modelType());
            assertEquals(CONFIG, f.configJson());
            assertEquals(List.of("0_W", "0_b"), List.copyOf(f.params().keySet()));
            assertArrayEquals(new long[] {3, 2}, f.params().get("0_W").shape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.params().get("0_W").toFloatArray());
            assertArrayEquals(new float[] {0.5f, -0.5f}, f.params().get("0_b").toFloatArray());
            assertArrayEquals(new double[] {0.125, 0.125, 0.125, 0.125, 0.125, 0.125},
                    f.updaterState().get("0_W.v").toDoubleArray());
            assertEquals("{\"mean\": [0.5]}", f.entry("normalizer.json").orElseThrow());
            assertTrue(f.entry("missing.json").isEmpty());
            Map<String, Object> meta = f.metadata();
            assertEquals("pybridge-model", meta.get("format"));
            assertEquals(1L, meta.get("format_version"));
            assertEquals(3L, meta.get("epochs"));
            assertTrue(((String) meta.get("created")).endsWith("Z"));
            assertTrue(meta.containsKey("engine_version"));
            assertEquals(List.of("config.json", "params.safetensors", "updater.safetensors",
                    "normalizer.json"), f.entryNames());
            assertEquals(meta, Json.parseObject(f.entry("metadata.json").orElseThrow()));
        }
    }

    @Test
    void takenTensorsBelongToTheCaller() {
        Path p = save("model.zip");
        Map<String, NDArray> params;
        try (ModelFile f = ModelFile.read(p)) {
            params = f.takeParams();
            assertThrows(IllegalStateException.class, f::params);
        }
        try {
            assertEquals(6.0, params.get("0_W").getDouble(2, 1));
        } finally {
            params.values().forEach(NDArray::close);
        }
        ModelFile f = ModelFile.read(p);
        f.close();
        assertTrue(assertThrows(IllegalStateException.class, f::updaterState).getMessage()
                .contains("closed"));
    }

    @Test
    void aFileWithoutUpdaterStateHasAnEmptyOne() {
        Path p = dir.resolve("bare.zip");
        try (NDArray w = NDArray.ones(DataType.FLOAT64, 2)) {
            ModelFile.write(p, "MultiLayerNetwork", CONFIG, Map.of("0_W", w), null, null);
        }
        try (ModelFile f = ModelFile.read(p)) {
            assertTrue(f.updaterState().isEmpty());
            assertEquals(DataType.FLOAT64, f.params().get("0_W").dtype());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aCorruptedByteFailsTheChecksum() throws IOException {
        Path p = save("model.zip");
        byte[] bytes = Files.readAllBytes(p);
        // The parameter data is stored uncompressed: find the float 6.0f (little-endian).
        int at = indexOf(bytes, new byte[] {0, 0, (byte) 0xc0, 0x40});
        assertTrue(at > 0);
        bytes[at + 1] ^= 0x01;
        Files.write(p, bytes);
        String m = failure(p);
        assertTrue(m.contains("'params.safetensors'") && m.contains("checksum")
                && m.contains("corrupt"), m);
    }

    @Test
    void aCorruptedSafetensorsHeaderIsReportedAsAChecksumFailure() throws IOException {
        Path p = save("model.zip");
        byte[] bytes = Files.readAllBytes(p);
        int at = indexOf(bytes, "\"0_W.v\"".getBytes(StandardCharsets.US_ASCII));
        bytes[at + 20] = '#';
        Files.write(p, bytes);
        String m = failure(p);
        assertTrue(m.contains("'updater.safetensors'") && m.contains("checksum"), m);
    }

    @Test
    void aTruncatedFileIsNotAZip() throws IOException {
        Path p = save("model.zip");
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String m = failure(p);
        assertTrue(m.contains("not a readable zip archive") && m.contains("truncated"), m);
        Files.write(p, new byte[0]);
        assertTrue(failure(p).contains("not a readable zip archive"));
    }

    @Test
    void missingFilesAndDirectoriesAreNamed() {
        assertTrue(failure(dir.resolve("nope.zip")).contains("does not exist"));
        assertTrue(failure(dir).contains("not a regular file"));
        try (NDArray w = NDArray.ones(DataType.FLOAT32, 1)) {
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.write(
                    dir.resolve("no/such/dir/m.zip"), "MultiLayerNetwork", CONFIG,
                    Map.of("w", w), null, null));
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        }
    }

    /** Writes a zip with the given entries; metadata (if not null) is added last as-is. */
    private Path zip(String name, Map<String, byte[]> entries, Map<String, Object> metadata)
            throws IOException {
        Path p = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
            if (metadata != null) {
                z.putNextEntry(new ZipEntry("metadata.json"));
                z.write(Json.write(metadata, true).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return p;
    }

    /** Valid metadata for {@code entries}, which tests then break one way or another. */
    private static Map<String, Object> metadata(Map<String, byte[]> entries) throws Exception {
        Map<String, Object> listed = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("size", (long) e.getValue().length);
            d.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(e.getValue())));
            listed.put(e.getKey(), d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "pybridge-model");
        m.put("format_version", 1L);
        m.put("model_type", "MultiLayerNetwork");
        m.put("entries", listed);
        return m;
    }

    private static Map<String, byte[]> validEntries() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("config.json", CONFIG.getBytes(StandardCharsets.UTF_8));
        try (NDArray w = NDArray.ones(DataType.FLOAT32, 2)) {
            e.put("params.safetensors", SafeTensors.toBytes(Map.of("w", w), null));
        }
        return e;
    }

    @Test
    void aHandMadeValidFileLoads() throws Exception {
        Map<String, byte[]> e = validEntries();
        try (ModelFile f = ModelFile.read(zip("ok.zip", e, metadata(e)))) {
            assertArrayEquals(new float[] {1, 1}, f.params().get("w").toFloatArray());
        }
    }

    @Test
    void foreignZipsAndFormatsAreRefused() throws Exception {
        Map<String, byte[]> e = validEntries();
        String m = failure(zip("plain.zip", Map.of("readme.txt", new byte[] {'h', 'i'}), null));
        assertTrue(m.contains("not a pybridge model file") && m.contains("readme.txt"), m);
        Map<String, Object> meta = metadata(e);
        meta.put("format", "keras");
        assertTrue(failure(zip("keras.zip", e, meta)).contains("not a pybridge model file"));
        meta = metadata(e);
        meta.put("format_version", 2L);
        m = failure(zip("future.zip", e, meta));
        assertTrue(m.contains("version 2") && m.contains("upgrade pybridge"), m);
        meta = metadata(e);
        meta.remove("entries");
        assertTrue(failure(zip("noentries.zip", e, meta)).contains("\"entries\""));
        Map<String, byte[]> noParams = new LinkedHashMap<>(e);
        noParams.remove("params.safetensors");
        assertTrue(failure(zip("noparams.zip", noParams, metadata(noParams)))
                .contains("params.safetensors"));
    }

    @Test
    void entriesMustMatchTheMetadata() throws Exception {
        Map<String, byte[]> e = validEntries();
        Map<String, Object> meta = metadata(e);
        Map<String, byte[]> extra = new LinkedHashMap<>(e);
        extra.put("payload.bin", new byte[] {1});
        String m = failure(zip("unlisted.zip", extra, meta));
        assertTrue(m.contains("'payload.bin'") && m.contains("does not list"), m);
        Map<String, byte[]> missing = new LinkedHashMap<>(e);
        missing.remove("config.json");
        m = failure(zip("missing.zip", missing, meta));
        assertTrue(m.contains("'config.json'") && m.contains("missing"), m);
        Map<String, Object> wrongSize = metadata(e);
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) ((Map<String, Object>) wrongSize
                .get("entries")).get("config.json");
        d.put("size", 3L);
        m = failure(zip("size.zip", e, wrongSize));
        assertTrue(m.contains("'config.json'") && m.contains("lists 3"), m);
        d.put("size", (long) CONFIG.length());
        d.put("sha256", "00".repeat(32));
        m = failure(zip("sha.zip", e, wrongSize));
        assertTrue(m.contains("'config.json'") && m.contains("checksum"), m);
    }

    @Test
    void unsafeEntryNamesAreRefused() throws Exception {
        for (String evil : List.of("../evil", "/etc/passwd", "a\\..\\b", "dir/../../x",
                "C:/x", "./config.json", "a//b")) {
            Map<String, byte[]> e = validEntries();
            e.put(evil, new byte[] {1});
            String m = failure(zip("evil.zip", e, metadata(e)));
            assertTrue(m.contains("refusing") && m.contains(evil), m);
        }
        try (NDArray w = NDArray.ones(DataType.FLOAT32, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelFile.write(dir.resolve("m.zip"), "MultiLayerNetwork", CONFIG,
                            Map.of("w", w), null, Map.of("../evil.json", "{}")));
            assertTrue(e.getMessage().contains("'../evil.json'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ModelFile.write(
                    dir.resolve("m.zip"), "MultiLayerNetwork", CONFIG, Map.of("w", w), null,
                    Map.of("config.json", "{}")));
            assertThrows(IllegalArgumentException.class, () -> ModelFile.write(
                    dir.resolve("m.zip"), "MultiLayerNetwork", CONFIG, Map.of("w", w), null,
                    null, Map.of("format", "x")));
        }
    }

    @Test
    void duplicateEntriesAreRefused() throws Exception {
        Map<String, byte[]> e = validEntries();
        e.put("aaaa.json", new byte[] {'1'});
        e.put("bbbb.json", new byte[] {'2'});
        Path p = zip("dup.zip", e, metadata(e));
        // Rename every occurrence of bbbb.json (local and central headers) to aaaa.json.
        byte[] bytes = Files.readAllBytes(p);
        byte[] from = "bbbb.json".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "aaaa.json".getBytes(StandardCharsets.US_ASCII);
        for (int at = indexOf(bytes, from); at >= 0; at = indexOf(bytes, from)) {
            System.arraycopy(to, 0, bytes, at, to.length);
        }
        Files.write(p, bytes);
        String m = failure(p);
        assertTrue(m.contains("'aaaa.json'") && m.contains("twice"), m);
    }

    @Test
    void badTensorOffsetsInsideAModelFileAreRefused() throws Exception {
        Map<String, byte[]> e = validEntries();
        String header = "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 64]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        e.put("params.safetensors", b.array());
        String m = failure(zip("offsets.zip", e, metadata(e)));
        assertTrue(m.contains("params.safetensors") && m.contains("tensor 'w'")
                && m.contains("outside"), m);
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFiles() throws IOException {
        Path p = save("model.zip");
        byte[] before = Files.readAllBytes(p);
        NDArray closed = NDArray.ones(DataType.FLOAT32, 4);
        closed.close();
        try (NDArray w = NDArray.ones(DataType.FLOAT32, 1000)) {
            // The parameters are written before the failing optimizer state.
            assertThrows(RuntimeException.class, () -> ModelFile.write(p, "MultiLayerNetwork",
                    CONFIG, Map.of("0_W", w), Map.of("0_W.m", closed), null));
        }
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
        try (ModelFile f = ModelFile.read(p)) {
            assertEquals(2, f.params().size());
        }
    }

    @Test
    void rewritingReplacesTheFileCompletely() throws IOException {
        Path p = save("model.zip");
        try (NDArray w = NDArray.zeros(DataType.FLOAT64, 5)) {
            ModelFile.write(p, "Other", "{}", Map.of("x", w), Map.of(), Map.of());
        }
        try (ModelFile f = ModelFile.read(p)) {
            assertEquals("Other", f.modelType());
            assertEquals(List.of("x"), List.copyOf(f.params().keySet()));
            assertFalse(f.entry("normalizer.json").isPresent());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void equalModelsGiveEqualEntries() throws IOException {
        Path a = save("a.zip");
        Path b = save("b.zip");
        try (ModelFile fa = ModelFile.read(a);
                ModelFile fb = ModelFile.read(b)) {
            assertEquals(fa.metadata().get("entries"), fb.metadata().get("entries"));
        }
    }
}
