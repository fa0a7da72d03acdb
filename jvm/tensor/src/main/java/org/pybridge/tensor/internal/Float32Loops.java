package org.pybridge.tensor.internal;

import java.util.function.DoubleUnaryOperator;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.UnaryOp;

/**
 * Specialised float32 row loops. Each operation has its own monomorphic loops, and each loop
 * tests the row's byte strides once: contiguous rows, an operand repeated along the row (a
 * scalar or a broadcast column) and plain strided rows get separate loops, because C2 only
 * unrolls the loops whose address steps are constants (about 3x faster than variable strides).
 * Twin of {@link Float64Loops}; keep the two in step.
 */
final class Float32Loops {
    /** Bytes per element. */
    private static final long W = 4;

    private Float32Loops() {
    }

    /** The row for {@code op} on float32 operands, or null if it has no specialised loop. */
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
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) + Raw.getFloat(b));
            }
        } else if (so == W && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) + y);
            }
        } else if (so == W && sa == 0 && sb == W) {
            float x = Raw.getFloat(a);
            for (long i = 0; i < n; i++, b += W, o += W) {
                Raw.putFloat(o, x + Raw.getFloat(b));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putFloat(o, Raw.getFloat(a) + Raw.getFloat(b));
            }
        }
    }

    static void sub(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) - Raw.getFloat(b));
            }
        } else if (so == W && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) - y);
            }
        } else if (so == W && sa == 0 && sb == W) {
            float x = Raw.getFloat(a);
            for (long i = 0; i < n; i++, b += W, o += W) {
                Raw.putFloat(o, x - Raw.getFloat(b));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putFloat(o, Raw.getFloat(a) - Raw.getFloat(b));
            }
        }
    }

    static void mul(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) * Raw.getFloat(b));
            }
        } else if (so == W && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) * y);
            }
        } else if (so == W && sa == 0 && sb == W) {
            float x = Raw.getFloat(a);
            for (long i = 0; i < n; i++, b += W, o += W) {
                Raw.putFloat(o, x * Raw.getFloat(b));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putFloat(o, Raw.getFloat(a) * Raw.getFloat(b));
            }
        }
    }

    static void div(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) / Raw.getFloat(b));
            }
        } else if (so == W && sa == W && sb == 0) {
            // x / y, not x * (1 / y): the reciprocal would change the rounding
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, Raw.getFloat(a) / y);
            }
        } else if (so == W && sa == 0 && sb == W) {
            float x = Raw.getFloat(a);
            for (long i = 0; i < n; i++, b += W, o += W) {
                Raw.putFloat(o, x / Raw.getFloat(b));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putFloat(o, Raw.getFloat(a) / Raw.getFloat(b));
            }
        }
    }

    /** numpy.maximum: NaN wins; of equal values the second is kept. */
    private static float maximum(float x, float y) {
        return x > y || x != x ? x : y;
    }

    private static float minimum(float x, float y) {
        return x < y || x != x ? x : y;
    }

    static void max(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putFloat(o, maximum(Raw.getFloat(a), Raw.getFloat(b)));
            }
        } else if (so == W && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, maximum(Raw.getFloat(a), y));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putFloat(o, maximum(Raw.getFloat(a), Raw.getFloat(b)));
            }
        }
    }

    static void min(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putFloat(o, minimum(Raw.getFloat(a), Raw.getFloat(b)));
            }
        } else if (so == W && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, minimum(Raw.getFloat(a), y));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putFloat(o, minimum(Raw.getFloat(a), Raw.getFloat(b)));
            }
        }
    }

    // Comparisons write bool bytes (output stride 1).

    static void eq(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) == Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) == y ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getFloat(a) == Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        }
    }

    static void ne(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) != Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) != y ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getFloat(a) != Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        }
    }

    static void lt(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) < Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) < y ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == 0 && sb == W) {
            float x = Raw.getFloat(a);
            for (long i = 0; i < n; i++, b += W, o++) {
                Raw.putByte(o, x < Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getFloat(a) < Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        }
    }

    static void le(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) <= Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            float y = Raw.getFloat(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getFloat(a) <= y ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == 0 && sb == W) {
            float x = Raw.getFloat(a);
            for (long i = 0; i < n; i++, b += W, o++) {
                Raw.putByte(o, x <= Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getFloat(a) <= Raw.getFloat(b) ? (byte) 1 : (byte) 0);
            }
        }
    }

    // ------------------------------------------------------------------ unary

    /** The row for {@code op} from float32 to float32; null for LOGICAL_NOT. */
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
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, -Raw.getFloat(a));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, o += so) {
                Raw.putFloat(o, -Raw.getFloat(a));
            }
        }
    }

    private static void abs(long n, long a, long sa, long o, long so) {
        if (sa == W && so == W) {
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putFloat(o, Math.abs(Raw.getFloat(a)));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, o += so) {
                Raw.putFloat(o, Math.abs(Raw.getFloat(a)));
            }
        }
    }

    private static void square(long n, long a, long sa, long o, long so) {
        if (sa == W && so == W) {
            for (long i = 0; i < n; i++, a += W, o += W) {
                float x = Raw.getFloat(a);
                Raw.putFloat(o, x * x);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, o += so) {
                float x = Raw.getFloat(a);
                Raw.putFloat(o, x * x);
            }
        }
    }

    private static void relu(long n, long a, long sa, long o, long so) {
        if (sa == W && so == W) {
            for (long i = 0; i < n; i++, a += W, o += W) {
                float x = Raw.getFloat(a);
                Raw.putFloat(o, x <= 0 ? 0 : x);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, o += so) {
                float x = Raw.getFloat(a);
                Raw.putFloat(o, x <= 0 ? 0 : x);
            }
        }
    }

    private static void exp(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putFloat(o, (float) Math.exp(Raw.getFloat(a)));
        }
    }

    private static void sigmoid(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putFloat(o, (float) ElementFunctions.sigmoid(Raw.getFloat(a)));
        }
    }

    private static void tanh(long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putFloat(o, (float) ElementFunctions.tanh(Raw.getFloat(a)));
        }
    }

    private static void apply(DoubleUnaryOperator f, long n, long a, long sa, long o, long so) {
        for (long i = 0; i < n; i++, a += sa, o += so) {
            Raw.putFloat(o, (float) f.applyAsDouble(Raw.getFloat(a)));
        }
    }

    // ------------------------------------------------------------------ clip

    /** Clamps to [lo, hi] (infinite for no bound); NaN stays NaN. */
    static Loops.Row clip(double low, double high) {
        float lo = (float) low;
        float hi = (float) high;
        return (n, p, s) -> {
            long a = p[0];
            long o = p[1];
            long sa = s[0];
            long so = s[1];
            if (sa == W && so == W) {
                for (long i = 0; i < n; i++, a += W, o += W) {
                    float x = Raw.getFloat(a);
                    x = x < lo ? lo : x;
                    Raw.putFloat(o, x > hi ? hi : x);
                }
            } else {
                for (long i = 0; i < n; i++, a += sa, o += so) {
                    float x = Raw.getFloat(a);
                    x = x < lo ? lo : x;
                    Raw.putFloat(o, x > hi ? hi : x);
                }
            }
        };
    }
}
