package org.pybridge.nn.io;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.pybridge.nn.internal.Json;
import org.pybridge.nn.internal.ZipNames;
import org.pybridge.tensor.NDArray;

/**
 * A saved model: one zip holding the configuration, the parameters, the optimizer state and
 * metadata with checksums (the layout is described in {@link org.pybridge.nn.io}).
 *
 * <p>{@link #write} is atomic: it writes a temporary file in the target's directory, forces it to
 * disk and renames it over the target, so a crash or an error leaves either the old file or the
 * new one, never a partial file. {@link #read} validates everything before returning (see
 * {@link ModelFileException}) and never deserialises code.
 *
 * <p>Ownership: a {@code ModelFile} owns the tensors it read and closes them in {@link #close()},
 * except those the caller took with {@link #takeParams()} / {@link #takeUpdaterState()}, which
 * the caller then closes.
 *
 * <pre>{@code
 * ModelFile.write(path, "MultiLayerNetwork", conf.toJson(), net.params(), updaterState,
 *         Map.of("normalizer.json", normalizerJson));
 * try (ModelFile f = ModelFile.read(path)) {
 *     Map<String, NDArray> params = f.takeParams();    // now ours to close
 *     String conf = f.configJson();
 * }
 * }</pre>
 */
public final class ModelFile implements AutoCloseable {
    /** The value of "format" in metadata.json. */
    public static final String FORMAT = "pybridge-model";
    /** The format version this engine writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    public static final String CONFIG = "config.json";
    public static final String PARAMS = "params.safetensors";
    public static final String UPDATER = "updater.safetensors";
    public static final String METADATA = "metadata.json";
    /** Metadata keys the writer sets; callers' extras may not use them. */
    static final List<String> RESERVED_KEYS = List.of("format", "format_version",
            "engine_version", "created", "model_type", "entries");
    /** The safetensors {@code __metadata__} of tensor entries. */
    private static final Map<String, String> TENSOR_METADATA = Map.of("format", "pybridge");
    /** Entries are stored with this fixed time so that equal models give equal entries. */
    private static final long ENTRY_TIME = 315532800000L + 86400000L; // 1980-01-02 UTC

    private final Path path;
    private final Map<String, Object> metadata;
    private final Map<String, String> textEntries;
    private Map<String, NDArray> params;
    private Map<String, NDArray> updaterState;
    private boolean paramsTaken;
    private boolean updaterTaken;
    private boolean closed;

