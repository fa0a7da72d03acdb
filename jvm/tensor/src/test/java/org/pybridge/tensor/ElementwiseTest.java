package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every element-wise operation on every dtype (and every pair of dtypes for binary operations)
 * against a per-element Java reference computed in double or long. The expected result dtypes
 * are numpy 2.4's, recorded below from {@code numpy.<ufunc>(np.array([1], a), np.array([1], b))}
 * ("x": numpy raises; RSQRT, SIGMOID and ERF have no ufunc and follow SQRT and EXP; RELU
 * follows numpy.positive but keeps bool).
 */
@ExtendWith(LeakCheck.class)
class ElementwiseTest {
    static final DataType[] NUMPY_TYPES = {
        DataType.BOOL, DataType.INT8, DataType.UINT8, DataType.INT16, DataType.INT32,
        DataType.INT64, DataType.FLOAT16, DataType.FLOAT32, DataType.FLOAT64,
    };
    /** numpy's types and bfloat16. */
    static final DataType[] ALL_TYPES = DataType.values();
    static final Map<BinaryOp, String> BINARY = new EnumMap<>(BinaryOp.class);
    static final Map<UnaryOp, String> UNARY = new EnumMap<>(UnaryOp.class);

    static {
        BINARY.put(BinaryOp.ADD, ""
                + "b i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.SUB, ""
                + "x i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.MUL, ""
                + "b i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.DIV, ""
                + "f8 f8 f8 f8 f8 f8 f2 f4 f8 / f8 f8 f8 f8 f8 f8 f2 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f2 f4 f8 / f8 f8 f8 f8 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8 / f8 f8 f8 f8 f8 f8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.FLOOR_DIV, ""
                + "i1 i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.POW, ""
                + "i1 i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.MAXIMUM, ""
                + "b i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.MINIMUM, ""
                + "b i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.MOD, ""
                + "i1 i1 u1 i2 i4 i8 f2 f4 f8 / i1 i1 i2 i2 i4 i8 f2 f4 f8 / "
                + "u1 i2 u1 i2 i4 i8 f2 f4 f8 / i2 i2 i2 i2 i4 i8 f4 f4 f8 / "
                + "i4 i4 i4 i4 i4 i8 f8 f8 f8 / i8 i8 i8 i8 i8 i8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.ATAN2, ""
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f2 f2 f2 f4 f8 f8 f2 f4 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8 / f8 f8 f8 f8 f8 f8 f8 f8 f8 / "
                + "f2 f2 f2 f4 f8 f8 f2 f4 f8 / f4 f4 f4 f4 f8 f8 f4 f4 f8 / "
                + "f8 f8 f8 f8 f8 f8 f8 f8 f8");
        BINARY.put(BinaryOp.EQ, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.NE, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.LT, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.LE, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.GT, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.GE, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.LOGICAL_AND, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.LOGICAL_OR, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.LOGICAL_XOR, ""
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b / b b b b b b b b b / "
                + "b b b b b b b b b");
        BINARY.put(BinaryOp.BITWISE_AND, ""
                + "b i1 u1 i2 i4 i8 x x x / i1 i1 i2 i2 i4 i8 x x x / "
                + "u1 i2 u1 i2 i4 i8 x x x / i2 i2 i2 i2 i4 i8 x x x / "
                + "i4 i4 i4 i4 i4 i8 x x x / i8 i8 i8 i8 i8 i8 x x x / "
                + "x x x x x x x x x / x x x x x x x x x / "
                + "x x x x x x x x x");
        BINARY.put(BinaryOp.BITWISE_OR, ""
                + "b i1 u1 i2 i4 i8 x x x / i1 i1 i2 i2 i4 i8 x x x / "
                + "u1 i2 u1 i2 i4 i8 x x x / i2 i2 i2 i2 i4 i8 x x x / "
                + "i4 i4 i4 i4 i4 i8 x x x / i8 i8 i8 i8 i8 i8 x x x / "
                + "x x x x x x x x x / x x x x x x x x x / "
                + "x x x x x x x x x");
        BINARY.put(BinaryOp.BITWISE_XOR, ""
                + "b i1 u1 i2 i4 i8 x x x / i1 i1 i2 i2 i4 i8 x x x / "
                + "u1 i2 u1 i2 i4 i8 x x x / i2 i2 i2 i2 i4 i8 x x x / "
                + "i4 i4 i4 i4 i4 i8 x x x / i8 i8 i8 i8 i8 i8 x x x / "
                + "x x x x x x x x x / x x x x x x x x x / "
                + "x x x x x x x x x");
        UNARY.put(UnaryOp.NEG, "x i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.ABS, "b i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.SIGN, "x i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.EXP, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.LOG, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.LOG1P, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.EXPM1, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.SQRT, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.RSQRT, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.SQUARE, "i1 i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.RECIPROCAL, "i1 i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.SIN, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.COS, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.TANH, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.SIGMOID, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.RELU, "b i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.FLOOR, "b i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.CEIL, "b i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.ROUND, "f2 i1 u1 i2 i4 i8 f2 f4 f8");
        UNARY.put(UnaryOp.ERF, "f2 f2 f2 f4 f8 f8 f2 f4 f8");
        UNARY.put(UnaryOp.LOGICAL_NOT, "b b b b b b b b b");
    }

