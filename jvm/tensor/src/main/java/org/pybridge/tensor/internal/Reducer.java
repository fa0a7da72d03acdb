package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.ReduceOp;

/**
 * The per-thread accumulator state of one reduction: a block of slots, one per output being
 * computed, that the driver fills either a whole input run per slot ({@link #foldRow}) or one
 * element per slot from each input row ({@link #addRow}). Floating and Integral differ only in
 * whether the slots hold doubles or longs.
 */
abstract class Reducer {
    final Fold fold;
    final DataType in;
    final DataType out;

    Reducer(Fold fold, DataType in, DataType out) {
        this.fold = fold;
        this.in = in;
        this.out = out;
    }

    /** Starts fresh slots for outputs {@code first .. first + len - 1}. */
    abstract void reset(long first, int len);

    /** Folds a run of {@code n} inputs into slot 0. */
    abstract void foldRow(long n, long addr, long stride);

    /** Folds input element {@code j} of a row into slot {@code j}, for {@code j < len}. */
    abstract void addRow(int len, long addr, long stride);

    /** Combines another reducer's slots (same outputs, other inputs) into these. */
    abstract void merge(Reducer other, int len);

    /** Writes the finished results of the first {@code len} slots, contiguously. */
    abstract void store(int len, long outAddr);

    /** Accumulates in double: float inputs, and float results of integer inputs. */
    static final class Floating extends Reducer {
        private final ReduceOp finish;
        private final double divisor;
        private final long centres;
        private final double[] acc;
        private final double[] centre;

        /**
         * @param count elements reduced into each output (for MEAN, VAR, STD)
         * @param centres address of float64 per-output centres for SUM_SQ_DEV, else 0
         */
        Floating(Fold fold, ReduceOp finish, DataType in, DataType out, long count, int ddof,
                long centres, int capacity) {
            super(fold, in, out);
            this.finish = finish;
            this.divisor = finish == ReduceOp.MEAN ? count : Math.max(count - ddof, 0);
            this.centres = centres;
            this.acc = new double[capacity];
            this.centre = new double[fold == Fold.SUM_SQ_DEV ? capacity : 0];
        }

        @Override
        void reset(long first, int len) {
            java.util.Arrays.fill(acc, 0, len, fold.identity());
            for (int j = 0; j < centre.length && j < len; j++) {
                centre[j] = Raw.getDouble(centres + (first + j) * 8);
            }
        }

        @Override
        void foldRow(long n, long addr, long stride) {
            double c = centre.length > 0 ? centre[0] : 0.0;
            acc[0] = fold.combine(acc[0], FloatFolds.row(fold, in, n, addr, stride, c));
        }

        @Override
        void addRow(int len, long addr, long stride) {
            FloatFolds.addRow(fold, in, acc, centre, len, addr, stride);
        }

        @Override
        void merge(Reducer other, int len) {
            double[] o = ((Floating) other).acc;
            for (int j = 0; j < len; j++) {
                acc[j] = fold.combine(acc[j], o[j]);
            }
        }

        private double finished(double v) {
            switch (finish) {
                case MEAN:
                case VAR:
                    return v / divisor;
                case STD:
                    return Math.sqrt(v / divisor);
                case NORM2:
                    return Math.sqrt(v);
                default:
                    return v;
            }
        }

        @Override
        void store(int len, long outAddr) {
            if (out == DataType.FLOAT32) {
                for (int j = 0; j < len; j++) {
                    Raw.putFloat(outAddr + 4L * j, (float) finished(acc[j]));
                }
            } else if (out == DataType.FLOAT64) {
                for (int j = 0; j < len; j++) {
                    Raw.putDouble(outAddr + 8L * j, finished(acc[j]));
                }
            } else {
                int item = out.byteSize();
                for (int j = 0; j < len; j++) {
                    Access.putDouble(out, outAddr + (long) item * j, finished(acc[j]));
                }
            }
        }
    }

    /** Accumulates in long: sum, prod, max, min, any, all of bool and integer inputs. */
    static final class Integral extends Reducer {
        private final long[] acc;

        Integral(Fold fold, DataType in, DataType out, int capacity) {
            super(fold, in, out);
            this.acc = new long[capacity];
        }

        @Override
        void reset(long first, int len) {
            java.util.Arrays.fill(acc, 0, len, fold.identityLong());
        }

        @Override
        void foldRow(long n, long addr, long stride) {
            acc[0] = fold.combine(acc[0], IntegerFolds.row(fold, in, n, addr, stride));
        }

        @Override
        void addRow(int len, long addr, long stride) {
            IntegerFolds.addRow(fold, in, acc, len, addr, stride);
        }

        @Override
        void merge(Reducer other, int len) {
            long[] o = ((Integral) other).acc;
            for (int j = 0; j < len; j++) {
                acc[j] = fold.combine(acc[j], o[j]);
            }
        }

        @Override
        void store(int len, long outAddr) {
            int item = out.byteSize();
            for (int j = 0; j < len; j++) {
                Access.putLong(out, outAddr + (long) item * j, acc[j]);
            }
        }
    }
}
