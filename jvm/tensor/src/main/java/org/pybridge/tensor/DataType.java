package org.pybridge.tensor;

import java.util.Locale;

/**
 * Element types of an {@link NDArray}. Names follow numpy so that a dtype crosses the Python
 * bridge by name: {@code DataType.of("float32") == DataType.FLOAT32}.
 *
 * <pre>{@code
 * NDArray a = NDArray.zeros(DataType.FLOAT64, 2, 3);
 * assert a.dtype().byteSize() == 8;
 * }</pre>
 */
public enum DataType {
    BOOL("bool", 1, Kind.BOOL),
    INT8("int8", 1, Kind.SIGNED),
    UINT8("uint8", 1, Kind.UNSIGNED),
    INT16("int16", 2, Kind.SIGNED),
    INT32("int32", 4, Kind.SIGNED),
    INT64("int64", 8, Kind.SIGNED),
    FLOAT16("float16", 2, Kind.FLOAT),
    BFLOAT16("bfloat16", 2, Kind.FLOAT),
    FLOAT32("float32", 4, Kind.FLOAT),
    FLOAT64("float64", 8, Kind.FLOAT);

    /** Broad families used by type promotion. */
    public enum Kind { BOOL, UNSIGNED, SIGNED, FLOAT }

    private final String numpyName;
    private final int byteSize;
    private final Kind kind;

    DataType(String numpyName, int byteSize, Kind kind) {
        this.numpyName = numpyName;
        this.byteSize = byteSize;
        this.kind = kind;
    }

    /** The numpy name of this type, e.g. {@code "float32"}. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isFloatingPoint() {
        return kind == Kind.FLOAT;
    }

    /** True for bool and the signed and unsigned integer types. */
    public boolean isIntegral() {
        return kind != Kind.FLOAT;
    }

    /**
     * Looks a type up by its numpy name (case-insensitive; {@code "float"} and {@code "double"}
     * are accepted as aliases).
     *
     * @throws IllegalArgumentException naming the supported types when the name is unknown
     */
    public static DataType of(String name) {
        String n = name.toLowerCase(Locale.ROOT).strip();
        switch (n) {
            case "float": return FLOAT32;
            case "double": return FLOAT64;
            case "half": return FLOAT16;
            case "long": return INT64;
            case "int": return INT32;
            case "boolean": return BOOL;
            default: break;
        }
        for (DataType t : values()) {
            if (t.numpyName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unsupported dtype '" + name + "': expected one of "
                + supportedNames() + ".");
    }

    /** The supported numpy names, comma separated, for error messages. */
    public static String supportedNames() {
        StringBuilder sb = new StringBuilder();
        for (DataType t : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(t.numpyName);
        }
        return sb.toString();
    }

    /**
     * The type numpy gives to a binary operation of two arrays of these types
     * ({@code numpy.result_type}), with bfloat16 treated like float16 of the same rank.
     */
    public static DataType promote(DataType a, DataType b) {
        if (a == b) {
            return a;
        }
        if (a.kind == Kind.FLOAT || b.kind == Kind.FLOAT) {
            if (a.kind == Kind.FLOAT && b.kind == Kind.FLOAT) {
                if ((a == FLOAT16 && b == BFLOAT16) || (a == BFLOAT16 && b == FLOAT16)) {
                    return FLOAT32;
                }
                return a.byteSize >= b.byteSize ? a : b;
            }
            DataType f = a.kind == Kind.FLOAT ? a : b;
            DataType i = a.kind == Kind.FLOAT ? b : a;
            // An integer needs a float wide enough to hold it: int8/uint8 fit float16,
            // int16 needs float32, int32/int64 need float64 (numpy's rules).
            int need = i == BOOL ? 0 : i.byteSize == 1 ? 2 : i.byteSize == 2 ? 4 : 8;
            if (f.byteSize >= need) {
                return f;
            }
            return need == 4 ? FLOAT32 : FLOAT64;
        }
        if (a == BOOL) {
            return b;
        }
        if (b == BOOL) {
            return a;
        }
        if (a.kind == b.kind) {
            return a.byteSize >= b.byteSize ? a : b;
        }
        DataType s = a.kind == Kind.SIGNED ? a : b;
        DataType u = a.kind == Kind.SIGNED ? b : a;
        if (s.byteSize > u.byteSize) {
            return s;
        }
        // uint8 with a signed type of the same size needs the next wider signed type.
        switch (u.byteSize) {
            case 1: return INT16;
            case 2: return INT32;
            default: return u.byteSize == 4 ? INT64 : FLOAT64;
        }
    }
}
