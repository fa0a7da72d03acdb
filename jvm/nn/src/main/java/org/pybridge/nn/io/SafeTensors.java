package org.pybridge.nn.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.internal.MemoryBlock;
import org.pybridge.tensor.internal.Raw;

/**
 * Reads and writes tensors in the Hugging Face
 * <a href="https://github.com/huggingface/safetensors">safetensors</a> layout, the format of
 * the parameter and optimizer-state entries of a model file (see {@link org.pybridge.nn.io} for
 * the layout). Files written here load with the
 * {@code safetensors} Python package ({@code safetensors.numpy.load_file}) and vice versa.
 *
 * <p>Reading validates strictly (header size, UTF-8 JSON, dtypes, shapes, offsets that tile the
 * data region exactly, no truncation) and never interprets anything as code. The whole data
 * region is read in one pass into a single 64-byte-aligned off-heap block and every tensor is a
 * view into it: no per-tensor copies, and loading costs one read of the bytes. The block is freed
 * when the last of its tensors is closed; each returned tensor is owned by the caller.
 *
 * <pre>{@code
 * SafeTensors.write(out, Map.of("0_W", w, "0_b", b), Map.of("framework", "pybridge"));
 * Map<String, NDArray> loaded = SafeTensors.read(Path.of("params.safetensors"));
 * try { ... } finally { loaded.values().forEach(NDArray::close); }
 * }</pre>
 */
public final class SafeTensors {
    private static final int CHUNK = 1 << 20;

    private SafeTensors() {
    }

