package org.pybridge.tensor.internal;

/** Bulk copies between Java primitive arrays and off-heap memory. */
public final class JavaArrays {
    private JavaArrays() {
    }

    public static void copyIn(float[] src, long address) {
        for (int i = 0; i < src.length; i++) {
            Raw.putFloat(address + 4L * i, src[i]);
        }
    }

    public static void copyIn(double[] src, long address) {
        for (int i = 0; i < src.length; i++) {
            Raw.putDouble(address + 8L * i, src[i]);
        }
    }

    public static void copyIn(int[] src, long address) {
        for (int i = 0; i < src.length; i++) {
            Raw.putInt(address + 4L * i, src[i]);
        }
    }

    public static void copyIn(long[] src, long address) {
        for (int i = 0; i < src.length; i++) {
            Raw.putLong(address + 8L * i, src[i]);
        }
    }

    public static void copyOut(long address, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Raw.getFloat(address + 4L * i);
        }
    }

    public static void copyOut(long address, double[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Raw.getDouble(address + 8L * i);
        }
    }

    public static void copyOut(long address, long[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Raw.getLong(address + 8L * i);
        }
    }

    /** Rows of equal length flattened in C order, or an error naming the ragged row. */
    public static float[] flatten(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            checkRow(r, rows[r].length, cols);
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return flat;
    }

    /** Rows of equal length flattened in C order, or an error naming the ragged row. */
    public static double[] flatten(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            checkRow(r, rows[r].length, cols);
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return flat;
    }

    private static void checkRow(int r, int length, int cols) {
        if (length != cols) {
            throw new org.pybridge.tensor.ShapeException("Row " + r + " has " + length
                    + " values, expected " + cols + " like row 0: rows must be equal length.");
        }
    }

    public static float[][] rows(float[] flat, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    public static double[][] rows(double[] flat, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }
}
