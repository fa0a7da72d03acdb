package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;

/**
 * Inner loops of reductions that accumulate in long: sum, prod, max, min, any and all of bool
 * and integer inputs. Sums and products wrap on overflow like numpy's int64 arithmetic.
 * int32 and int64 get specialised loops; other integer types take a generic loop.
 */
final class IntegerFolds {
    private IntegerFolds() {
    }

    /** Folds {@code n} elements starting at {@code a}, {@code s} bytes apart. */
    static long row(Fold f, DataType t, long n, long a, long s) {
        if (t == DataType.INT64) {
            switch (f) {
                case SUM: {
                    long r0 = 0;
                    long r1 = 0;
                    long i = 0;
                    long p = a;
                    for (; i + 2 <= n; i += 2, p += 2 * s) {
                        r0 += Raw.getLong(p);
                        r1 += Raw.getLong(p + s);
                    }
                    return i < n ? r0 + r1 + Raw.getLong(p) : r0 + r1;
                }
                case MAX: {
                    long r = Long.MIN_VALUE;
                    for (long i = 0, p = a; i < n; i++, p += s) {
                        r = Math.max(r, Raw.getLong(p));
                    }
                    return r;
                }
                case MIN: {
                    long r = Long.MAX_VALUE;
                    for (long i = 0, p = a; i < n; i++, p += s) {
                        r = Math.min(r, Raw.getLong(p));
                    }
                    return r;
                }
                default:
                    break;
            }
        } else if (t == DataType.INT32) {
            switch (f) {
                case SUM: {
                    long r0 = 0;
                    long r1 = 0;
                    long i = 0;
                    long p = a;
                    for (; i + 2 <= n; i += 2, p += 2 * s) {
                        r0 += Raw.getInt(p);
                        r1 += Raw.getInt(p + s);
                    }
                    return i < n ? r0 + r1 + Raw.getInt(p) : r0 + r1;
                }
                case MAX: {
                    int r = Integer.MIN_VALUE;
                    for (long i = 0, p = a; i < n; i++, p += s) {
                        r = Math.max(r, Raw.getInt(p));
                    }
                    return n == 0 ? Long.MIN_VALUE : r;
                }
                case MIN: {
                    int r = Integer.MAX_VALUE;
                    for (long i = 0, p = a; i < n; i++, p += s) {
                        r = Math.min(r, Raw.getInt(p));
                    }
                    return n == 0 ? Long.MAX_VALUE : r;
                }
                default:
                    break;
            }
        } else if (t == DataType.BOOL && f == Fold.SUM) {
            long r = 0;
            for (long i = 0, p = a; i < n; i++, p += s) {
                r += Raw.getByte(p) != 0 ? 1 : 0;
            }
            return r;
        }
        long r = f.identityLong();
        for (long i = 0, p = a; i < n; i++, p += s) {
            r = step(f, r, Access.getLong(t, p));
        }
        return r;
    }

    /** Folds {@code len} elements into {@code acc[0..len)} one by one (column-wise layout). */
    static void addRow(Fold f, DataType t, long[] acc, int len, long a, long s) {
        if (t == DataType.INT64 && f == Fold.SUM) {
            for (int j = 0; j < len; j++) {
                acc[j] += Raw.getLong(a + j * s);
            }
        } else if (t == DataType.INT32 && f == Fold.SUM) {
            for (int j = 0; j < len; j++) {
                acc[j] += Raw.getInt(a + j * s);
            }
        } else {
            for (int j = 0; j < len; j++) {
                acc[j] = step(f, acc[j], Access.getLong(t, a + j * s));
            }
        }
    }

    static long step(Fold f, long r, long x) {
        switch (f) {
            case SUM: return r + x;
            case PROD: return r * x;
            case MAX: return Math.max(r, x);
            case MIN: return Math.min(r, x);
            case ANY: return r != 0 || x != 0 ? 1L : 0L;
            case ALL: return r != 0 && x != 0 ? 1L : 0L;
            default: throw new AssertionError(f + " has no integer accumulation");
        }
    }
}
