package org.pybridge.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Columns to and from the Arrow memory layout, for the Python bridge ({@code executor="jvm"})
 * and anyone holding Arrow buffers. Imports take the Arrow buffers as {@link ByteBuffer}s
 * (typically direct buffers over the Arrow memory, so the only copy is the bulk one into the
 * column's arrays) and the array's {@code offset} in elements; validity and boolean buffers are
 * Arrow bitmaps (least significant bit first), and a null validity buffer means "no nulls".
 *
 * <pre>{@code
 * Column x = ArrowInterchange.importDoubles("x", values, null, 0, n);
 * byte[] bits = ArrowInterchange.validityBits(x);   // null when there are no nulls
 * }</pre>
 */
public final class ArrowInterchange {
    private ArrowInterchange() {
    }

    /** Offsets and bytes of a utf8 column in Arrow's layout ({@code offsets.length = n + 1}). */
    public record Utf8(int[] offsets, byte[] data) {
    }

    private static ByteBuffer le(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static boolean[] bitmap(ByteBuffer bits, int offset, int n) {
        if (bits == null) {
            return null;
        }
        int first = offset >>> 3;
        int bytes = (offset + n + 7 >>> 3) - first;
        byte[] raw = new byte[bytes];
        le(bits).position(first).get(raw);
        boolean[] v = new boolean[n];
        int shift = offset & 7;
        for (int i = 0; i < n; i++) {
            int bit = shift + i;
            v[i] = (raw[bit >>> 3] >> (bit & 7) & 1) != 0;
        }
        return v;
    }

    /** A double column from an Arrow float64 array. */
    public static Column importDoubles(String name, ByteBuffer values, ByteBuffer validity,
                                       int offset, int n) {
        double[] v = new double[n];
        if (n > 0) {
            le(values).position(8 * offset).asDoubleBuffer().get(v);
        }
        return Column.doubles(name, v, bitmap(validity, offset, n));
    }

    /** An int64 ({@code timestamp} false) or timestamp (microseconds) column. */
    public static Column importLongs(String name, boolean timestamp, ByteBuffer values,
                                     ByteBuffer validity, int offset, int n) {
        long[] v = new long[n];
        if (n > 0) {
            le(values).position(8 * offset).asLongBuffer().get(v);
        }
        return Column.longs(name, timestamp ? ColumnType.TIMESTAMP : ColumnType.INT64, v,
                bitmap(validity, offset, n));
    }

    /** A boolean column from Arrow's bit-packed values. */
    public static Column importBooleans(String name, ByteBuffer values, ByteBuffer validity,
                                        int offset, int n) {
        boolean[] v = n > 0 ? bitmap(values, offset, n) : new boolean[0];
        return Column.booleans(name, v, bitmap(validity, offset, n));
    }

    /** A categorical column from int32 dictionary indices into {@code categories}. */
    public static Column importCategorical(String name, List<String> categories,
                                           ByteBuffer indices, ByteBuffer validity, int offset,
                                           int n) {
        int[] codes = new int[n];
        if (n > 0) {
            le(indices).position(4 * offset).asIntBuffer().get(codes);
        }
        return Column.categorical(name, ColumnType.categorical(categories), codes,
                bitmap(validity, offset, n));
    }

    /** A string column from Arrow utf8 (int32 offsets and UTF-8 bytes). */
    public static Column importUtf8(String name, ByteBuffer offsets, ByteBuffer data,
                                    ByteBuffer validity, int offset, int n) {
        int[] ends = new int[n + 1];
        byte[] bytes = new byte[0];
        if (n > 0) {
            le(offsets).position(4 * offset).asIntBuffer().get(ends);
            int start = ends[0];
            bytes = new byte[ends[n] - start];
            if (bytes.length > 0) {
                le(data).position(start).get(bytes);
            }
            for (int i = 0; i <= n; i++) {
                ends[i] -= start;
            }
        }
        return Column.utf8(name, ends, bytes, bitmap(validity, offset, n));
    }

    // ------------------------------------------------------------------ export

    private static byte[] bits(boolean[] v, int n) {
        byte[] out = new byte[(n + 7) / 8];
        for (int i = 0; i < n; i++) {
            if (v[i]) {
                out[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return out;
    }

    /** The validity bitmap, or null when no row is null. */
    public static byte[] validityBits(Column c) {
        return c.valid == null ? null : bits(c.valid, c.size());
    }

    /**
     * Copies a double column's values into {@code out} (little-endian, from its position, e.g.
     * a direct buffer over the memory of the Arrow buffer being built): one bulk copy.
     */
    public static void copyDoubles(Column c, ByteBuffer out) {
        le(out).asDoubleBuffer().put(doubleArray(c));
    }

    /** Copies an int64 or timestamp column's values into {@code out} (little-endian). */
    public static void copyLongs(Column c, ByteBuffer out) {
        if (c.longs == null) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not int64/timestamp.");
        }
        le(out).asLongBuffer().put(c.longs);
    }

    /** Copies a categorical column's codes into {@code out} (little-endian; nulls hold 0). */
    public static void copyCodes(Column c, ByteBuffer out) {
        le(out).asIntBuffer().put(codeValues(c));
    }

    private static double[] doubleArray(Column c) {
        if (c.type().kind() != ColumnType.Kind.DOUBLE) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not double.");
        }
        return c.doubles;
    }

    /** The values of a double column (a copy; null rows hold an arbitrary value). */
    public static double[] doubleValues(Column c) {
        if (c.type().kind() != ColumnType.Kind.DOUBLE) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not double.");
        }
        return c.doubles.clone();
    }

    /** The values of an int64 or timestamp column (a copy). */
    public static long[] longValues(Column c) {
        if (c.longs == null) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not int64/timestamp.");
        }
        return c.longs.clone();
    }

    /** The category codes of a categorical column (a copy; null rows hold 0). */
    public static int[] codeValues(Column c) {
        if (c.codes == null) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not categorical.");
        }
        int[] out = c.codes.clone();
        for (int i = 0; i < out.length; i++) {
            if (!c.isValid(i)) {
                out[i] = 0;
            }
        }
        return out;
    }

    /** The values of a boolean column, bit-packed. */
    public static byte[] booleanBits(Column c) {
        if (c.booleans == null) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not boolean.");
        }
        return bits(c.booleans, c.size());
    }

    /** A string column in Arrow's utf8 layout (null rows are empty). */
    public static Utf8 utf8(Column c) {
        if (c.type().kind() != ColumnType.Kind.STRING) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not string.");
        }
        if (c.utf8Data != null) {
            return new Utf8(c.utf8Offsets.clone(), c.utf8Data.clone());
        }
        String[] strings = c.strings();
        int n = c.size();
        int[] offsets = new int[n + 1];
        long total = 0;
        for (int i = 0; i < n; i++) {
            String s = strings[i];
            total += s == null ? 0 : Utf8Codec.length(s);
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Column '" + c.name() + "' holds more than "
                        + "2 GiB of text, more than one Arrow utf8 array can hold.");
            }
            offsets[i + 1] = (int) total;
        }
        byte[] data = new byte[(int) total];
        for (int i = 0; i < n; i++) {
            if (strings[i] != null) {
                Utf8Codec.encode(strings[i], data, offsets[i]);
            }
        }
        return new Utf8(offsets, data);
    }
}