    private static void checkByteOrder() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("safetensors data is little-endian and this"
                    + " engine copies it as raw memory; this platform is big-endian.");
        }
    }

    /**
     * Writes {@code tensors} (in any layout; non-contiguous ones are copied) and optional string
     * {@code metadata} to {@code out}. The header lists the tensors in the map's order; the data
     * is ordered by element size then name so that every tensor is aligned to its element size.
     *
     * @throws UncheckedIOException when {@code out} fails
     */
    public static void write(OutputStream out, Map<String, NDArray> tensors,
            Map<String, String> metadata) {
        checkByteOrder();
        SafeTensorsHeader plan = SafeTensorsHeader.plan(tensors, metadata);
        byte[] header = plan.toBytes();
        try {
            byte[] length = new byte[8];
            ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(length);
            out.write(header);
            byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(8, plan.dataLength))];
            for (SafeTensorsHeader.Entry e : plan.byOffset()) {
                try (NDArray c = tensors.get(e.name()).contiguous()) {
                    long address = c.address();
                    long bytes = e.end() - e.begin();
                    for (long done = 0; done < bytes; ) {
                        int n = (int) Math.min(buf.length, bytes - done);
                        copyOut(address + done, buf, n);
                        out.write(buf, 0, n);
                        done += n;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing safetensors data failed: " + e.getMessage(),
                    e);
        }
    }

    /** The number of bytes {@link #write} produces for these tensors and metadata. */
    public static long byteSize(Map<String, NDArray> tensors, Map<String, String> metadata) {
        SafeTensorsHeader plan = SafeTensorsHeader.plan(tensors, metadata);
        return 8 + plan.toBytes().length + plan.dataLength;
    }

    /** The safetensors bytes of {@code tensors} (for small sets; use {@link #write} for files). */
    public static byte[] toBytes(Map<String, NDArray> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, tensors, metadata);
        return out.toByteArray();
    }

    /** Writes a safetensors file (not atomically; model files use {@link ModelFile}). */
    public static void write(Path path, Map<String, NDArray> tensors,
            Map<String, String> metadata) {
        try (OutputStream out = Files.newOutputStream(path)) {
            write(out, tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a safetensors file. The tensors are views of one off-heap block holding the file's
     * data region; the caller closes every tensor.
     *
     * @throws SafeTensorsException for invalid or truncated data, naming the file and tensor
     */
    public static Map<String, NDArray> read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, Files.size(path), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads safetensors data held in memory; see {@link #read(Path)}. */
    public static Map<String, NDArray> read(byte[] bytes) {
        return read(new ByteArrayInputStream(bytes), bytes.length, "a byte array");
    }

    /**
     * Reads exactly {@code length} bytes of safetensors data from {@code in}; see
     * {@link #read(Path)}.
     *
     * @param source names the data in error messages (a path, an archive entry)
     */
    public static Map<String, NDArray> read(InputStream in, long length, String source) {
        checkByteOrder();
        try {
            SafeTensorsHeader header = readHeader(in, length, source);
            return readData(in, header, source);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** The {@code __metadata__} strings of a safetensors file, without reading its tensors. */
    public static Map<String, String> readMetadata(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return readHeader(in, Files.size(path), path.toString()).metadata;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The {@code __metadata__} strings of safetensors data held in memory. */
    public static Map<String, String> readMetadata(byte[] bytes) {
        try {
            return readHeader(new ByteArrayInputStream(bytes), bytes.length, "a byte array")
                    .metadata;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SafeTensorsHeader readHeader(InputStream in, long length, String source)
            throws IOException {
        if (length < 8) {
            throw SafeTensorsHeader.error(source, "it has only " + length + " bytes",
                    "an 8-byte header length followed by a JSON header");
        }
        byte[] prefix = readFully(in, 8, source, "the header length");
        long n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > SafeTensorsHeader.MAX_HEADER_BYTES || n > length - 8) {
            throw SafeTensorsHeader.error(source, "the header length is " + n + " bytes in "
                    + length + " bytes of data", "a header of 2 to "
                    + Math.min(SafeTensorsHeader.MAX_HEADER_BYTES, length - 8) + " bytes");
        }
        byte[] header = readFully(in, (int) n, source, "the header");
        return SafeTensorsHeader.parse(source, header, length - 8 - n);
    }

    private static Map<String, NDArray> readData(InputStream in, SafeTensorsHeader header,
            String source) throws IOException {
        MemoryBlock block = MemoryBlock.allocate(header.dataLength,
                () -> "the tensors of " + source);
        List<NDArray> created = new ArrayList<>();
        try {
            fill(in, block.address(), header.dataLength, source);
            if (in.read() != -1) {
                throw SafeTensorsHeader.error(source, "there are bytes after the data region",
                        "nothing after the last tensor");
            }
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (SafeTensorsHeader.Entry e : header.entries) {
                long[] strides = new long[e.shape().length];
                long stride = e.dtype().byteSize();
                for (int i = strides.length - 1; i >= 0; i--) {
                    strides[i] = stride;
                    stride *= Math.max(1, e.shape()[i]);
                }
                block.retain();
                NDArray t;
                try {
                    t = NDArray.wrap(block.address() + e.begin(), e.dtype(), e.shape(), strides,
                            false, block::release);
                } catch (RuntimeException ex) {
                    block.release();
                    throw ex;
                }
                created.add(t);
                out.put(e.name(), t);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            created.forEach(NDArray::close);
            throw e;
        } finally {
            block.release();
        }
    }

    private static void fill(InputStream in, long address, long bytes, String source)
            throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(8, bytes))];
        long done = 0;
        while (done < bytes) {
            int want = (int) Math.min(buf.length, bytes - done);
            int got = in.readNBytes(buf, 0, want);
            if (got < want) {
                throw SafeTensorsHeader.error(source, "the data ends after " + (done + got)
                        + " of " + bytes + " bytes (the file is truncated)", bytes + " bytes of"
                        + " tensor data");
            }
            copyIn(buf, got, address + done);
            done += got;
        }
    }

    private static byte[] readFully(InputStream in, int n, String source, String what)
            throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw SafeTensorsHeader.error(source, "it ends inside " + what, n + " bytes of "
                    + what);
        }
        return b;
    }

    /** Copies {@code n} bytes from the heap buffer to off-heap memory, 8 at a time. */
    private static void copyIn(byte[] buf, int n, long address) {
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            Raw.putLong(address + i, bb.getLong(i));
        }
        for (; i < n; i++) {
            Raw.putByte(address + i, buf[i]);
        }
    }

    private static void copyOut(long address, byte[] buf, int n) {
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            bb.putLong(i, Raw.getLong(address + i));
        }
        for (; i < n; i++) {
            buf[i] = Raw.getByte(address + i);
        }
    }

    /** The dtype codes this engine reads and writes, e.g. {@code "F32"}. */
    public static List<String> dtypeCodes() {
        return Arrays.stream(org.pybridge.tensor.DataType.values()).map(SafeTensorsHeader::code)
                .toList();
    }
}
