package org.pybridge.tensor.internal;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.DataTypeException;
import org.pybridge.tensor.UnaryOp;

/**
 * The per-element mathematics of the element-wise operations, with numpy's semantics, for the
 * generic loops and for the specialised ones that call into it.
 *
 * <p>Floating operations are written for double; float32, float16 and bfloat16 results are the
 * double result rounded to float (then to 16 bits), which for +, -, *, / and sqrt equals the
 * correctly rounded float operation (double has more than twice float's precision). Floor
 * division and remainder have float versions because their intermediate roundings are visible.
 * Integer operations are written for long: values of narrower types are exact in a long, and
 * truncating a long result to the narrower type gives the wrap-around numpy gives.
 */
public final class ElementFunctions {
    private ElementFunctions() {
    }

    // ------------------------------------------------------------------ unary, floating

    /** {@code op} on a floating value; null for LOGICAL_NOT (handled by the loops). */
    public static DoubleUnaryOperator floatUnary(UnaryOp op) {
        switch (op) {
            case NEG: return x -> -x;
            case ABS: return Math::abs;
            case SIGN: return ElementFunctions::sign;
            case EXP: return Math::exp;
            case LOG: return Math::log;
            case LOG1P: return Math::log1p;
            case EXPM1: return Math::expm1;
            case SQRT: return Math::sqrt;
            case RSQRT: return x -> 1.0 / Math.sqrt(x);
            case SQUARE: return x -> x * x;
            case RECIPROCAL: return x -> 1.0 / x;
            case SIN: return Math::sin;
            case COS: return Math::cos;
            case TANH: return ElementFunctions::tanh;
            case SIGMOID: return ElementFunctions::sigmoid;
            case RELU: return ElementFunctions::relu;
            case FLOOR: return Math::floor;
            case CEIL: return Math::ceil;
            case ROUND: return Math::rint;
            case ERF: return Erf::erf;
            default: return null;
        }
    }

    /** numpy.sign: NaN stays NaN, both zeros give +0. */
    public static double sign(double x) {
        return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x;
    }

    /** max(x, 0) that propagates NaN, like numpy.maximum(x, 0). */
    public static double relu(double x) {
        return x <= 0 ? 0.0 : x;
    }

