package org.pybridge.tensor.internal;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.UnaryOp;

/**
 * Row loops for every dtype combination, reading and writing through {@link Access} (a switch
 * per element and a call through a functional interface: several times slower than the
 * specialised loops, which is why float32/float64/int32/int64 have their own). Values travel as
 * double when the operation computes in a floating type and as long when it computes in an
 * integer type, so each input is converted exactly as numpy converts it to the loop type.
 */
final class GenericLoops {
    private GenericLoops() {
    }

    /**
     * Operands: input, output. {@code compute} is the type the operation computes in; for a
     * floating compute type the output rounds the double result (to float first for float32,
     * float16 and bfloat16, as numpy's float loops do).
     */
    static Loops.Row unary(UnaryOp op, DataType compute, DataType in, DataType out) {
        if (op == UnaryOp.LOGICAL_NOT) {
            return (n, p, s) -> {
                long a = p[0];
                long o = p[1];
                for (long i = 0; i < n; i++, a += s[0], o += s[1]) {
                    Access.putLong(out, o, truthy(in, a) ? 0 : 1);
                }
            };
        }
        if (compute.isFloatingPoint()) {
            DoubleUnaryOperator f = ElementFunctions.floatUnary(op);
            return (n, p, s) -> {
                long a = p[0];
                long o = p[1];
                for (long i = 0; i < n; i++, a += s[0], o += s[1]) {
                    Access.putDouble(out, o, f.applyAsDouble(Access.getDouble(in, a)));
                }
            };
        }
        LongUnaryOperator f = ElementFunctions.intUnary(op);
        return (n, p, s) -> {
            long a = p[0];
            long o = p[1];
            for (long i = 0; i < n; i++, a += s[0], o += s[1]) {
                Access.putLong(out, o, f.applyAsLong(Access.getLong(in, a)));
            }
        };
    }

    /** Operands: a, b, output. */
    static Loops.Row binary(BinaryOp op, DataType compute, DataType ta, DataType tb,
            DataType out) {
        if (ElementwiseTypes.isLogical(op)) {
            return logical(op, ta, tb, out);
        }
        if (compute.isFloatingPoint()) {
            DoubleBinaryOperator f = ElementFunctions.floatBinary(op, compute);
            return (n, p, s) -> {
                long a = p[0];
                long b = p[1];
                long o = p[2];
                for (long i = 0; i < n; i++, a += s[0], b += s[1], o += s[2]) {
                    Access.putDouble(out, o,
                            f.applyAsDouble(Access.getDouble(ta, a), Access.getDouble(tb, b)));
                }
            };
        }
        LongBinaryOperator f = ElementFunctions.intBinary(op);
        return (n, p, s) -> {
            long a = p[0];
            long b = p[1];
            long o = p[2];
            for (long i = 0; i < n; i++, a += s[0], b += s[1], o += s[2]) {
                Access.putLong(out, o,
                        f.applyAsLong(Access.getLong(ta, a), Access.getLong(tb, b)));
            }
        };
    }

    private static Loops.Row logical(BinaryOp op, DataType ta, DataType tb, DataType out) {
        return (n, p, s) -> {
            long a = p[0];
            long b = p[1];
            long o = p[2];
            for (long i = 0; i < n; i++, a += s[0], b += s[1], o += s[2]) {
                boolean x = truthy(ta, a);
                boolean y = truthy(tb, b);
                boolean r;
                switch (op) {
                    case LOGICAL_AND: r = x && y; break;
                    case LOGICAL_OR: r = x || y; break;
                    default: r = x != y; break;
                }
                Access.putLong(out, o, r ? 1 : 0);
            }
        };
    }

    /** numpy truthiness: non-zero, and NaN, is true. */
    static boolean truthy(DataType t, long address) {
        switch (t) {
            case BOOL:
            case INT8:
            case UINT8:
                return Raw.getByte(address) != 0;
            case INT16:
                return Raw.getShort(address) != 0;
            case INT32:
                return Raw.getInt(address) != 0;
            case INT64:
                return Raw.getLong(address) != 0;
            case FLOAT32:
                return Raw.getFloat(address) != 0;
            case FLOAT64:
                return Raw.getDouble(address) != 0;
            default:
                // float16/bfloat16: any bit set other than the sign is non-zero (or NaN)
                return (Raw.getShort(address) & 0x7FFF) != 0;
        }
    }

