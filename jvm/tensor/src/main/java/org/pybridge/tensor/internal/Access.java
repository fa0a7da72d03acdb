package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;

/**
 * Reads and writes one element of any dtype as double or long. The generic (slow) path of the
 * kernels; hot loops specialise per dtype instead.
 */
public final class Access {
    private Access() {
    }

    public static double getDouble(DataType t, long address) {
        switch (t) {
            case FLOAT32: return Raw.getFloat(address);
            case FLOAT64: return Raw.getDouble(address);
            case INT32: return Raw.getInt(address);
            case INT64: return Raw.getLong(address);
            case INT16: return Raw.getShort(address);
            case INT8: return Raw.getByte(address);
            case UINT8: return Raw.getByte(address) & 0xFF;
            case BOOL: return Raw.getByte(address) != 0 ? 1.0 : 0.0;
            case FLOAT16: return HalfFloats.halfToFloat(Raw.getShort(address));
            case BFLOAT16: return HalfFloats.bfloat16ToFloat(Raw.getShort(address));
            default: throw new AssertionError(t);
        }
    }

    public static long getLong(DataType t, long address) {
        switch (t) {
            case INT32: return Raw.getInt(address);
            case INT64: return Raw.getLong(address);
            case INT16: return Raw.getShort(address);
            case INT8: return Raw.getByte(address);
            case UINT8: return Raw.getByte(address) & 0xFF;
            case BOOL: return Raw.getByte(address) != 0 ? 1L : 0L;
            default: return (long) getDouble(t, address);
        }
    }

    public static void putDouble(DataType t, long address, double v) {
        switch (t) {
            case FLOAT32: Raw.putFloat(address, (float) v); break;
            case FLOAT64: Raw.putDouble(address, v); break;
            case BOOL: Raw.putByte(address, v != 0.0 ? (byte) 1 : (byte) 0); break;
            case FLOAT16: Raw.putShort(address, HalfFloats.floatToHalf((float) v)); break;
            case BFLOAT16: Raw.putShort(address, HalfFloats.floatToBfloat16((float) v)); break;
            // float -> integer truncates toward zero and wraps like numpy's C cast for in-range
            // values; NaN and out-of-range values are undefined in numpy, we give (long) v.
            default: putLong(t, address, (long) v); break;
        }
    }

    public static void putLong(DataType t, long address, long v) {
        switch (t) {
            case INT32: Raw.putInt(address, (int) v); break;
            case INT64: Raw.putLong(address, v); break;
            case INT16: Raw.putShort(address, (short) v); break;
            case INT8:
            case UINT8: Raw.putByte(address, (byte) v); break;
            case BOOL: Raw.putByte(address, v != 0 ? (byte) 1 : (byte) 0); break;
            default: putDouble(t, address, (double) v); break;
        }
    }
}