    /** 1 / (1 + exp(-x)) without overflow: exp only ever sees a non-positive argument. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * tanh within 2 ulp, built on the exp and log intrinsics (on JDK 17 Math.tanh is a JNI call
     * costing about 45 ns). Near 0 it uses expm1(2|x|) computed with Kahan's trick
     * {@code (u - 1) * y / log(u)}, which stays accurate where {@code exp(y) - 1} cancels.
     */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 0.625) {
            double y = 2.0 * ax;
            double u = Math.exp(y);
            double em = u == 1.0 ? y : (u - 1.0) * y / Math.log(u);
            r = em / (em + 2.0);
        } else {
            r = 1.0 - 2.0 / (Math.exp(2.0 * ax) + 1.0);
        }
        return Math.copySign(r, x);
    }

    // ------------------------------------------------------------------ unary, integer

    /** {@code op} on an integer value (bool as 0/1); null for ops that compute in float. */
    public static LongUnaryOperator intUnary(UnaryOp op) {
        switch (op) {
            case NEG: return x -> -x;
            case ABS: return Math::abs;
            case SIGN: return Long::signum;
            case SQUARE: return x -> x * x;
            // numpy computes 1 / x in integers: 0 unless |x| == 1 (and 0 for x == 0, where
            // numpy's result is platform-dependent garbage).
            case RECIPROCAL: return x -> x == 1 || x == -1 ? x : 0;
            case RELU: return x -> Math.max(x, 0);
            case FLOOR:
            case CEIL:
            case ROUND: return x -> x;
            case LOGICAL_NOT: return x -> x == 0 ? 1 : 0;
            default: return null;
        }
    }

    // ------------------------------------------------------------------ binary, floating

    /**
     * {@code op} on floating values computing in {@code compute} (float16, bfloat16, float32 or
     * float64). Comparisons return 1 or 0. Bitwise and logical operations are not here.
     */
    public static DoubleBinaryOperator floatBinary(BinaryOp op, DataType compute) {
        boolean single = compute != DataType.FLOAT64;
        switch (op) {
            case ADD: return (x, y) -> x + y;
            case SUB: return (x, y) -> x - y;
            case MUL: return (x, y) -> x * y;
            case DIV: return (x, y) -> x / y;
            case FLOOR_DIV:
                return single ? (x, y) -> floorDiv((float) x, (float) y)
                        : ElementFunctions::floorDiv;
            case MOD:
                return single ? (x, y) -> mod((float) x, (float) y) : ElementFunctions::mod;
            case POW: return ElementFunctions::pow;
            case MAXIMUM: return ElementFunctions::maximum;
            case MINIMUM: return ElementFunctions::minimum;
            case ATAN2: return Math::atan2;
            case EQ: return (x, y) -> x == y ? 1 : 0;
            case NE: return (x, y) -> x != y ? 1 : 0;
            case LT: return (x, y) -> x < y ? 1 : 0;
            case LE: return (x, y) -> x <= y ? 1 : 0;
            case GT: return (x, y) -> x > y ? 1 : 0;
            case GE: return (x, y) -> x >= y ? 1 : 0;
            default:
                throw new IllegalStateException(op + " has no floating-point loop");
        }
    }

    /** numpy.maximum: NaN wins; of equal values (0.0 and -0.0) the second is returned. */
    public static double maximum(double x, double y) {
        return x > y || x != x ? x : y;
    }

    /** numpy.minimum: NaN wins; of equal values the second is returned. */
    public static double minimum(double x, double y) {
        return x < y || x != x ? x : y;
    }

    /** C's pow, where Java's differs: pow(1, y) and pow(-1, +-inf) are 1. */
    public static double pow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) {
            return 1.0;
        }
        return Math.pow(x, y);
    }

    /**
     * Python's float floor division (numpy.floor_divide): the floor of x / y computed from the
     * exact remainder, so that {@code x == y * floorDiv(x, y) + mod(x, y)} as closely as rounding
     * allows. Division by zero gives x / y (inf or NaN).
     */
    public static double floorDiv(double x, double y) {
        if (y == 0) {
            return x / y;
        }
        double m = x % y;
        double d = (x - m) / y;
        if (m != 0 && (y < 0) != (m < 0)) {
            d -= 1.0;
        }
        if (d == 0) {
            return Math.copySign(0.0, x / y);
        }
        double f = Math.floor(d);
        return d - f > 0.5 ? f + 1.0 : f;
    }

    /** Python's float remainder: the sign of the divisor; x % 0 is NaN. */
    public static double mod(double x, double y) {
        double m = x % y;
        if (m != 0) {
            return (y < 0) != (m < 0) ? m + y : m;
        }
        return Math.copySign(0.0, y);
    }

    /** {@link #floorDiv(double, double)} in float arithmetic, as numpy's float32 loop does. */
    public static float floorDiv(float x, float y) {
        if (y == 0) {
            return x / y;
        }
        float m = x % y;
        float d = (x - m) / y;
        if (m != 0 && (y < 0) != (m < 0)) {
            d -= 1.0f;
        }
        if (d == 0) {
            return Math.copySign(0.0f, x / y);
        }
        float f = (float) Math.floor(d);
        return d - f > 0.5f ? f + 1.0f : f;
    }

    /** {@link #mod(double, double)} in float arithmetic. */
    public static float mod(float x, float y) {
        float m = x % y;
        if (m != 0) {
            return (y < 0) != (m < 0) ? m + y : m;
        }
        return Math.copySign(0.0f, y);
    }

    // ------------------------------------------------------------------ binary, integer

    /** {@code op} on integer values (bool as 0/1). Comparisons return 1 or 0. */
    public static LongBinaryOperator intBinary(BinaryOp op) {
        switch (op) {
            case ADD: return (x, y) -> x + y;
            case SUB: return (x, y) -> x - y;
            case MUL: return (x, y) -> x * y;
            // Division by zero gives 0 like numpy (which also warns).
            case FLOOR_DIV: return (x, y) -> y == 0 ? 0 : Math.floorDiv(x, y);
            case MOD: return (x, y) -> y == 0 ? 0 : Math.floorMod(x, y);
            case POW: return ElementFunctions::pow;
            case MAXIMUM: return Math::max;
            case MINIMUM: return Math::min;
            case BITWISE_AND: return (x, y) -> x & y;
            case BITWISE_OR: return (x, y) -> x | y;
            case BITWISE_XOR: return (x, y) -> x ^ y;
            case EQ: return (x, y) -> x == y ? 1 : 0;
            case NE: return (x, y) -> x != y ? 1 : 0;
            case LT: return (x, y) -> x < y ? 1 : 0;
            case LE: return (x, y) -> x <= y ? 1 : 0;
            case GT: return (x, y) -> x > y ? 1 : 0;
            case GE: return (x, y) -> x >= y ? 1 : 0;
            default:
                throw new IllegalStateException(op + " has no integer loop");
        }
    }

    /**
     * Integer power by repeated squaring, wrapping on overflow like numpy's integer loops.
     *
     * @throws DataTypeException for a negative exponent (numpy raises ValueError)
     */
    public static long pow(long base, long exponent) {
        if (exponent < 0) {
            throw new DataTypeException("Integers to negative integer powers are not allowed"
                    + " (exponent " + exponent + "); cast the base to a float dtype first.");
        }
        long result = 1;
        long b = base;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            e >>>= 1;
            if (e != 0) {
                b *= b;
            }
        }
        return result;
    }
}
