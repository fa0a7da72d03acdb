package org.pybridge.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pybridge.tensor.internal.Raw;

/**
 * Columns to and from the Arrow memory layout, for the Python bridge ({@code executor="jvm"})
 * and anyone holding Arrow buffers. Imports read Arrow buffers by address (one copy into the
 * column's arrays); the addresses must stay valid for the duration of the call. Validity and
 * boolean buffers are Arrow bitmaps (least significant bit first) read from bit
 * {@code offset}; address 0 means "no buffer" (no nulls).
 *
 * <pre>{@code
 * Column x = ArrowInterchange.importDoubles("x", valuesAddress, validityAddress, offset, n);
 * byte[] bits = ArrowInterchange.validityBits(x);   // null when there are no nulls
 * }</pre>
 */
public final class ArrowInterchange {
    private ArrowInterchange() {
    }

    /** Offsets and bytes of a utf8 column in Arrow's layout ({@code offsets.length = n + 1}). */
    public record Utf8(int[] offsets, byte[] data) {
    }

    private static boolean[] validity(long address, long offset, int n) {
        if (address == 0) {
            return null;
        }
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
            long bit = offset + i;
            v[i] = (Raw.getByte(address + (bit >>> 3)) >> (bit & 7) & 1) != 0;
        }
        return v;
    }

    /** A double column from an Arrow float64 array. */
    public static Column importDoubles(String name, long values, long validity, long offset,
                                       int n) {
        double[] v = new double[n];
        long a = values + 8 * offset;
        for (int i = 0; i < n; i++) {
            v[i] = Raw.getDouble(a + 8L * i);
        }
        return Column.doubles(name, v, validity(validity, offset, n));
    }

    /** An int64 ({@code timestamp} false) or timestamp (microseconds) column. */
    public static Column importLongs(String name, boolean timestamp, long values, long validity,
                                     long offset, int n) {
        long[] v = new long[n];
        long a = values + 8 * offset;
        for (int i = 0; i < n; i++) {
            v[i] = Raw.getLong(a + 8L * i);
        }
        return Column.longs(name, timestamp ? ColumnType.TIMESTAMP : ColumnType.INT64, v,
                validity(validity, offset, n));
    }

    /** A boolean column from Arrow's bit-packed values. */
    public static Column importBooleans(String name, long values, long validity, long offset,
                                        int n) {
        boolean[] v = validity(values, offset, n);
        return Column.booleans(name, v == null ? new boolean[n] : v,
                validity(validity, offset, n));
    }

    /** A categorical column from int32 dictionary indices into {@code categories}. */
    public static Column importCategorical(String name, List<String> categories, long indices,
                                           long validity, long offset, int n) {
        int[] codes = new int[n];
        long a = indices + 4 * offset;
        for (int i = 0; i < n; i++) {
            codes[i] = Raw.getInt(a + 4L * i);
        }
        return Column.categorical(name, ColumnType.categorical(categories), codes,
                validity(validity, offset, n));
    }

    /** A string column from Arrow utf8 (int32 offsets and UTF-8 bytes). */
    public static Column importUtf8(String name, long offsets, long data, long validity,
                                    long offset, int n) {
        boolean[] valid = validity(validity, offset, n);
        String[] v = new String[n];
        if (n > 0) {
            int start = Raw.getInt(offsets + 4 * offset);
            int end = Raw.getInt(offsets + 4 * (offset + n));
            byte[] bytes = new byte[end - start];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = Raw.getByte(data + start + i);
            }
            int prev = start;
            for (int i = 0; i < n; i++) {
                int next = Raw.getInt(offsets + 4 * (offset + i + 1));
                if (valid == null || valid[i]) {
                    v[i] = new String(bytes, prev - start, next - prev, StandardCharsets.UTF_8);
                }
                prev = next;
            }
        }
        return Column.strings(name, v);
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
        if (c.strings == null) {
            throw new IllegalArgumentException("Column '" + c.name() + "' is not string.");
        }
        int n = c.size();
        byte[][] parts = new byte[n][];
        int[] offsets = new int[n + 1];
        long total = 0;
        for (int i = 0; i < n; i++) {
            String s = c.strings[i];
            parts[i] = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
            total += parts[i].length;
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Column '" + c.name() + "' holds more than "
                        + "2 GiB of text, more than one Arrow utf8 array can hold.");
            }
            offsets[i + 1] = (int) total;
        }
        byte[] data = new byte[(int) total];
        for (int i = 0; i < n; i++) {
            System.arraycopy(parts[i], 0, data, offsets[i], parts[i].length);
        }
        return new Utf8(offsets, data);
    }
}