    /** Clamps to [lo, hi] in the tensor's own type (operands: input, output of one dtype). */
    static Loops.Row clip(DataType t, double low, double high) {
        if (t.isFloatingPoint()) {
            return (n, p, s) -> {
                long a = p[0];
                long o = p[1];
                for (long i = 0; i < n; i++, a += s[0], o += s[1]) {
                    double x = Access.getDouble(t, a);
                    x = x < low ? low : x;
                    Access.putDouble(t, o, x > high ? high : x);
                }
            };
        }
        // Integer tensors keep their dtype: the bounds become the integers inside them.
        long lo = Double.isInfinite(low) ? Long.MIN_VALUE : (long) Math.ceil(low);
        long hi = Double.isInfinite(high) ? Long.MAX_VALUE : (long) Math.floor(high);
        return (n, p, s) -> {
            long a = p[0];
            long o = p[1];
            for (long i = 0; i < n; i++, a += s[0], o += s[1]) {
                long x = Access.getLong(t, a);
                x = x < lo ? lo : x;
                Access.putLong(t, o, x > hi ? hi : x);
            }
        };
    }

    /**
     * Operands: condition, x, y, output. When x and y already have the output's type the
     * elements are copied as raw bits of their size; otherwise converted through double (float
     * output) or long (integer output).
     */
    static Loops.Row where(DataType tc, DataType tx, DataType ty, DataType out) {
        if (tx == out && ty == out) {
            switch (out.byteSize()) {
                case 1: return (n, p, s) -> {
                    long c = p[0];
                    long x = p[1];
                    long y = p[2];
                    long o = p[3];
                    for (long i = 0; i < n; i++, c += s[0], x += s[1], y += s[2], o += s[3]) {
                        Raw.putByte(o, Raw.getByte(truthy(tc, c) ? x : y));
                    }
                };
                case 2: return (n, p, s) -> {
                    long c = p[0];
                    long x = p[1];
                    long y = p[2];
                    long o = p[3];
                    for (long i = 0; i < n; i++, c += s[0], x += s[1], y += s[2], o += s[3]) {
                        Raw.putShort(o, Raw.getShort(truthy(tc, c) ? x : y));
                    }
                };
                case 4: return (n, p, s) -> {
                    long c = p[0];
                    long x = p[1];
                    long y = p[2];
                    long o = p[3];
                    for (long i = 0; i < n; i++, c += s[0], x += s[1], y += s[2], o += s[3]) {
                        Raw.putInt(o, Raw.getInt(truthy(tc, c) ? x : y));
                    }
                };
                default: return (n, p, s) -> {
                    long c = p[0];
                    long x = p[1];
                    long y = p[2];
                    long o = p[3];
                    for (long i = 0; i < n; i++, c += s[0], x += s[1], y += s[2], o += s[3]) {
                        Raw.putLong(o, Raw.getLong(truthy(tc, c) ? x : y));
                    }
                };
            }
        }
        if (out.isFloatingPoint()) {
            return (n, p, s) -> {
                long c = p[0];
                long x = p[1];
                long y = p[2];
                long o = p[3];
                for (long i = 0; i < n; i++, c += s[0], x += s[1], y += s[2], o += s[3]) {
                    Access.putDouble(out, o, truthy(tc, c) ? Access.getDouble(tx, x)
                            : Access.getDouble(ty, y));
                }
            };
        }
        return (n, p, s) -> {
            long c = p[0];
            long x = p[1];
            long y = p[2];
            long o = p[3];
            for (long i = 0; i < n; i++, c += s[0], x += s[1], y += s[2], o += s[3]) {
                Access.putLong(out, o, truthy(tc, c) ? Access.getLong(tx, x)
                        : Access.getLong(ty, y));
            }
        };
    }
}
