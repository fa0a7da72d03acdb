package org.pybridge.tensor.internal;

import org.pybridge.tensor.BinaryOp;

/**
 * Specialised int32 row loops for the common integer operations (arithmetic wraps around like
 * numpy's). Same structure as {@link Float32Loops}: one loop per stride pattern so that C2 sees
 * constant address steps. Twin of {@link Int64Loops}; keep the two in step.
 */
final class Int32Loops {
    /** Bytes per element. */
    private static final long W = 4;

    private Int32Loops() {
    }

    /** The row for {@code op} on int32 operands, or null if it has no specialised loop. */
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
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putInt(o, Raw.getInt(a) + Raw.getInt(b));
            }
        } else if (so == W && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putInt(o, Raw.getInt(a) + y);
            }
        } else if (so == W && sa == 0 && sb == W) {
            int x = Raw.getInt(a);
            for (long i = 0; i < n; i++, b += W, o += W) {
                Raw.putInt(o, x + Raw.getInt(b));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putInt(o, Raw.getInt(a) + Raw.getInt(b));
            }
        }
    }

    static void sub(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putInt(o, Raw.getInt(a) - Raw.getInt(b));
            }
        } else if (so == W && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putInt(o, Raw.getInt(a) - y);
            }
        } else if (so == W && sa == 0 && sb == W) {
            int x = Raw.getInt(a);
            for (long i = 0; i < n; i++, b += W, o += W) {
                Raw.putInt(o, x - Raw.getInt(b));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putInt(o, Raw.getInt(a) - Raw.getInt(b));
            }
        }
    }

    static void mul(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putInt(o, Raw.getInt(a) * Raw.getInt(b));
            }
        } else if (so == W && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putInt(o, Raw.getInt(a) * y);
            }
        } else if (so == W && sa == 0 && sb == W) {
            int x = Raw.getInt(a);
            for (long i = 0; i < n; i++, b += W, o += W) {
                Raw.putInt(o, x * Raw.getInt(b));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putInt(o, Raw.getInt(a) * Raw.getInt(b));
            }
        }
    }

    static void max(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putInt(o, Math.max(Raw.getInt(a), Raw.getInt(b)));
            }
        } else if (so == W && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putInt(o, Math.max(Raw.getInt(a), y));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putInt(o, Math.max(Raw.getInt(a), Raw.getInt(b)));
            }
        }
    }

    static void min(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == W && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o += W) {
                Raw.putInt(o, Math.min(Raw.getInt(a), Raw.getInt(b)));
            }
        } else if (so == W && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o += W) {
                Raw.putInt(o, Math.min(Raw.getInt(a), y));
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putInt(o, Math.min(Raw.getInt(a), Raw.getInt(b)));
            }
        }
    }

    // Comparisons write bool bytes (output stride 1).

    static void eq(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getInt(a) == Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getInt(a) == y ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getInt(a) == Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        }
    }

    static void ne(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getInt(a) != Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getInt(a) != y ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getInt(a) != Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        }
    }

    static void lt(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getInt(a) < Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getInt(a) < y ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == 0 && sb == W) {
            int x = Raw.getInt(a);
            for (long i = 0; i < n; i++, b += W, o++) {
                Raw.putByte(o, x < Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getInt(a) < Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        }
    }

    static void le(long n, long a, long sa, long b, long sb, long o, long so) {
        if (so == 1 && sa == W && sb == W) {
            for (long i = 0; i < n; i++, a += W, b += W, o++) {
                Raw.putByte(o, Raw.getInt(a) <= Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == W && sb == 0) {
            int y = Raw.getInt(b);
            for (long i = 0; i < n; i++, a += W, o++) {
                Raw.putByte(o, Raw.getInt(a) <= y ? (byte) 1 : (byte) 0);
            }
        } else if (so == 1 && sa == 0 && sb == W) {
            int x = Raw.getInt(a);
            for (long i = 0; i < n; i++, b += W, o++) {
                Raw.putByte(o, x <= Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        } else {
            for (long i = 0; i < n; i++, a += sa, b += sb, o += so) {
                Raw.putByte(o, Raw.getInt(a) <= Raw.getInt(b) ? (byte) 1 : (byte) 0);
            }
        }
    }
}
