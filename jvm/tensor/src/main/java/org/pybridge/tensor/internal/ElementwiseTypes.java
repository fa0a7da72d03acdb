package org.pybridge.tensor.internal;

import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.DataTypeException;
import org.pybridge.tensor.UnaryOp;

/**
 * numpy 2 type rules of the element-wise operations: which dtype a loop computes in, which dtype
 * it returns, how Python scalars are typed (NEP 50 "weak" scalars) and which in-place casts are
 * allowed ({@code same_kind}).
 */
public final class ElementwiseTypes {
    private ElementwiseTypes() {
    }

    /** The dtype a binary operation computes in and the dtype it returns. */
    public static final class Signature {
        /** Operands are converted to this type before the operation. */
        public final DataType compute;
        /** The type of the result (bool for comparisons and logical operations). */
        public final DataType result;

        Signature(DataType compute, DataType result) {
            this.compute = compute;
            this.result = result;
        }
    }

    /**
     * The floating type numpy uses for a transcendental function of {@code t}: the smallest float
     * that holds every value of t (int8 and uint8 fit float16, int16 needs float32, wider ints
     * float64).
     */
    public static DataType floatFor(DataType t) {
        switch (t) {
            case BOOL:
            case INT8:
            case UINT8:
                return DataType.FLOAT16;
            case INT16:
                return DataType.FLOAT32;
            case INT32:
            case INT64:
                return DataType.FLOAT64;
            default:
                return t;
        }
    }

    /** The result dtype of {@code op} applied to a tensor of type {@code t}. */
    public static DataType unaryResult(UnaryOp op, DataType t) {
        switch (op) {
            case NEG:
                if (t == DataType.BOOL) {
                    throw new DataTypeException("NEG is not supported for bool tensors (numpy has"
                            + " no boolean negative); use LOGICAL_NOT to flip them, or cast to an"
                            + " integer dtype first.");
                }
                return t;
            case SIGN:
                if (t == DataType.BOOL) {
                    throw new DataTypeException("SIGN is not supported for bool tensors (like"
                            + " numpy.sign); cast to an integer dtype first.");
                }
                return t;
            case ABS:
            case RELU:
            case FLOOR:
            case CEIL:
                return t;
            case SQUARE:
            case RECIPROCAL:
                return t == DataType.BOOL ? DataType.INT8 : t;
            case ROUND:
                // numpy.round keeps integers as they are, but bool goes through rint (float16).
                return t == DataType.BOOL ? DataType.FLOAT16 : t;
            case LOGICAL_NOT:
                return DataType.BOOL;
            default:
                return floatFor(t);
        }
    }

    /** The dtype in which {@code op} computes for an input of type {@code t}. */
    public static DataType unaryCompute(UnaryOp op, DataType t) {
        return op == UnaryOp.LOGICAL_NOT ? t : unaryResult(op, t);
    }

    public static boolean isComparison(BinaryOp op) {
        switch (op) {
            case EQ:
            case NE:
            case LT:
            case LE:
            case GT:
            case GE:
                return true;
            default:
                return false;
        }
    }

    public static boolean isLogical(BinaryOp op) {
        return op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR
                || op == BinaryOp.LOGICAL_XOR;
    }

    /** The loop and result dtypes numpy picks for {@code op} on arrays of types a and b. */
    public static Signature binary(BinaryOp op, DataType a, DataType b) {
        DataType p = DataType.promote(a, b);
        switch (op) {
            case ADD:
            case MUL:
            case MAXIMUM:
            case MINIMUM:
                return new Signature(p, p);
            case SUB:
                if (p == DataType.BOOL) {
                    throw new DataTypeException("SUB of two bool tensors is not supported (numpy"
                            + " has no boolean subtract); use LOGICAL_XOR, or cast to an integer"
                            + " dtype first.");
                }
                return new Signature(p, p);
            case FLOOR_DIV:
            case MOD:
            case POW:
                // numpy has no bool loop for these; bool operands compute in int8.
                p = p == DataType.BOOL ? DataType.INT8 : p;
                return new Signature(p, p);
            case DIV:
                // True division of integers gives float64 whatever their width.
                p = a.isIntegral() && b.isIntegral() ? DataType.FLOAT64 : p;
                return new Signature(p, p);
            case ATAN2:
                // Two integers meet in the smallest float holding both (int8, uint8 -> float16);
                // next to a float the promotion already is a float.
                p = a.isIntegral() && b.isIntegral()
                        ? DataType.promote(floatFor(a), floatFor(b)) : p;
                return new Signature(p, p);
            case BITWISE_AND:
            case BITWISE_OR:
            case BITWISE_XOR:
                if (!a.isIntegral() || !b.isIntegral()) {
                    throw new DataTypeException(op + " needs bool or integer tensors, got "
                            + a.numpyName() + " and " + b.numpyName() + "; bitwise operations"
                            + " are not defined for floating point (use LOGICAL_"
                            + op.name().substring("BITWISE_".length()) + " for truth values).");
                }
                return new Signature(p, p);
            case LOGICAL_AND:
            case LOGICAL_OR:
            case LOGICAL_XOR:
                return new Signature(p, DataType.BOOL);
            default:
                // comparisons: compare in the promoted type, like numpy's 'dd->?' loops
                return new Signature(p, DataType.BOOL);
        }
    }

