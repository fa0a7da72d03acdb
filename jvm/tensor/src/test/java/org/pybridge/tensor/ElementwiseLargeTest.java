package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.Parallel;

/**
 * Arrays above {@link Parallel#THRESHOLD} run on several threads; their results must equal,
 * bit for bit, the same computation done in pieces small enough to stay on one thread.
 */
@ExtendWith(LeakCheck.class)
class ElementwiseLargeTest {
    private static final long N = 2 * Parallel.THRESHOLD + 12_345;
    /** Pieces below the threshold even for the cost-weighted (up to 16x) operations. */
    private static final long PIECE = Parallel.THRESHOLD / 16 - 1;

    private static NDArray random(DataType t, long n, long seed) {
        try (NDArray u = NDArray.arange(0, n, 1, DataType.FLOAT64)) {
            // a cheap deterministic scramble in [-4, 4)
            double[] v = u.toDoubleArray();
            long state = seed;
            for (int i = 0; i < v.length; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                v[i] = ((state >>> 11) * 0x1p-53) * 8 - 4;
                if (!t.isFloatingPoint()) {
                    v[i] = Math.floor(v[i] * 1000);
                }
            }
            try (NDArray d = NDArray.create(v, v.length)) {
                return d.cast(t);
            }
        }
    }

    /** The result of f over 1-d x computed piece by piece, each piece small. */
    private static double[] inPieces(NDArray x, Function<NDArray, NDArray> f) {
        double[] out = new double[(int) x.size()];
        for (long from = 0; from < x.size(); from += PIECE) {
            long to = Math.min(x.size(), from + PIECE);
            try (NDArray piece = x.slice(0, from, to, 1); NDArray r = f.apply(piece)) {
                System.arraycopy(r.toDoubleArray(), 0, out, (int) from, (int) (to - from));
            }
        }
        return out;
    }

    private static double[] inPieces(NDArray x, NDArray y,
            BiFunction<NDArray, NDArray, NDArray> f) {
        double[] out = new double[(int) x.size()];
        for (long from = 0; from < x.size(); from += PIECE) {
            long to = Math.min(x.size(), from + PIECE);
            try (NDArray px = x.slice(0, from, to, 1); NDArray py = y.slice(0, from, to, 1);
                 NDArray r = f.apply(px, py)) {
                System.arraycopy(r.toDoubleArray(), 0, out, (int) from, (int) (to - from));
            }
        }
        return out;
    }

    private static void same(NDArray x, Function<NDArray, NDArray> f, String what) {
        try (NDArray whole = f.apply(x)) {
            assertArrayEquals(inPieces(x, f), whole.toDoubleArray(), what);
        }
    }

    private static void same(NDArray x, NDArray y, BiFunction<NDArray, NDArray, NDArray> f,
            String what) {
        try (NDArray whole = f.apply(x, y)) {
            assertArrayEquals(inPieces(x, y, f), whole.toDoubleArray(), what);
        }
    }

    @Test
    void unaryOpsInParallelEqualTheSerialResult() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64, DataType.INT16,
            DataType.FLOAT16}) {
            try (NDArray x = random(t, N, 1);
                 NDArray reversed = x.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -2)) {
                for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.NEG,
                    UnaryOp.ERF, UnaryOp.ROUND}) {
                    same(x, v -> v.apply(op), op + " " + t);
                    same(reversed, v -> v.apply(op), op + " " + t + " with step -2");
                }
            }
        }
    }

    @Test
    void binaryOpsInParallelEqualTheSerialResult() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64, DataType.INT32,
            DataType.INT64, DataType.INT8}) {
            try (NDArray x = random(t, N, 2); NDArray y = random(t, N, 3)) {
                for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.DIV,
                    BinaryOp.MAXIMUM, BinaryOp.LT, BinaryOp.MOD, BinaryOp.ATAN2}) {
                    same(x, y, (a, b) -> a.apply(op, b), op + " " + t);
                }
                for (BinaryOp op : new BinaryOp[] {BinaryOp.SUB, BinaryOp.GE}) {
                    same(x, v -> v.apply(op, 1.5, false), op + " scalar " + t);
                    same(x, v -> v.apply(op, 3L, true), op + " reversed scalar " + t);
                }
            }
        }
        try (NDArray x = random(DataType.INT16, N, 4); NDArray y = random(DataType.UINT8, N, 5)) {
            same(x, y, NDArray::mul, "int16 * uint8");
        }
    }

    @Test
    void whereAndClipInParallelEqualTheSerialResult() {
        try (NDArray x = random(DataType.FLOAT32, N, 6); NDArray y = random(DataType.INT32, N, 7)) {
            same(x, y, (a, b) -> NDArray.where(a, a, b), "where");
            same(x, v -> v.clip(-1, 2), "clip float32");
            same(y, v -> v.clip(-100, 200), "clip int32");
        }
    }

    @Test
    @SuppressWarnings("try")
    void stridedAndBroadcastLargeOperands() {
        int rows = 700;
        int cols = 701;
        try (Scope s = Scope.open()) {
            NDArray m = random(DataType.FLOAT32, (long) rows * cols, 8).reshape(rows, cols);
            NDArray row = random(DataType.FLOAT32, cols, 9);
            NDArray col = random(DataType.FLOAT32, rows, 10).reshape(rows, 1);
            NDArray sum = m.add(row);
            NDArray prod = m.transpose().mul(col.transpose());
            NDArray diff = col.sub(m);
            float[] mv = m.toFloatArray();
            float[] rv = row.toFloatArray();
            float[] cv = col.toFloatArray();
            float[] sv = sum.toFloatArray();
            float[] pv = prod.toFloatArray();
            float[] dv = diff.toFloatArray();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    float e = mv[i * cols + j];
                    assertEquals(e + rv[j], sv[i * cols + j]);
                    assertEquals(e * cv[i], pv[j * rows + i]);
                    assertEquals(cv[i] - e, dv[i * cols + j]);
                }
            }
            NDArray t = m.transpose().exp();
            NDArray te = m.exp().transpose().contiguous();
            assertArrayEquals(te.toFloatArray(), t.toFloatArray());
            NDArray acc = m.dup();
            acc.addi(m.transpose().transpose()).muli(row).subi(col);
            float[] av = acc.toFloatArray();
            for (int k = 0; k < av.length; k++) {
                int i = k / cols;
                assertEquals((mv[k] + mv[k]) * rv[k % cols] - cv[i], av[k]);
            }
        }
    }
}