    /** numpy's result type of op(a, b), or null where numpy raises. */
    static DataType numpyBinary(BinaryOp op, DataType a, DataType b) {
        String[] rows = BINARY.get(op).split(" / ");
        return code(rows[index(a)].split(" ")[index(b)]);
    }

    static DataType numpyUnary(UnaryOp op, DataType a) {
        return code(UNARY.get(op).split(" ")[index(a)]);
    }

    /**
     * numpy has no bfloat16; it ranks like float16 (the integers it holds exactly are the same),
     * except that float16 with bfloat16 needs float32.
     */
    static DataType expectedBinary(BinaryOp op, DataType a, DataType b) {
        if (a != DataType.BFLOAT16 && b != DataType.BFLOAT16) {
            return numpyBinary(op, a, b);
        }
        DataType r = numpyBinary(op, halfFor(a), halfFor(b));
        if (r != DataType.FLOAT16) {
            return r;
        }
        return a == DataType.FLOAT16 || b == DataType.FLOAT16 ? DataType.FLOAT32
                : DataType.BFLOAT16;
    }

    static DataType expectedUnary(UnaryOp op, DataType a) {
        DataType r = numpyUnary(op, halfFor(a));
        return a == DataType.BFLOAT16 && r == DataType.FLOAT16 ? DataType.BFLOAT16 : r;
    }

    private static DataType halfFor(DataType t) {
        return t == DataType.BFLOAT16 ? DataType.FLOAT16 : t;
    }

    private static int index(DataType t) {
        for (int i = 0; i < NUMPY_TYPES.length; i++) {
            if (NUMPY_TYPES[i] == t) {
                return i;
            }
        }
        throw new IllegalArgumentException(t.toString());
    }

    private static DataType code(String c) {
        switch (c) {
            case "b": return DataType.BOOL;
            case "i1": return DataType.INT8;
            case "u1": return DataType.UINT8;
            case "i2": return DataType.INT16;
            case "i4": return DataType.INT32;
            case "i8": return DataType.INT64;
            case "f2": return DataType.FLOAT16;
            case "f4": return DataType.FLOAT32;
            case "f8": return DataType.FLOAT64;
            default: return null;
        }
    }

    /** Test values per dtype: extremes, signs, zeros, fractions, specials. */
    static double[] values(DataType t) {
        switch (t) {
            case BOOL: return new double[] {0, 1, 1, 0};
            case INT8: return new double[] {-128, -7, -1, 0, 1, 3, 5, 127};
            case UINT8: return new double[] {0, 1, 3, 7, 128, 200, 255};
            case INT16: return new double[] {-32768, -300, -7, -1, 0, 1, 5, 300, 32767};
            case INT32: return new double[] {Integer.MIN_VALUE, -70000, -7, -1, 0, 1, 5, 70000,
                Integer.MAX_VALUE};
            case INT64: return new double[] {-0x1p62, -5e9, -7, -1, 0, 1, 5, 5e9, 0x1p62};
            default: return new double[] {Double.NEGATIVE_INFINITY, -3.5, -2, -1, -0.5, -0.0, 0,
                0.25, 0.5, 1, 1.5, 2.5, 3, 7, 100, Double.POSITIVE_INFINITY, Double.NaN};
        }
    }

