package org.pybridge.nn.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pybridge.nn.internal.Json;
import org.pybridge.nn.internal.ZipNames;
import org.pybridge.tensor.NDArray;

/** Reads and validates model files for {@link ModelFile#read}. */
final class ModelFileReader {
    /** Largest text entry (config, metadata, normalizer JSON) accepted. */
    static final long MAX_TEXT_BYTES = 256L << 20;
    static final int MAX_ENTRIES = 10_000;
    /** Deflate cannot compress by more than about 1032:1; more means a lie or a zip bomb. */
    private static final long MAX_DEFLATE_RATIO = 1100;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ModelFileReader() {
    }

    private static ModelFileException fail(Path path, String what, String expected) {
        return new ModelFileException("Cannot load model file " + path + ": " + what
                + "; expected " + expected + ".");
    }

    private static ModelFileException fail(Path path, String what, String expected,
            Throwable cause) {
        return new ModelFileException("Cannot load model file " + path + ": " + what
                + "; expected " + expected + ".", cause);
    }

    static ModelFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw fail(path, Files.exists(path) ? "it is not a regular file" : "it does not exist",
                    "a model file written by save() / ModelFile.write");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw fail(path, "it is not a readable zip archive (" + e.getMessage() + "); it is"
                    + " truncated, corrupt or not a model file", "a zip archive written by"
                    + " pybridge", e);
        } catch (IOException e) {
            throw fail(path, "it cannot be opened (" + e + ")", "a readable file", e);
        }
        try (zip) {
            return read(path, zip);
        } catch (IOException e) {
            throw fail(path, "reading it failed (" + e + ")", "a readable model file", e);
        }
    }

    private static ModelFile read(Path path, ZipFile zip) throws IOException {
        Map<String, ZipEntry> zipEntries = listEntries(path, zip);
        ZipEntry metaEntry = zipEntries.get(ModelFile.METADATA);
        if (metaEntry == null) {
            throw fail(path, "it is not a pybridge model file: the zip archive has no "
                    + ModelFile.METADATA + " (its entries: " + preview(zipEntries.keySet())
                    + ")", "a zip written by pybridge's save(), with metadata.json");
        }
        String metaText = readText(path, zip, metaEntry, metaEntry.getSize(), null);
        Map<String, Object> meta;
        try {
            meta = Json.parseObject(metaText);
        } catch (IllegalArgumentException e) {
            throw fail(path, ModelFile.METADATA + " is not a JSON object (" + e.getMessage()
                    + ")", "the metadata pybridge writes", e);
        }
        checkFormat(path, meta);
        Map<String, long[]> sizes = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        listedEntries(path, meta, sizes, hashes);
        for (String name : zipEntries.keySet()) {
            if (!name.equals(ModelFile.METADATA) && !sizes.containsKey(name)) {
                throw fail(path, "the archive holds the entry '" + name + "', which "
                        + ModelFile.METADATA + " does not list", "only the listed entries");
            }
        }
        for (String required : List.of(ModelFile.CONFIG, ModelFile.PARAMS)) {
            if (!sizes.containsKey(required)) {
                throw fail(path, ModelFile.METADATA + " lists no '" + required + "'",
                        "config.json and params.safetensors in every model file");
            }
        }
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, NDArray> params = null;
        Map<String, NDArray> updater = new LinkedHashMap<>();
        try {
            for (String name : sizes.keySet()) {
                ZipEntry e = zipEntries.get(name);
                if (e == null) {
                    throw fail(path, "the entry '" + name + "' listed in " + ModelFile.METADATA
                            + " is missing from the archive", "every listed entry (the file"
                            + " is incomplete or was modified)");
                }
                long size = sizes.get(name)[0];
                checkDeclaredSize(path, e, size);
                if (name.equals(ModelFile.PARAMS)) {
                    params = readTensors(path, zip, e, size, hashes.get(name));
                } else if (name.equals(ModelFile.UPDATER)) {
                    updater = readTensors(path, zip, e, size, hashes.get(name));
                } else {
                    texts.put(name, readText(path, zip, e, size, hashes.get(name)));
                }
            }
        } catch (RuntimeException | IOException e) {
            closeAll(params);
            closeAll(updater);
            throw e;
        }
        texts.put(ModelFile.METADATA, metaText);
        return new ModelFile(path, meta, texts, params, updater);
    }

    private static void closeAll(Map<String, NDArray> tensors) {
        if (tensors != null) {
            tensors.values().forEach(NDArray::close);
        }
    }

    private static String preview(java.util.Collection<String> names) {
        List<String> shown = new ArrayList<>();
        for (String n : names) {
            if (shown.size() == 8) {
                shown.add("...");
                break;
            }
            shown.add(ZipNames.printable(n));
        }
        return shown.isEmpty() ? "none" : String.join(", ", shown);
    }

    /** Every entry of the archive by name, refusing unsafe, duplicate and too many names. */
    private static Map<String, ZipEntry> listEntries(Path path, ZipFile zip) {
        Map<String, ZipEntry> out = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            String name = e.getName();
            String problem = ZipNames.problem(name);
            if (problem != null) {
                throw fail(path, "it holds an entry named '" + ZipNames.printable(name)
                        + "' with " + problem + ", which could escape the directory it is"
                        + " extracted to; refusing to read it", "plain relative entry names");
            }
            if (out.put(name, e) != null) {
                throw fail(path, "the entry '" + name + "' appears twice", "unique entry names"
                        + " (a duplicate can hide content from some readers)");
            }
            if (out.size() > MAX_ENTRIES) {
                throw fail(path, "it holds more than " + MAX_ENTRIES + " entries",
                        "a model file's handful of entries");
            }
        }
        return out;
    }

    private static void checkFormat(Path path, Map<String, Object> meta) {
        Object format = meta.get("format");
        if (!ModelFile.FORMAT.equals(format)) {
            throw fail(path, "it is not a pybridge model file: " + ModelFile.METADATA + " has"
                    + " format " + Json.write(format, false), "format \"" + ModelFile.FORMAT
                    + "\"");
        }
        Object version = meta.get("format_version");
        if (!(version instanceof Long) || (Long) version < 1) {
            throw fail(path, ModelFile.METADATA + " has format_version "
                    + Json.write(version, false), "a positive integer");
        }
        if ((Long) version > ModelFile.FORMAT_VERSION) {
            throw fail(path, "it was written in model-file format version " + version
                    + " (by pybridge " + meta.get("engine_version") + "), newer than this"
                    + " pybridge (" + ModelFile.engineVersion() + ") reads", "format_version <= "
                    + ModelFile.FORMAT_VERSION + "; upgrade pybridge to load this file");
        }
        if (!(meta.get("model_type") instanceof String)) {
            throw fail(path, ModelFile.METADATA + " has model_type "
                    + Json.write(meta.get("model_type"), false), "a string such as"
                    + " \"MultiLayerNetwork\"");
        }
    }

    private static void listedEntries(Path path, Map<String, Object> meta,
            Map<String, long[]> sizes, Map<String, String> hashes) {
        Object entries = meta.get("entries");
        if (!(entries instanceof Map)) {
            throw fail(path, ModelFile.METADATA + " has no \"entries\" object",
                    "{\"entries\": {name: {\"size\": n, \"sha256\": hex}}}");
        }
        for (Map.Entry<?, ?> kv : ((Map<?, ?>) entries).entrySet()) {
            String name = (String) kv.getKey();
            String problem = ZipNames.problem(name);
            if (problem != null || name.equals(ModelFile.METADATA)) {
                throw fail(path, ModelFile.METADATA + " lists the entry '"
                        + ZipNames.printable(name) + "'" + (problem == null ? ""
                        : " with " + problem), "plain relative names other than metadata.json");
            }
            Object d = kv.getValue();
            Object size = d instanceof Map ? ((Map<?, ?>) d).get("size") : null;
            Object sha = d instanceof Map ? ((Map<?, ?>) d).get("sha256") : null;
            if (!(size instanceof Long) || (Long) size < 0 || !(sha instanceof String)
                    || !SHA256.matcher((String) sha).matches()) {
                throw fail(path, ModelFile.METADATA + " describes '" + name + "' as "
                        + Json.write(d, false), "{\"size\": bytes, \"sha256\": 64 lower-case"
                        + " hex digits}");
            }
            sizes.put(name, new long[] {(Long) size});
            hashes.put(name, (String) sha);
        }
    }

    /** The archive's own sizes must agree with metadata.json and be plausible. */
    private static void checkDeclaredSize(Path path, ZipEntry e, long size) {
        long zipSize = e.getSize();
        long packed = e.getCompressedSize();
        String name = e.getName();
        if (zipSize >= 0 && zipSize != size) {
            throw fail(path, "the entry '" + name + "' holds " + zipSize + " bytes but "
                    + ModelFile.METADATA + " lists " + size, "matching sizes (the file is"
                    + " corrupt or was modified)");
        }
        boolean stored = e.getMethod() == ZipEntry.STORED;
        if (packed >= 0 && (stored ? packed != size : size > packed * MAX_DEFLATE_RATIO + 4096)) {
            throw fail(path, "the entry '" + name + "' claims " + size + " bytes from "
                    + packed + " compressed bytes", "a possible compressed size (the file is"
                    + " corrupt or crafted)");
        }
    }

    private static String readText(Path path, ZipFile zip, ZipEntry e, long size, String sha)
            throws IOException {
        String name = e.getName();
        if (size < 0 || size > MAX_TEXT_BYTES) {
            throw fail(path, "the text entry '" + name + "' has " + size + " bytes",
                    "at most " + MAX_TEXT_BYTES + " bytes");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readNBytes((int) size + 1);
        } catch (ZipException | java.io.EOFException ex) {
            throw corrupt(path, name, ex);
        }
        if (bytes.length != size) {
            throw fail(path, "the entry '" + name + "' holds " + (bytes.length > size
                    ? "more than " : "only ") + Math.min(bytes.length, size) + " bytes",
                    size + " bytes as listed");
        }
        if (sha != null) {
            checkHash(path, name, sha256(bytes), sha, null);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException ex) {
            throw fail(path, "the entry '" + name + "' is not UTF-8 text", "UTF-8 JSON or text",
                    ex);
        }
    }

    private static Map<String, NDArray> readTensors(Path path, ZipFile zip, ZipEntry e,
            long size, String sha) throws IOException {
        String name = e.getName();
        MessageDigest digest = ModelFile.sha256();
        try (InputStream raw = zip.getInputStream(e);
                DigestInputStream in = new DigestInputStream(raw, digest)) {
            Map<String, NDArray> tensors;
            try {
                tensors = SafeTensors.read(in, size, "entry '" + name + "' of " + path);
            } catch (SafeTensorsException | UncheckedIOException ex) {
                // A corrupt byte shows first as a bad header or data; the checksum is the
                // clearer diagnosis when it also fails.
                drain(in, size);
                checkHash(path, name, HexFormat.of().formatHex(digest.digest()), sha, ex);
                if (ex instanceof UncheckedIOException) {
                    throw corrupt(path, name, ex.getCause());
                }
                throw new ModelFileException("Cannot load model file " + path + ": "
                        + ex.getMessage(), ex);
            }
            try {
                checkHash(path, name, HexFormat.of().formatHex(digest.digest()), sha, null);
            } catch (ModelFileException ex) {
                closeAll(tensors);
                throw ex;
            }
            return tensors;
        }
    }

    private static void drain(InputStream in, long limit) {
        try {
            byte[] buf = new byte[1 << 16];
            long left = limit;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // The digest then covers what could be read, which does not match either.
        }
    }

    private static ModelFileException corrupt(Path path, String name, Throwable cause) {
        return fail(path, "the entry '" + name + "' cannot be decompressed (" + cause + "); the"
                + " file is corrupt or truncated", "an intact file (save it again)", cause);
    }

    private static void checkHash(Path path, String name, String actual, String expected,
            Throwable cause) {
        if (!actual.equals(expected)) {
            throw fail(path, "the entry '" + name + "' fails its checksum (sha256 " + actual
                    + ", " + ModelFile.METADATA + " lists " + expected + "): the file is"
                    + " corrupt", "an intact file (save or copy it again)", cause);
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(ModelFile.sha256().digest(bytes));
    }
}
