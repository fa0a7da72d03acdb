package org.pybridge.nn.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * The JSON header of a safetensors file: building it for a set of tensors and parsing it with
 * strict validation. Every error names the source and, where there is one, the tensor.
 */
final class SafeTensorsHeader {
    /** Largest header accepted (the Hugging Face reader's limit). */
    static final long MAX_HEADER_BYTES = 100L << 20;
    static final String METADATA_KEY = "__metadata__";

    /** One tensor's place in the data region. */
    record Entry(String name, DataType dtype, long[] shape, long begin, long end) {
    }

    final List<Entry> entries;
    final Map<String, String> metadata;
    /** Bytes of the data region the header describes. */
    final long dataLength;

    private SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataLength) {
        this.entries = entries;
        this.metadata = metadata;
        this.dataLength = dataLength;
    }

    static String code(DataType t) {
        switch (t) {
            case BOOL: return "BOOL";
            case INT8: return "I8";
            case UINT8: return "U8";
            case INT16: return "I16";
            case INT32: return "I32";
            case INT64: return "I64";
            case FLOAT16: return "F16";
            case BFLOAT16: return "BF16";
            case FLOAT32: return "F32";
            case FLOAT64: return "F64";
            default: throw new IllegalStateException("no safetensors code for " + t);
        }
    }

    private static DataType dtype(String code) {
        for (DataType t : DataType.values()) {
            if (code(t).equals(code)) {
                return t;
            }
        }
        return null;
    }

    private static List<String> codes() {
        return Arrays.stream(DataType.values()).map(SafeTensorsHeader::code).toList();
    }

    /**
     * The layout for {@code tensors}: data sorted by element size (largest first) then name, so
     * that every tensor starts aligned to its element size, as the Hugging Face writer does; the
     * header lists the tensors in the caller's order.
     */
    static SafeTensorsHeader plan(Map<String, NDArray> tensors, Map<String, String> metadata) {
        List<String> names = new ArrayList<>(tensors.keySet());
        for (String n : names) {
            if (n == null || n.isEmpty() || n.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("Invalid tensor name '" + n + "': names must"
                        + " be non-empty and not " + METADATA_KEY + ".");
            }
            if (tensors.get(n) == null) {
                throw new IllegalArgumentException("Tensor '" + n + "' is null.");
            }
        }
        List<String> order = new ArrayList<>(names);
        order.sort(Comparator.comparingInt((String n) -> -tensors.get(n).dtype().byteSize())
                .thenComparing(Comparator.naturalOrder()));
        Map<String, Entry> byName = new LinkedHashMap<>();
        long offset = 0;
        for (String n : order) {
            NDArray t = tensors.get(n);
            long bytes = Math.multiplyExact(t.size(), (long) t.dtype().byteSize());
            byName.put(n, new Entry(n, t.dtype(), t.shape(), offset, offset + bytes));
            offset += bytes;
        }
        List<Entry> entries = new ArrayList<>();
        for (String n : names) {
            entries.add(byName.get(n));
        }
        return new SafeTensorsHeader(entries, metadata == null ? Map.of() : metadata, offset);
    }

    /** Entries in data order. */
    List<Entry> byOffset() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        return sorted;
    }

    /** The header bytes, padded with spaces so that the data starts 8-byte aligned. */
    byte[] toBytes() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            json.put(METADATA_KEY, new LinkedHashMap<String, Object>(metadata));
        }
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dtype", code(e.dtype));
            List<Object> shape = new ArrayList<>();
            for (long s : e.shape) {
                shape.add(s);
            }
            m.put("shape", shape);
            m.put("data_offsets", List.of(e.begin, e.end));
            json.put(e.name, m);
        }
        byte[] text = Json.write(json, false).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) & ~7;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    /**
     * Parses and validates a header.
     *
     * @param source     what is being read, for messages (a path, "params.safetensors in x.zip")
     * @param header     the header bytes
     * @param dataLength the bytes that follow the header
     */
    static SafeTensorsHeader parse(String source, byte[] header, long dataLength) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(source, "its header is not valid UTF-8", "a UTF-8 JSON header");
        }
        if (!text.startsWith("{")) {
            throw error(source, "its header does not start with '{'", "a JSON object header");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(text.stripTrailing());
        } catch (IllegalArgumentException e) {
            throw error(source, "its header is not valid JSON (" + e.getMessage() + ")",
                    "a JSON object header");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> kv : json.entrySet()) {
            if (kv.getKey().equals(METADATA_KEY)) {
                parseMetadata(source, kv.getValue(), metadata);
            } else {
                entries.add(parseEntry(source, kv.getKey(), kv.getValue(), dataLength));
            }
        }
        checkCoverage(source, entries, dataLength);
        return new SafeTensorsHeader(entries, metadata, dataLength);
    }

    private static void parseMetadata(String source, Object value, Map<String, String> out) {
        if (!(value instanceof Map)) {
            throw error(source, METADATA_KEY + " is not an object", "string keys and values");
        }
        for (Map.Entry<?, ?> kv : ((Map<?, ?>) value).entrySet()) {
            if (!(kv.getValue() instanceof String)) {
                throw error(source, METADATA_KEY + " entry '" + kv.getKey() + "' is not a"
                        + " string", "string values only");
            }
            out.put((String) kv.getKey(), (String) kv.getValue());
        }
    }

    private static Entry parseEntry(String source, String name, Object value, long dataLength) {
        String what = "tensor '" + name + "'";
        if (!(value instanceof Map)) {
            throw error(source, what + " is described by " + Json.write(value, false),
                    "an object with dtype, shape and data_offsets");
        }
        Map<?, ?> m = (Map<?, ?>) value;
        for (Object k : m.keySet()) {
            if (!List.of("dtype", "shape", "data_offsets").contains(k)) {
                throw error(source, what + " has the unknown field '" + k + "'",
                        "only dtype, shape and data_offsets");
            }
        }
        Object code = m.get("dtype");
        DataType dtype = code instanceof String ? dtype((String) code) : null;
        if (dtype == null) {
            throw error(source, what + " has dtype " + Json.write(code, false) + ", which"
                    + " pybridge does not support", "one of " + codes());
        }
        long[] shape = longs(source, what, "shape", m.get("shape"), -1);
        long[] offsets = longs(source, what, "data_offsets", m.get("data_offsets"), 2);
        long numel = 1;
        for (long s : shape) {
            if (s < 0) {
                throw error(source, what + " has a negative dimension in shape "
                        + Arrays.toString(shape), "non-negative sizes");
            }
            try {
                numel = Math.multiplyExact(numel, s);
            } catch (ArithmeticException e) {
                throw error(source, what + " has a shape too large to address "
                        + Arrays.toString(shape), "fewer than 2^63 bytes");
            }
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin || end > dataLength) {
            throw error(source, what + " has data_offsets [" + begin + ", " + end + "] outside"
                    + " the " + dataLength + "-byte data region", "0 <= begin <= end <= "
                    + dataLength);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            bytes = -1;
        }
        if (end - begin != bytes) {
            throw error(source, what + " (" + code + ", shape " + Arrays.toString(shape)
                    + ") spans " + (end - begin) + " bytes", bytes + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] longs(String source, String what, String field, Object v, int n) {
        if (!(v instanceof List)) {
            throw error(source, what + " has " + field + " " + Json.write(v, false),
                    "a list of integers");
        }
        List<?> list = (List<?>) v;
        if (n >= 0 && list.size() != n) {
            throw error(source, what + " has " + field + " " + Json.write(v, false),
                    n + " integers");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long)) {
                throw error(source, what + " has " + field + " " + Json.write(v, false),
                        "a list of integers");
            }
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    /** The tensors must tile the data region exactly: no overlaps, no holes, nothing after. */
    private static void checkCoverage(String source, List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin != at) {
                String what = e.begin < at ? "overlaps" : "leaves a gap after";
                throw error(source, "tensor '" + e.name + "' (data_offsets [" + e.begin + ", "
                        + e.end + "]) " + what + (previous == null ? " the start of the data"
                        : " tensor '" + previous + "'"), "tensors that tile the data region"
                        + " back to back");
            }
            at = e.end;
            previous = e.name;
        }
        if (at != dataLength) {
            throw error(source, "the tensors cover " + at + " bytes but the data region has "
                    + dataLength, "no bytes after the last tensor");
        }
    }

    static SafeTensorsException error(String source, String what, String expected) {
        return new SafeTensorsException("Invalid safetensors data in " + source + ": " + what
                + "; expected " + expected + ".");
    }
}
