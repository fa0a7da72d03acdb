package org.pybridge.tensor.internal;

import org.pybridge.tensor.BinaryOp;

/**
 * Specialised int64 row loops. Every operation has one method per stride pattern of its row:
 * contiguous operands, one operand repeated along the row (a scalar or a broadcast column) and
 * plain strided rows. Separate methods matter twice: C2 unrolls only loops whose address steps
 * are constants (about 3x faster than variable strides), and each loop gets its own profile, so
 * alternating patterns (array + array, then array + scalar) do not deoptimise each other.
 *
 * <p>Integer arithmetic wraps around like numpy's.
 *
 * <p>Twin of {@link Int32Loops}: the same loops for another type; change both together.
 */
final class Int64Loops {
    /** Bytes per element. */
    private static final long W = 8;

    private Int64Loops() {
    }

    /** The row for {@code op} on int64 operands, or null if it has no specialised loop. */
    static Loops.Row binary(BinaryOp op) {
        switch (op) {
            case ADD: return (n, p, s) -> add(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case SUB: return (n, p, s) -> sub(n, p[0], s[0], p[1], s[1], p[2], s[2]);
            case MUL: return (n, p, s) -> mul(n, p[0], s[0], p[1], s[1], p[2], s[2]);
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
            addScalar(n, a, Raw.getLong(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            addScalar(n, b, Raw.getLong(a), o);
        } else {
            addStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void addDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putLong(o, Raw.getLong(a) + Raw.getLong(b));
        }
    }

    private static void addScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putLong(o, Raw.getLong(a) + y);
        }
    }

    private static void addStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putLong(o, Raw.getLong(a) + Raw.getLong(b));
        }
    }

    static void sub(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            subDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            subScalar(n, a, Raw.getLong(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            subScalarFirst(n, Raw.getLong(a), b, o);
        } else {
            subStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void subDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putLong(o, Raw.getLong(a) - Raw.getLong(b));
        }
    }

    private static void subScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putLong(o, Raw.getLong(a) - y);
        }
    }

    private static void subScalarFirst(long n, long x, long b, long o) {
        for (long i = 0; i < n; i++, b += W, o += W) {
            Raw.putLong(o, x - Raw.getLong(b));
        }
    }

    private static void subStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putLong(o, Raw.getLong(a) - Raw.getLong(b));
        }
    }

    static void mul(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            mulDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            mulScalar(n, a, Raw.getLong(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            mulScalar(n, b, Raw.getLong(a), o);
        } else {
            mulStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void mulDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putLong(o, Raw.getLong(a) * Raw.getLong(b));
        }
    }

    private static void mulScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putLong(o, Raw.getLong(a) * y);
        }
    }

    private static void mulStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putLong(o, Raw.getLong(a) * Raw.getLong(b));
        }
    }

    static void max(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            maxDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            maxScalar(n, a, Raw.getLong(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            maxScalar(n, b, Raw.getLong(a), o);
        } else {
            maxStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void maxDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putLong(o, Math.max(Raw.getLong(a), Raw.getLong(b)));
        }
    }

    private static void maxScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putLong(o, Math.max(Raw.getLong(a), y));
        }
    }

    private static void maxStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putLong(o, Math.max(Raw.getLong(a), Raw.getLong(b)));
        }
    }

    static void min(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            minDense(n, a, b, o);
        } else if (so == W && sa == W && sb == 0) {
            minScalar(n, a, Raw.getLong(b), o);
        } else if (so == W && sa == 0 && sb == W) {
            minScalar(n, b, Raw.getLong(a), o);
        } else {
            minStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void minDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o += W) {
            Raw.putLong(o, Math.min(Raw.getLong(a), Raw.getLong(b)));
        }
    }

    private static void minScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o += W) {
            Raw.putLong(o, Math.min(Raw.getLong(a), y));
        }
    }

    private static void minStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putLong(o, Math.min(Raw.getLong(a), Raw.getLong(b)));
        }
    }

    // Comparisons write bool bytes (output stride 1).

    static void eq(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            eqDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            eqScalar(n, a, Raw.getLong(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            eqScalar(n, b, Raw.getLong(a), o);
        } else {
            eqStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void eqDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getLong(a) == Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void eqScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getLong(a) == y ? (byte) 1 : (byte) 0);
        }
    }

    private static void eqStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getLong(a) == Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    static void ne(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            neDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            neScalar(n, a, Raw.getLong(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            neScalar(n, b, Raw.getLong(a), o);
        } else {
            neStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void neDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getLong(a) != Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void neScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getLong(a) != y ? (byte) 1 : (byte) 0);
        }
    }

    private static void neStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getLong(a) != Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    static void lt(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            ltDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            ltScalar(n, a, Raw.getLong(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            ltScalarFirst(n, Raw.getLong(a), b, o);
        } else {
            ltStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void ltDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getLong(a) < Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void ltScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getLong(a) < y ? (byte) 1 : (byte) 0);
        }
    }

    private static void ltScalarFirst(long n, long x, long b, long o) {
        for (long i = 0; i < n; i++, b += W, o++) {
            Raw.putByte(o, x < Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void ltStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getLong(a) < Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    static void le(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            leDense(n, a, b, o);
        } else if (so == 1 && sa == W && sb == 0) {
            leScalar(n, a, Raw.getLong(b), o);
        } else if (so == 1 && sa == 0 && sb == W) {
            leScalarFirst(n, Raw.getLong(a), b, o);
        } else {
            leStrided(n, a, sa, b, sb, o, so);
        }
    }

    private static void leDense(long n, long a, long b, long o) {
        for (long i = 0; i < n; i++, a += W, b += W, o++) {
            Raw.putByte(o, Raw.getLong(a) <= Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void leScalar(long n, long a, long y, long o) {
        for (long i = 0; i < n; i++, a += W, o++) {
            Raw.putByte(o, Raw.getLong(a) <= y ? (byte) 1 : (byte) 0);
        }
    }

    private static void leScalarFirst(long n, long x, long b, long o) {
        for (long i = 0; i < n; i++, b += W, o++) {
            Raw.putByte(o, x <= Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }

    private static void leStrided(long n, long a, long sa, long b, long sb, long o,
            long so) {
        for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
            Raw.putByte(o, Raw.getLong(a) <= Raw.getLong(b) ? (byte) 1 : (byte) 0);
        }
    }
}