    /** A 1-d tensor of type t holding values (converted like a cast). */
    static NDArray tensor(DataType t, double... v) {
        try (NDArray d = NDArray.create(v, v.length)) {
            return d.cast(t);
        }
    }

    // ------------------------------------------------------------------ unary

    @Test
    @SuppressWarnings("try") // the scope closes what the loop body creates
    void everyUnaryOpOnEveryDtype() {
        for (UnaryOp op : UnaryOp.values()) {
            for (DataType t : ALL_TYPES) {
                DataType expected = expectedUnary(op, t);
                try (Scope s = Scope.open()) {
                    NDArray a = tensor(t, values(t));
                    if (expected == null) {
                        assertThrows(DataTypeException.class, () -> a.apply(op), op + " " + t);
                        continue;
                    }
                    NDArray r = a.apply(op);
                    assertEquals(expected, r.dtype(), op + " of " + t);
                    for (long i = 0; i < a.size(); i++) {
                        String what = op + "(" + t + " " + a.getDouble(i) + ")";
                        if (expected.isFloatingPoint()) {
                            double want = roundTo(unaryReference(op, a.getDouble(i)), expected);
                            assertClose(want, r.getDouble(i), tolerance(op, expected), what);
                        } else if (t.isFloatingPoint()) {
                            long want = (long) unaryReference(op, a.getDouble(i));
                            assertEquals(want, r.getLong(i), what);
                        } else {
                            long want = wrap(unaryReference(op, a.getLong(i)), expected);
                            assertEquals(want, r.getLong(i), what);
                        }
                    }
                }
            }
        }
    }

    static double unaryReference(UnaryOp op, double x) {
        switch (op) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Double.isNaN(x) ? x : x > 0 ? 1 : x < 0 ? -1 : 0;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case LOG1P: return Math.log1p(x);
            case EXPM1: return Math.expm1(x);
            case SQRT: return Math.sqrt(x);
            case RSQRT: return 1 / Math.sqrt(x);
            case SQUARE: return x * x;
            case RECIPROCAL: return 1 / x;
            case SIN: return Math.sin(x);
            case COS: return Math.cos(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: return 1 / (1 + Math.exp(-x));
            case RELU: return Double.isNaN(x) ? x : Math.max(x, 0);
            case FLOOR: return Math.floor(x);
            case CEIL: return Math.ceil(x);
            case ROUND: return Math.rint(x);
            case ERF: return erfReference(x);
            case LOGICAL_NOT: return x == 0 ? 1 : 0;
            default: throw new AssertionError(op);
        }
    }

    static long unaryReference(UnaryOp op, long x) {
        switch (op) {
            case NEG: return -x;
            case ABS: return x < 0 ? -x : x;
            case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
            case SQUARE: return x * x;
            case RECIPROCAL: return x == 0 ? 0 : 1 / x;
            case RELU: return x > 0 ? x : 0;
            case FLOOR:
            case CEIL:
            case ROUND: return x;
            case LOGICAL_NOT: return x == 0 ? 1 : 0;
            default: throw new AssertionError(op);
        }
    }

