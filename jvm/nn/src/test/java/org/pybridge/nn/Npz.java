package org.pybridge.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pybridge.tensor.NDArray;

/**
 * A minimal reader of numpy's {@code .npz} (a zip of {@code .npy} files) for test fixtures:
 * little-endian float32/float64/int64 arrays in C order. The caller closes the arrays.
 */
final class Npz {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    /** The repository's tests/fixtures directory (Maven runs tests in jvm/nn). */
    static Path fixtures() {
        return Path.of("..", "..", "tests", "fixtures");
    }

    static Map<String, NDArray> read(Path path) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName().replaceFirst("\\.npy$", "");
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name, npy(in.readAllBytes(), path + ":" + e.getName()));
                }
            }
        } catch (IOException | RuntimeException e) {
            out.values().forEach(NDArray::close);
            throw e;
        }
        return out;
    }

    private static NDArray npy(byte[] b, String what) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if ((b[0] & 0xff) != 0x93 || !new String(b, 1, 5, StandardCharsets.US_ASCII).equals(
                "NUMPY")) {
            throw new IllegalArgumentException(what + " is not a .npy array");
        }
        int major = b[6];
        int headerLength = major == 1 ? buf.getShort(8) & 0xffff : buf.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(b, start, headerLength, StandardCharsets.ISO_8859_1);
        int data = start + headerLength;
        String descr = find(DESCR, header, what);
        if (find(FORTRAN, header, what).equals("True")) {
            throw new IllegalArgumentException(what + ": Fortran order is not supported");
        }
        String dims = find(SHAPE, header, what).trim();
        long[] shape = dims.isEmpty() ? new long[0]
                : java.util.Arrays.stream(dims.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        int n = (int) java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        buf.position(data);
        switch (descr) {
            case "<f4": {
                float[] v = new float[n];
                buf.asFloatBuffer().get(v);
                return withShape(NDArray.create(v, n), shape);
            }
            case "<f8": {
                double[] v = new double[n];
                buf.asDoubleBuffer().get(v);
                return withShape(NDArray.create(v, n), shape);
            }
            case "<i8": {
                long[] v = new long[n];
                buf.asLongBuffer().get(v);
                return withShape(NDArray.create(v, n), shape);
            }
            default:
                throw new IllegalArgumentException(what + ": dtype " + descr + " not supported");
        }
    }

    private static NDArray withShape(NDArray flat, long[] shape) {
        try (flat) {
            return flat.reshape(shape);
        }
    }

    private static String find(Pattern p, String header, String what) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(what + ": bad .npy header " + header);
        }
        return m.group(1);
    }

    /** A 0-d array's value, for hyper-parameters. */
    static double scalar(Map<String, NDArray> npz, String key) {
        NDArray a = npz.get(key);
        if (a == null) {
            throw new IllegalArgumentException("fixture has no '" + key + "'");
        }
        return a.item();
    }
}
