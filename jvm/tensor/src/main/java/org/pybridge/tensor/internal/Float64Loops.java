package org.pybridge.tensor.internal;

import java.util.function.DoubleUnaryOperator;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.UnaryOp;

/**
 * Specialised float64 row loops. Every operation has one method per stride pattern of its row:
 * contiguous operands, one operand repeated along the row (a scalar or a broadcast column) and
 * plain strided rows. Separate methods matter twice: C2 unrolls only loops whose address steps
 * are constants (about 3x faster than variable strides), and each loop gets its own profile, so
 * alternating patterns (array + array, then array + scalar) do not deoptimise each other.
 *
 * <p>Twin of {@link Float32Loops}: the same loops for another type; change both together.
 */
final class Float64Loops {
    /** Bytes per element. */
    private static final long W = 8;

    private Float64Loops() {
    }

    /** The row for {@code op} on float64 operands, or null if it has no specialised loop. */
    static Loops.Row binary(BinaryOp op) {
        switch (op) {
            case ADD: return (n, p, s) -> add(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case SUB: return (n, p, s) -> sub(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case MUL: return (n, p, s) -> mul(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case DIV: return (n, p, s) -> div(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case MAXIMUM: return (n, p, s) -> max(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case MINIMUM: return (n, p, s) -> min(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case EQ: return (n, p, s) -> eq(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case NE: return (n, p, s) -> ne(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case LT: return (n, p, s) -> lt(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case LE: return (n, p, s) -> le(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            // a > b is b < a: swap the operands
            case GT: return (n, p, s) -> lt(n, p[1], s[1], p[0], s[0], p[2], s[2]);
            case GE: return (n, p, s) -> le(n, p[1], s[1], p[0], s[0], p[2], s[2]);
            default: return null;
        }
    }

    static void add(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            addDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            addScalar(n, a, Raw.getDouble(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            addScalar(n, b, Raw.getDouble(a), o);
        } else {
            addStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void addDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) + Raw.getDouble(b));
        }
    }

    private static void addScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) + y);
        }
    }

    private static void addStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putDouble(o, Raw.getDouble(a) + Raw.getDouble(b));
        }
    }

    static void sub(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            subDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            subScalar(n, a, Raw.getDouble(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            subScalarFirst(n, Raw.getDouble(a), b, o);
        } else {
            subStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void subDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) - Raw.getDouble(b));
        }
    }

    private static void subScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) - y);
        }
    }

    private static void subScalarFirst(long n, double x, long b, long o) {
        for (long i = 0; i < n; i++, b += W, o += W) {
            Raw.putDouble(o, x - Raw.getDouble(b));
        }
    }

    private static void subStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putDouble(o, Raw.getDouble(a) - Raw.getDouble(b));
        }
    }

    static void mul(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            mulDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            mulScalar(n, a, Raw.getDouble(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            mulScalar(n, b, Raw.getDouble(a), o);
        } else {
            mulStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void mulDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) * Raw.getDouble(b));
        }
    }

    private static void mulScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) * y);
        }
    }

    private static void mulStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putDouble(o, Raw.getDouble(a) * Raw.getDouble(b));
        }
    }

    // x / y, never x * (1 / y): the reciprocal would change the rounding
    static void div(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            divDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            divScalar(n, a, Raw.getDouble(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            divScalarFirst(n, Raw.getDouble(a), b, o);
        } else {
            divStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void divDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) / Raw.getDouble(b));
        }
    }

    private static void divScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, Raw.getDouble(a) / y);
        }
    }

    private static void divScalarFirst(long n, double x, long b, long o) {
        for (long i = 0; i < n; i++, b += W, o += W) {
            Raw.putDouble(o, x / Raw.getDouble(b));
        }
    }

    private static void divStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putDouble(o, Raw.getDouble(a) / Raw.getDouble(b));
        }
    }

    /** numpy.maximum: NaN wins; of equal values (0.0 and -0.0) the second is kept. */
    private static double maximum(double x, double y) {
        return x > y || x != x ? x : y;
    }

    /** numpy.minimum: NaN wins; of equal values the second is kept. */
    private static double minimum(double x, double y) {
        return x < y || x != x ? x : y;
    }

    static void max(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            maxDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            maxScalar(n, a, Raw.getDouble(b), o);
        } else {
            maxStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void maxDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putDouble(o, maximum(Raw.getDouble(a), Raw.getDouble(b)));
        }
    }

    private static void maxScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, maximum(Raw.getDouble(a), y));
        }
    }

    private static void maxStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putDouble(o, maximum(Raw.getDouble(a), Raw.getDouble(b)));
        }
    }

    static void min(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            minDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            minScalar(n, a, Raw.getDouble(b), o);
        } else {
            minStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void minDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putDouble(o, minimum(Raw.getDouble(a), Raw.getDouble(b)));
        }
    }

    private static void minScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, minimum(Raw.getDouble(a), y));
        }
    }

    private static void minStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putDouble(o, minimum(Raw.getDouble(a), Raw.getDouble(b)));
        }
    }

    // Comparisons write bool bytes (output stride 1).

    static void eq(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            eqDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            eqScalar(n, a, Raw.getDouble(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            eqScalar(n, b, Raw.getDouble(a), o);
        } else {
            eqStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void eqDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) == Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void eqScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) == y ? (byte) 1 : (byte) 0);
        }
    }

    private static void eqStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getDouble(a) == Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    static void ne(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            neDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            neScalar(n, a, Raw.getDouble(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            neScalar(n, b, Raw.getDouble(a), o);
        } else {
            neStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void neDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) != Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void neScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) != y ? (byte) 1 : (byte) 0);
        }
    }

    private static void neStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getDouble(a) != Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    static void lt(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            ltDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            ltScalar(n, a, Raw.getDouble(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            ltScalarFirst(n, Raw.getDouble(a), b, o);
        } else {
            ltStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void ltDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) < Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void ltScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) < y ? (byte) 1 : (byte) 0);
        }
    }

    private static void ltScalarFirst(long n, double x, long b, long o) {
        for (long i = 0; i < n; i++, b += W, o++) {
            Raw.putByte(o, x < Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void ltStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getDouble(a) < Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    static void le(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            leDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            leScalar(n, a, Raw.getDouble(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            leScalarFirst(n, Raw.getDouble(a), b, o);
        } else {
            leStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void leDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) <= Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void leScalar(long n, long a, double y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getDouble(a) <= y ? (byte) 1 : (byte) 0);
        }
    }

    private static void leScalarFirst(long n, double x, long b, long o) {
        for (long i = 0; i < n; i++, b += W, o++) {
            Raw.putByte(o, x <= Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void leStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getDouble(a) <= Raw.getDouble(b) ? (byte) 1 : (byte) 0);
        }
    }

    // ------------------------------------------------------------------ unary

    /** The row for {@code op} from float64 to float64; null for LOGICAL_NOT. */
    static Loops.Row unary(UnaryOp op) {
        switch (op) {
            case NEG: return (n, p, s) -> neg(n, p[0], s[0], p[1], s[1]);
            case ABS: return (n, p, s) -> abs(n, p[0], s[0], p[1], s[1]);
            case SQUARE: return (n, p, s) -> square(n, p[0], s[0], p[1], s[1]);
            case RELU: return (n, p, s) -> relu(n, p[0], s[0], p[1], s[1]);
            case EXP: return (n, p, s) -> exp(n, p[0], s[0], p[1], s[1]);
            case SIGMOID: return (n, p, s) -> sigmoid(n, p[0], s[0], p[1], s[1]);
            case TANH: return (n, p, s) -> tanh(n, p[0], s[0], p[1], s[1]);
            case LOGICAL_NOT: return null;
            default:
                DoubleUnaryOperator f = ElementFunctions.floatUnary(op);
                return (n, p, s) -> apply(f, n, p[0], s[0], p[1], s[1]);
        }
    }

    private static void neg(long n, long a, long sa, long o, long so) {
        if (sa == W && so == W) {
            negDense(n, a, o);
        } else {
            negStrided(n, a, sa, o, so);
        }
    }

    private static void negDense(long n, long a, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, -Raw.getDouble(a));
        }
    }

    private static void negStrided(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putDouble(o, -Raw.getDouble(a));
        }
    }

    private static void abs(long n, long a, long sa, long o, long so) {
        if (sa == W && so == W) {
            absDense(n, a, o);
        } else {
            absStrided(n, a, sa, o, so);
        }
    }

    private static void absDense(long n, long a, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, Math.abs(Raw.getDouble(a)));
        }
    }

    private static void absStrided(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putDouble(o, Math.abs(Raw.getDouble(a)));
        }
    }

    private static void square(long n, long a, long sa, long o, long so) {
        if (sa == W && so == W) {
            squareDense(n, a, o);
        } else {
            squareStrided(n, a, sa, o, so);
        }
    }

    private static void squareDense(long n, long a, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            double x = Raw.getDouble(a);
            Raw.putDouble(o, x * x);
        }
    }

    private static void squareStrided(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            double x = Raw.getDouble(a);
            Raw.putDouble(o, x * x);
        }
    }

    private static void relu(long n, long a, long sa, long o, long so) {
        if (sa == W && so == W) {
            reluDense(n, a, o);
        } else {
            reluStrided(n, a, sa, o, so);
        }
    }

    // Math.max has no branch (a data-dependent one mispredicts on half the elements of a
    // layer's activations: 5 ns an element); max(-0, 0) = +0 and NaN stays NaN, as before.
    private static void reluDense(long n, long a, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putDouble(o, Math.max(Raw.getDouble(a), 0.0));
        }
    }

    private static void reluStrided(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putDouble(o, Math.max(Raw.getDouble(a), 0.0));
        }
    }

    // The function costs far more than the addressing: one loop for every stride.
    private static void exp(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putDouble(o, Math.exp(Raw.getDouble(a)));
        }
    }

    private static void sigmoid(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putDouble(o, ElementFunctions.sigmoid(Raw.getDouble(a)));
        }
    }

    private static void tanh(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putDouble(o, ElementFunctions.tanh(Raw.getDouble(a)));
        }
    }

    private static void apply(DoubleUnaryOperator f, long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putDouble(o, f.applyAsDouble(Raw.getDouble(a)));
        }
    }

    // ------------------------------------------------------------------ clip

    /** Clamps to [lo, hi] (infinite for no bound); NaN stays NaN; lo > hi gives hi. */
    static Loops.Row clip(double low, double high) {
        double lo = low;
        double hi = high;
        return (n, p, s) -> {
            if (s[0] == W && s[1] == W) {
                clipDense(n, p[0], p[1], lo, hi);
            } else {
                clipStrided(n, p[0], s[0], p[1], s[1], lo, hi);
            }
        };
    }

    private static void clipDense(long n, long a, long o, double lo, double hi) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            double x = Raw.getDouble(a);
            x = x < lo ? lo : x;
            Raw.putDouble(o, x > hi ? hi : x);
        }
    }

    private static void clipStrided(long n, long a, long sa, long o, long so, double lo,
            double hi) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            double x = Raw.getDouble(a);
            x = x < lo ? lo : x;
            Raw.putDouble(o, x > hi ? hi : x);
        }
    }
}