    /**
     * erf from its everywhere-convergent series of positive terms,
     * erf(x) = 2/sqrt(pi) exp(-x^2) sum (2x^2)^n x / (1*3*...*(2n+1)); about 1e-15 accurate.
     */
    static double erfReference(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax >= 6) {
            return Math.signum(x);
        }
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 400 && term > sum * 1e-18; n++) {
            term *= 2 * ax * ax / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum, x);
    }

    // ------------------------------------------------------------------ binary

    @Test
    void everyBinaryOpOnEveryDtypePair() {
        for (BinaryOp op : BinaryOp.values()) {
            for (DataType ta : ALL_TYPES) {
                for (DataType tb : ALL_TYPES) {
                    checkBinary(op, ta, tb);
                }
            }
        }
    }

    @SuppressWarnings("try")
    private static void checkBinary(BinaryOp op, DataType ta, DataType tb) {
        DataType expected = expectedBinary(op, ta, tb);
        // comparisons compute in the promoted type (the type ADD gives, bool for bool)
        DataType compute = isBoolResult(op) ? expectedBinary(BinaryOp.ADD, ta, tb) : expected;
        double[] bv = values(tb);
        if (op == BinaryOp.POW && compute != null && !compute.isFloatingPoint()) {
            bv = nonNegative(bv); // negative integer exponents raise, tested separately
        }
        try (Scope s = Scope.open()) {
            NDArray a = tensor(ta, values(ta)).reshape(-1, 1);
            NDArray b = tensor(tb, bv).reshape(1, -1);
            String pair = op + " " + ta + " " + tb;
            if (expected == null) {
                assertThrows(DataTypeException.class, () -> a.apply(op, b), pair);
                return;
            }
            NDArray r = a.apply(op, b);
            assertEquals(expected, r.dtype(), pair);
            assertEquals(a.shape(0), r.shape(0));
            assertEquals(b.shape(1), r.shape(1));
            for (long i = 0; i < a.shape(0); i++) {
                for (long j = 0; j < b.shape(1); j++) {
                    String what = pair + ": " + a.getDouble(i, 0) + ", " + b.getDouble(0, j);
                    if (isLogical(op)) {
                        boolean x = truthy(a.getDouble(i, 0));
                        boolean y = truthy(b.getDouble(0, j));
                        boolean want = op == BinaryOp.LOGICAL_AND ? x && y
                                : op == BinaryOp.LOGICAL_OR ? x || y : x != y;
                        assertEquals(want ? 1 : 0, r.getLong(i, j), what);
                    } else if (compute.isFloatingPoint()) {
                        double x = a.getDouble(i, 0);
                        double y = b.getDouble(0, j);
                        double want = binaryReference(op, x, y, compute);
                        if (!expected.isFloatingPoint()) {
                            assertEquals((long) want, r.getLong(i, j), what);
                        } else {
                            assertClose(roundTo(want, expected), r.getDouble(i, j),
                                    op == BinaryOp.POW || op == BinaryOp.ATAN2
                                            || op == BinaryOp.FLOOR_DIV ? ulp(expected) : 0,
                                    what);
                        }
                    } else {
                        long want = binaryReference(op, a.getLong(i, 0), b.getLong(0, j));
                        assertEquals(wrap(want, expected), r.getLong(i, j), what);
                    }
                }
            }
        }
    }

    private static double[] nonNegative(double[] v) {
        return java.util.Arrays.stream(v).filter(x -> x >= 0).toArray();
    }

    static boolean isBoolResult(BinaryOp op) {
        switch (op) {
            case EQ: case NE: case LT: case LE: case GT: case GE:
            case LOGICAL_AND: case LOGICAL_OR: case LOGICAL_XOR:
                return true;
            default:
                return false;
        }
    }

    static boolean isLogical(BinaryOp op) {
        return op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR
                || op == BinaryOp.LOGICAL_XOR;
    }

    static boolean truthy(double v) {
        return v != 0;
    }

    /** Reference in double; values of the float16/32 compute types are rounded by the caller. */
    static double binaryReference(BinaryOp op, double x, double y, DataType compute) {
        switch (op) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            case DIV: return x / y;
            case FLOOR_DIV: return pythonFloorDiv(x, y);
            case MOD: return pythonMod(x, y);
            case POW:
                return x == 1 || (x == -1 && Double.isInfinite(y)) ? 1 : Math.pow(x, y);
            case MAXIMUM: return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            case MINIMUM: return Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
            case ATAN2: return Math.atan2(x, y);
            case EQ: return x == y ? 1 : 0;
            case NE: return x != y ? 1 : 0;
            case LT: return x < y ? 1 : 0;
            case LE: return x <= y ? 1 : 0;
            case GT: return x > y ? 1 : 0;
            case GE: return x >= y ? 1 : 0;
            default: throw new AssertionError(op + " " + compute);
        }
    }

    /** Python's x // y for the test values (exact there), with numpy's special cases. */
    static double pythonFloorDiv(double x, double y) {
        if (y == 0) {
            return x / y;
        }
        if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x)) {
            return Double.NaN;
        }
        if (Double.isInfinite(y)) {
            return x == 0 || (x > 0) == (y > 0) ? 0 : -1;
        }
        // the exact quotient of x - (x mod y), which is a multiple of y, rounded
        return Math.floor((x - pythonMod(x, y)) / y);
    }

    /** Python's x % y: the sign of y. */
    static double pythonMod(double x, double y) {
        if (y == 0 || Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x)) {
            return Double.NaN;
        }
        if (Double.isInfinite(y)) {
            return x == 0 || (x > 0) == (y > 0) ? x : y;
        }
        double m = x % y; // exact (IEEE remainder with truncated quotient)
        return m != 0 && (m < 0) != (y < 0) ? m + y : m;
    }

    static long binaryReference(BinaryOp op, long x, long y) {
        switch (op) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            case FLOOR_DIV: {
                if (y == 0) {
                    return 0;
                }
                long q = x / y;
                return x % y != 0 && (x < 0) != (y < 0) ? q - 1 : q;
            }
            case MOD: {
                if (y == 0) {
                    return 0;
                }
                long m = x % y;
                return m != 0 && (m < 0) != (y < 0) ? m + y : m;
            }
            case POW:
                return BigInteger.valueOf(x).modPow(BigInteger.valueOf(y),
                        BigInteger.ONE.shiftLeft(64)).longValue();
            case MAXIMUM: return Math.max(x, y);
            case MINIMUM: return Math.min(x, y);
            case BITWISE_AND: return x & y;
            case BITWISE_OR: return x | y;
            case BITWISE_XOR: return x ^ y;
            case EQ: return x == y ? 1 : 0;
            case NE: return x != y ? 1 : 0;
            case LT: return x < y ? 1 : 0;
            case LE: return x <= y ? 1 : 0;
            case GT: return x > y ? 1 : 0;
            case GE: return x >= y ? 1 : 0;
            default: throw new AssertionError(op);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Two's complement wrap-around of a long into an integer dtype. */
    static long wrap(long v, DataType t) {
        switch (t) {
            case BOOL: return v != 0 ? 1 : 0;
            case INT8: return (byte) v;
            case UINT8: return v & 0xFF;
            case INT16: return (short) v;
            case INT32: return (int) v;
            default: return v;
        }
    }

    /** The value a double becomes when stored in a float dtype. */
    static double roundTo(double v, DataType t) {
        try (NDArray s = NDArray.scalar(v, t)) {
            return s.item();
        }
    }

    /** Relative accuracy owed by an op: exact for arithmetic, a few ulp for functions. */
    static double tolerance(UnaryOp op, DataType t) {
        switch (op) {
            case NEG: case ABS: case SIGN: case SQUARE: case RECIPROCAL: case RELU: case FLOOR:
            case CEIL: case ROUND: case SQRT: case LOGICAL_NOT:
                return 0;
            default:
                return t == DataType.FLOAT64 ? 1e-14 : ulp(t);
        }
    }

    /** One unit in the last place, relative, of a float dtype. */
    static double ulp(DataType t) {
        switch (t) {
            case FLOAT16: return 0x1p-10;
            case BFLOAT16: return 0x1p-7;
            case FLOAT32: return 0x1p-23;
            default: return 0x1p-51;
        }
    }

    static void assertClose(double want, double got, double relTol, String what) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            if (!(Double.isNaN(want) && Double.isNaN(got))) {
                fail(what + ": expected " + want + " but got " + got);
            }
            return;
        }
        if (want == got) {
            return;
        }
        double err = Math.abs(want - got);
        if (Double.isInfinite(want) || err > relTol * Math.abs(want) + 1e-300) {
            fail(what + ": expected " + want + " but got " + got + " (tolerance " + relTol + ")");
        }
    }
}