    ModelFile(Path path, Map<String, Object> metadata, Map<String, String> textEntries,
            Map<String, NDArray> params, Map<String, NDArray> updaterState) {
        this.path = path;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.textEntries = Collections.unmodifiableMap(textEntries);
        this.params = params;
        this.updaterState = updaterState;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a model file atomically (see the class comment).
     *
     * @param path         the target; replaced if it exists
     * @param modelType    e.g. {@code "MultiLayerNetwork"}
     * @param configJson   the configuration JSON text, stored as config.json
     * @param params       parameters by name ("0_W", ...), stored as params.safetensors
     * @param updaterState optimizer state by name ("0_W.m", ...), stored as updater.safetensors;
     *                     null or empty for none
     * @param extraEntries further text entries by name (e.g. "normalizer.json",
     *                     "training_state.json"); null for none
     * @throws ModelFileException when the file cannot be written (the old file, if any, is left
     *     as it was and no temporary file remains)
     */
    public static void write(Path path, String modelType, String configJson,
            Map<String, NDArray> params, Map<String, NDArray> updaterState,
            Map<String, String> extraEntries) {
        write(path, modelType, configJson, params, updaterState, extraEntries, null);
    }

    /**
     * Like {@link #write(Path, String, String, Map, Map, Map)}, adding {@code extraMetadata}
     * (JSON values: strings, numbers, booleans, lists, maps) to metadata.json.
     */
    public static void write(Path path, String modelType, String configJson,
            Map<String, NDArray> params, Map<String, NDArray> updaterState,
            Map<String, String> extraEntries, Map<String, Object> extraMetadata) {
        checkWriteArguments(path, modelType, configJson, params, extraEntries, extraMetadata);
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ModelFileException("Cannot write model file " + path + ": the directory "
                    + dir + " does not exist; create it first.");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16));
                Map<String, Object> entries = new LinkedHashMap<>();
                putText(zip, CONFIG, configJson, entries);
                putTensors(zip, PARAMS, params, entries);
                if (updaterState != null && !updaterState.isEmpty()) {
                    putTensors(zip, UPDATER, updaterState, entries);
                }
                if (extraEntries != null) {
                    for (Map.Entry<String, String> e : extraEntries.entrySet()) {
                        putText(zip, e.getKey(), e.getValue(), entries);
                    }
                }
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("format", FORMAT);
                meta.put("format_version", (long) FORMAT_VERSION);
                meta.put("engine_version", engineVersion());
                meta.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                meta.put("model_type", modelType);
                meta.put("entries", entries);
                if (extraMetadata != null) {
                    meta.putAll(extraMetadata);
                }
                putText(zip, METADATA, Json.write(meta, true) + "\n", null);
                zip.finish();
                zip.flush();
                file.getFD().sync();
            }
            moveIntoPlace(temp, target);
            temp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new ModelFileException("Cannot write model file " + path + ": " + e
                    + ". The previous file, if any, is unchanged.", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original failure is the one to report; a stray temp file is named
                    // ".<name>.<random>.tmp" and harmless.
                }
            }
        }
    }

    private static void checkWriteArguments(Path path, String modelType, String configJson,
            Map<String, NDArray> params, Map<String, String> extraEntries,
            Map<String, Object> extraMetadata) {
        if (path == null || modelType == null || configJson == null || params == null) {
            throw new IllegalArgumentException("ModelFile.write needs a path, a model type, the"
                    + " config JSON and the parameters (got null).");
        }
        if (extraEntries != null) {
            for (Map.Entry<String, String> e : extraEntries.entrySet()) {
                String name = e.getKey();
                String problem = ZipNames.problem(name);
                if (problem != null) {
                    throw new IllegalArgumentException("Extra entry name '" + name + "' has "
                            + problem + "; use a relative name like 'normalizer.json'.");
                }
                if (List.of(CONFIG, PARAMS, UPDATER, METADATA).contains(name)) {
                    throw new IllegalArgumentException("Extra entry name '" + name + "' is"
                            + " reserved for the model file itself; choose another name.");
                }
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("Extra entry '" + name + "' is null.");
                }
            }
        }
        if (extraMetadata != null) {
            for (String k : extraMetadata.keySet()) {
                if (RESERVED_KEYS.contains(k)) {
                    throw new IllegalArgumentException("Extra metadata key '" + k + "' is"
                            + " reserved (" + RESERVED_KEYS + "); choose another key.");
                }
            }
        }
    }

    private static ZipEntry zipEntry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(ENTRY_TIME);
        return e;
    }

    private static void putText(ZipOutputStream zip, String name, String text,
            Map<String, Object> entries) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        zip.putNextEntry(zipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
        if (entries != null) {
            entries.put(name, describe(bytes.length, sha256().digest(bytes)));
        }
    }

    /**
     * Tensor entries are stored uncompressed (float data barely compresses, and a stored entry
     * can be read or mapped straight from the archive), which needs the size and CRC up front:
     * a first pass computes the CRC, the second writes while hashing.
     */
    private static void putTensors(ZipOutputStream zip, String name, Map<String, NDArray> tensors,
            Map<String, Object> entries) throws IOException {
        CRC32 crc = new CRC32();
        try (CheckedOutputStream sink = new CheckedOutputStream(OutputStream.nullOutputStream(),
                crc)) {
            SafeTensors.write(sink, tensors, TENSOR_METADATA);
        }
        long size = SafeTensors.byteSize(tensors, TENSOR_METADATA);
        ZipEntry e = zipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        MessageDigest sha = sha256();
        OutputStream hashed = new DigestOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                zip.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
            }
        }, sha);
        SafeTensors.write(hashed, tensors, TENSOR_METADATA);
        hashed.flush();
        zip.closeEntry();
        entries.put(name, describe(size, sha.digest()));
    }

    private static Map<String, Object> describe(long size, byte[] digest) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", size);
        m.put("sha256", HexFormat.of().formatHex(digest));
        return m;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on unusual file systems.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename durable (POSIX); silently skipped where directories cannot be opened. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a directory; the rename is already done.
        }
    }

    /** This engine's version: the jar manifest's, else Maven's pom.properties, else "dev". */
    static String engineVersion() {
        String v = ModelFile.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = ModelFile.class.getResourceAsStream(
                "/META-INF/maven/org.pybridge/pybridge-nn/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException ignored) {
            // Fall through to "dev": the version is informative only.
        }
        return "dev";
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and validates a model file: a zip whose metadata.json has format "pybridge-model"
     * and a supported version, whose every listed entry is present with its size and SHA-256,
     * with no unlisted, duplicate or unsafe entry names.
     *
     * @throws ModelFileException naming the file, what is wrong and what was expected
     */
    public static ModelFile read(Path path) {
        return ModelFileReader.read(path);
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** The "model_type" of metadata.json, e.g. "MultiLayerNetwork". */
    public String modelType() {
        Object t = metadata.get("model_type");
        return t instanceof String ? (String) t : null;
    }

    /** The text of config.json. */
    public String configJson() {
        return textEntries.get(CONFIG);
    }

    /** The parameters (owned by this object unless taken). */
    public Map<String, NDArray> params() {
        checkAvailable(paramsTaken, "params");
        return Collections.unmodifiableMap(params);
    }

    /** The optimizer state; empty when the file has none (owned by this object unless taken). */
    public Map<String, NDArray> updaterState() {
        checkAvailable(updaterTaken, "updater state");
        return Collections.unmodifiableMap(updaterState);
    }

    /** Hands the parameters to the caller, who closes them; {@link #close()} no longer does. */
    public Map<String, NDArray> takeParams() {
        checkAvailable(paramsTaken, "params");
        paramsTaken = true;
        return new LinkedHashMap<>(params);
    }

    /** Hands the optimizer state to the caller, who closes it. */
    public Map<String, NDArray> takeUpdaterState() {
        checkAvailable(updaterTaken, "updater state");
        updaterTaken = true;
        return new LinkedHashMap<>(updaterState);
    }

    private void checkAvailable(boolean taken, String what) {
        if (closed) {
            throw new IllegalStateException("This model file (" + path + ") was closed, and the"
                    + " tensors it owned with it; take them with takeParams() before closing.");
        }
        if (taken) {
            throw new IllegalStateException("The " + what + " of this model file were already"
                    + " taken by the caller; use the map takeParams()/takeUpdaterState()"
                    + " returned.");
        }
    }

    /** A text entry by name: config.json, metadata.json or an extra one (normalizer.json). */
    public Optional<String> entry(String name) {
        return Optional.ofNullable(textEntries.get(name));
    }

    /** Names of all entries in the file, tensors included. */
    public List<String> entryNames() {
        @SuppressWarnings("unchecked")
        Map<String, Object> entries = (Map<String, Object>) metadata.get("entries");
        return List.copyOf(entries.keySet());
    }

    /** The parsed metadata.json (read-only). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Closes the tensors this object still owns. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!paramsTaken) {
            params.values().forEach(NDArray::close);
        }
        if (!updaterTaken) {
            updaterState.values().forEach(NDArray::close);
        }
    }
}