    /**
     * The dtype a Python scalar takes next to a tensor of type {@code array} under NEP 50: a
     * float scalar adopts a float tensor's type and makes integer tensors float64; an int scalar
     * adopts the tensor's type (int64 next to bool). An int that does not fit the tensor's
     * integer type is an error, except for comparisons, which numpy answers exactly.
     *
     * @throws DataTypeException when an integer scalar is out of the tensor dtype's range
     */
    public static DataType scalarType(BinaryOp op, DataType array, double value,
            boolean isFloat) {
        if (isFloat) {
            return array.isFloatingPoint() ? array : DataType.FLOAT64;
        }
        if (array.isFloatingPoint()) {
            return array;
        }
        DataType want = array == DataType.BOOL ? DataType.INT64 : array;
        if (fits(value, want)) {
            return want;
        }
        if (isComparison(op) || isLogical(op)) {
            return fits(value, DataType.INT64) ? DataType.INT64 : DataType.FLOAT64;
        }
        throw new DataTypeException("The integer " + formatInteger(value) + " is out of bounds"
                + " for " + want.numpyName() + " (range " + formatInteger(min(want)) + " to "
                + formatInteger(max(want)) + "), the dtype of the tensor in " + op + "; cast the"
                + " tensor to a wider dtype first, e.g. cast(DataType.INT64).");
    }

    /** True when {@code value} is an integer within the range of integral type {@code t}. */
    static boolean fits(double value, DataType t) {
        return value == Math.rint(value) && value >= min(t) && value <= max(t);
    }

    private static double min(DataType t) {
        switch (t) {
            case BOOL:
            case UINT8:
                return 0;
            case INT8:
                return Byte.MIN_VALUE;
            case INT16:
                return Short.MIN_VALUE;
            case INT32:
                return Integer.MIN_VALUE;
            default:
                return Long.MIN_VALUE;
        }
    }

    private static double max(DataType t) {
        switch (t) {
            case BOOL:
                return 1;
            case UINT8:
                return 255;
            case INT8:
                return Byte.MAX_VALUE;
            case INT16:
                return Short.MAX_VALUE;
            case INT32:
                return Integer.MAX_VALUE;
            default:
                // Integer scalars arrive as double: Long.MAX_VALUE becomes 2^63, which a cast
                // back to long saturates to Long.MAX_VALUE again, so 2^63 counts as in range.
                return 0x1p63;
        }
    }

    private static String formatInteger(double v) {
        return Math.abs(v) < 0x1p63 ? Long.toString((long) v) : String.format("%.0f", v);
    }

    /**
     * numpy's {@code same_kind} rule for writing a result of type {@code from} into a tensor of
     * type {@code to}: within a kind any size is fine, and bool -> unsigned -> signed -> float
     * only upwards.
     */
    public static boolean canCastSameKind(DataType from, DataType to) {
        return rank(from) <= rank(to);
    }

    private static int rank(DataType t) {
        switch (t.kind()) {
            case BOOL:
                return 0;
            case UNSIGNED:
                return 1;
            case SIGNED:
                return 2;
            default:
                return 3;
        }
    }

    /** Throws unless a result of type {@code result} may be stored into a {@code target}. */
    static void checkInPlaceCast(String what, DataType result, DataType target) {
        if (!canCastSameKind(result, target)) {
            throw new DataTypeException("Cannot store the " + result.numpyName() + " result of "
                    + what + " in place into a " + target.numpyName() + " tensor (numpy's"
                    + " same_kind casting rule forbids " + result.kind().name().toLowerCase(
                            java.util.Locale.ROOT) + " -> "
                    + target.kind().name().toLowerCase(java.util.Locale.ROOT) + "); use the"
                    + " out-of-place operation, or cast the tensor to " + result.numpyName()
                    + " first.");
        }
    }
}
