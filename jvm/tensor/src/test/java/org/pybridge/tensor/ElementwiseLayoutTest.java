package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pybridge.tensor.ElementwiseTest.assertClose;
import static org.pybridge.tensor.ElementwiseTest.binaryReference;
import static org.pybridge.tensor.ElementwiseTest.roundTo;
import static org.pybridge.tensor.ElementwiseTest.wrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The specialised loops pick a loop per stride pattern (contiguous, repeated operand, strided);
 * every pattern must give the per-element reference. Operands here are transposed, sliced with
 * negative steps, broadcast rows and columns, and 0-d.
 */
@ExtendWith(LeakCheck.class)
class ElementwiseLayoutTest {
    private static final DataType[] TYPES = {
        DataType.FLOAT32, DataType.FLOAT64, DataType.INT32, DataType.INT64, DataType.INT16,
        DataType.FLOAT16,
    };
    private static final BinaryOp[] OPS = {
        BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM,
        BinaryOp.MINIMUM, BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT,
        BinaryOp.GE, BinaryOp.MOD, BinaryOp.POW,
    };

    /** A (4, 6) tensor of small values (with repeats so that == is sometimes true). */
    private static NDArray base(DataType t, long seed) {
        Random r = new Random(seed);
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(9) - (t == DataType.INT32 || t == DataType.INT64 ? 2 : 4);
            if (t.isFloatingPoint()) {
                v[i] /= 2;
            }
        }
        try (NDArray d = NDArray.create(v, 4, 6)) {
            return d.cast(t);
        }
    }

    /** Pairs of operand layouts over the same (4, 6) base values; each pair broadcasts. */
    private static List<NDArray[]> layouts(NDArray x, NDArray y) {
        List<Function<NDArray, NDArray>> views = List.of(
                v -> v.share(),
                v -> v.transpose().contiguous().transpose(),
                v -> v.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -1)
                        .slice(1, Long.MIN_VALUE, Long.MIN_VALUE, -1),
                v -> v.select(0, 1),
                v -> v.slice(1, 2, 3, 1),
                v -> v.slice(0, 0, 1, 1),
                v -> v.select(0, 2).select(0, 3));
        List<NDArray[]> pairs = new ArrayList<>();
        for (Function<NDArray, NDArray> fa : views) {
            for (Function<NDArray, NDArray> fb : views) {
                pairs.add(new NDArray[] {fa.apply(x), fb.apply(y)});
            }
        }
        return pairs;
    }

    @Test
    @SuppressWarnings("try")
    void everyStridePatternMatchesTheReference() {
        for (DataType t : TYPES) {
            for (BinaryOp op : OPS) {
                try (Scope s = Scope.open()) {
                    NDArray x = base(t, 1);
                    NDArray y = base(t, 2);
                    if (op == BinaryOp.POW && !t.isFloatingPoint()) {
                        y = y.apply(UnaryOp.ABS);
                    }
                    for (NDArray[] p : layouts(x, y)) {
                        check(op, p[0], p[1]);
                        check(op, p[0], NDArray.scalar(1.5, DataType.FLOAT64).cast(t));
                    }
                }
            }
        }
    }

    private static void check(BinaryOp op, NDArray a, NDArray b) {
        NDArray r = a.apply(op, b);
        long[] shape = r.shape();
        try (NDArray ab = a.broadcastTo(shape); NDArray bb = b.broadcastTo(shape);
             NDArray af = ab.reshape(-1); NDArray bf = bb.reshape(-1);
             NDArray rf = r.reshape(-1)) {
            DataType compute = ElementwiseTest.isBoolResult(op)
                    ? DataType.promote(a.dtype(), b.dtype()) : r.dtype();
            for (long i = 0; i < rf.size(); i++) {
                String what = op + " " + a.dtype() + " " + java.util.Arrays.toString(a.shape())
                        + java.util.Arrays.toString(a.strides()) + " with "
                        + java.util.Arrays.toString(b.shape()) + " at " + i;
                if (compute.isFloatingPoint()) {
                    double want = binaryReference(op, af.getDouble(i), bf.getDouble(i), compute);
                    if (r.dtype() == DataType.BOOL) {
                        assertEquals((long) want, rf.getLong(i), what);
                    } else {
                        assertClose(roundTo(want, r.dtype()), rf.getDouble(i),
                                op == BinaryOp.POW ? 1e-6 : 0, what);
                    }
                } else {
                    long want = binaryReference(op, af.getLong(i), bf.getLong(i));
                    assertEquals(wrap(want, r.dtype()), rf.getLong(i), what);
                }
            }
        } finally {
            r.close();
        }
    }

    @Test
    @SuppressWarnings("try")
    void unaryOnEveryLayoutMatchesContiguous() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64, DataType.INT32}) {
            for (UnaryOp op : UnaryOp.values()) {
                try (Scope s = Scope.open()) {
                    NDArray x = base(t, 3);
                    NDArray[] views = {
                        x.transpose(),
                        x.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -1)
                                .slice(1, Long.MIN_VALUE, Long.MIN_VALUE, -3),
                        x.select(1, 4),
                        x.reshape(2, 2, 6).permute(2, 0, 1),
                        x.select(0, 1).select(0, 2),
                    };
                    for (NDArray v : views) {
                        NDArray got = v.apply(op);
                        NDArray want = v.dup().apply(op);
                        assertArrayEquals(want.shape(), got.shape());
                        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(),
                                op + " " + t + " " + java.util.Arrays.toString(v.strides()));
                        if (op == UnaryOp.LOGICAL_NOT || (t == DataType.INT32
                                && ElementwiseTest.numpyUnary(op, t) != t)) {
                            continue; // the result type differs: no in-place form
                        }
                        NDArray inPlace = v.dup().transpose();
                        inPlace.applyInPlace(op);
                        assertArrayEquals(want.transpose().toDoubleArray(),
                                inPlace.toDoubleArray(), "in place " + op + " " + t);
                    }
                }
            }
        }
    }
}
