package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.HalfFloats;
import org.pybridge.tensor.internal.ReduceKernels;

@ExtendWith(LeakCheck.class)
class ArgScanSoftmaxTest {
    private static final DataType[] TYPES = {DataType.FLOAT32, DataType.FLOAT64, DataType.INT32,
        DataType.INT64, DataType.UINT8, DataType.INT8, DataType.BOOL, DataType.FLOAT16,
        DataType.BFLOAT16};

    /** (3, 4, 5) data in several layouts, plus shapes that take the column-wise paths. */
    private static List<NDArray> inputs(Random r, DataType t) {
        List<NDArray> xs = new ArrayList<>();
        xs.add(TestArrays.random(r, t, 3, 4, 5));
        xs.add(TestArrays.random(r, t, 5, 4, 3).permute(2, 1, 0));
        try (NDArray a = TestArrays.random(r, t, 3, 4, 5)) {
            xs.add(a.slice(1, Long.MIN_VALUE, Long.MIN_VALUE, -1));
        }
        xs.add(TestArrays.random(r, t, 40, 600));
        xs.add(TestArrays.random(r, t, 7, 3, 33));
        return xs;
    }

    /** For each position along {@code axis}, the values of one line (the other axes fixed). */
    private static double[][] lines(double[] v, long[] shape, int axis) {
        long len = shape[axis];
        int lines = (int) (v.length / Math.max(1, len));
        double[][] out = new double[lines][(int) len];
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        for (int f = 0; f < v.length; f++) {
            long o = f / (inner * len);
            long i = f / inner % len;
            long j = f % inner;
            out[(int) (o * inner + j)][(int) i] = v[f];
        }
        return out;
    }

    @Test
    void argmaxAndArgminMatchAFirstOccurrenceReference() {
        Random r = new Random(5);
        for (DataType t : TYPES) {
            TestArrays.inScope(() -> {
                for (NDArray x : inputs(r, t)) {
                    double[] v = x.toDoubleArray();
                    for (int axis = 0; axis < x.ndim(); axis++) {
                        double[][] lines = lines(v, x.shape(), axis);
                        for (boolean max : new boolean[] {true, false}) {
                            NDArray got = ReduceKernels.argReduce(max, x, axis, axis == 1);
                            assertEquals(DataType.INT64, got.dtype());
                            long[] g = got.toLongArray();
                            assertEquals(lines.length, g.length);
                            for (int k = 0; k < lines.length; k++) {
                                assertEquals(firstExtreme(lines[k], max), g[k], t + " axis "
                                        + axis + " max " + max + " line " + k);
                            }
                        }
                    }
                }
            });
        }
    }

    private static long firstExtreme(double[] line, boolean max) {
        int best = 0;
        for (int i = 0; i < line.length; i++) {
            if (Double.isNaN(line[i])) {
                return i;
            }
            if (max ? line[i] > line[best] : line[i] < line[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void argReductionsHandleNanFlatAndEmptyInputs() {
        TestArrays.inScope(() -> {
            NDArray x = NDArray.create(new double[] {1, Double.NaN, 9, Double.NaN, -4, 0}, 2, 3);
            assertArrayEquals(new long[] {1, 0, 0}, x.argmax(0).toLongArray());
            assertArrayEquals(new long[] {1, 0}, x.argmin(1).toLongArray());
            assertEquals(1, ReduceKernels.argReduceFlat(true, x).getLong());
            assertEquals(0, ReduceKernels.argReduceFlat(true, x).ndim());
            NDArray y = NDArray.create(new float[] {3, 7, 7, -2, 7, -2}, 2, 3);
            assertEquals(1, ReduceKernels.argReduceFlat(true, y).getLong());
            assertEquals(3, ReduceKernels.argReduceFlat(false, y).getLong());
            NDArray yt = y.transpose();
            assertEquals(2, ReduceKernels.argReduceFlat(true, yt).getLong());
            assertEquals(1, ReduceKernels.argReduceFlat(false, yt).getLong());
            NDArray wide = NDArray.zeros(DataType.FLOAT32, 5, 100);
            wide.setDouble(Float.NaN, 3, 42);
            wide.setDouble(Float.NaN, 4, 42);
            wide.setDouble(1, 2, 42);
            wide.setDouble(2, 4, 7);
            long[] am = wide.argmax(0).toLongArray();
            assertEquals(3, am[42]);
            assertEquals(4, am[7]);
            assertEquals(0, am[0]);
            NDArray empty = NDArray.zeros(DataType.FLOAT32, 0, 3);
            assertArrayEquals(new long[] {0}, empty.argmax(1).shape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> empty.argmax(0));
            assertTrue(e.getMessage().contains("empty sequence"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> ReduceKernels.argReduceFlat(false, empty));
            NDArray keep = ReduceKernels.argReduce(true, y, -1, true);
            assertArrayEquals(new long[] {2, 1}, keep.shape());
        });
    }

    @Test
    void cumsumAndCumprodMatchSequentialAccumulationInTheResultType() {
        Random r = new Random(9);
        for (DataType t : TYPES) {
            TestArrays.inScope(() -> {
                for (NDArray x : inputs(r, t)) {
                    double[] v = x.toDoubleArray();
                    for (int axis = 0; axis < x.ndim(); axis++) {
                        double[][] lines = lines(v, x.shape(), axis);
                        for (boolean product : new boolean[] {false, true}) {
                            NDArray got = product ? ReduceKernels.cumprod(x, axis)
                                    : ReduceKernels.cumsum(x, axis);
                            DataType rt = t.isFloatingPoint() ? t : DataType.INT64;
                            assertEquals(rt, got.dtype());
                            assertArrayEquals(x.shape(), got.shape());
                            double[][] g = lines(got.toDoubleArray(), x.shape(), axis);
                            for (int k = 0; k < lines.length; k++) {
                                assertArrayEquals(scan(lines[k], product, rt), g[k], t + " axis "
                                        + axis + " product " + product + " line " + k);
                            }
                        }
                    }
                }
            });
        }
    }

    /** numpy's accumulate: every step rounds to the result type. */
    private static double[] scan(double[] line, boolean product, DataType t) {
        double[] out = new double[line.length];
        double acc = 0;
        long exact = 0;
        for (int i = 0; i < line.length; i++) {
            double x = line[i];
            double v = i == 0 ? x : product ? acc * x : acc + x;
            switch (t) {
                case FLOAT32:
                    v = (float) (i == 0 ? x : product ? (float) acc * (float) x
                            : (float) acc + (float) x);
                    break;
                case FLOAT16:
                    v = HalfFloats.halfToFloat(HalfFloats.floatToHalf((float) v));
                    break;
                case BFLOAT16:
                    v = HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16((float) v));
                    break;
                case INT64:
                    exact = i == 0 ? (long) x : product ? exact * (long) x : exact + (long) x;
                    v = exact;
                    break;
                default:
                    break;
            }
            out[i] = v;
            acc = v;
        }
        return out;
    }

    @Test
    void softmaxMatchesAStableDoubleReference() {
        Random r = new Random(13);
        for (DataType t : TYPES) {
            TestArrays.inScope(() -> {
                for (NDArray x : inputs(r, t)) {
                    double[] v = x.toDoubleArray();
                    for (int axis = 0; axis < x.ndim(); axis++) {
                        double[][] lines = lines(v, x.shape(), axis);
                        for (boolean log : new boolean[] {false, true}) {
                            NDArray got = log ? x.logSoftmax(axis) : x.softmax(axis);
                            DataType rt = t.isFloatingPoint() ? t : DataType.FLOAT64;
                            assertEquals(rt, got.dtype());
                            double[][] g = lines(got.toDoubleArray(), x.shape(), axis);
                            double tol = TestArrays.tolerance(rt);
                            for (int k = 0; k < lines.length; k++) {
                                double[] e = softmax(lines[k], log);
                                for (int i = 0; i < e.length; i++) {
                                    assertTrue(TestArrays.close(e[i], g[k][i], tol), t + " axis "
                                            + axis + " log " + log + ": expected " + e[i]
                                            + " got " + g[k][i]);
                                }
                            }
                        }
                    }
                }
            });
        }
    }

    private static double[] softmax(double[] line, boolean log) {
        double max = Arrays.stream(line).max().orElse(0);
        double sum = 0;
        for (double x : line) {
            sum += Math.exp(x - max);
        }
        double[] out = new double[line.length];
        for (int i = 0; i < line.length; i++) {
            out[i] = log ? line[i] - max - Math.log(sum) : Math.exp(line[i] - max) / sum;
        }
        return out;
    }

    @Test
    void softmaxIsStableForLargeInputsAndKeepsEmptyShapes() {
        try (NDArray x = NDArray.create(new float[] {1000, 1001, 1002, -1000, 0, 1000}, 2, 3);
             NDArray s = x.softmax(1);
             NDArray l = x.logSoftmax(1);
             NDArray e = NDArray.zeros(DataType.FLOAT32, 0, 4);
             NDArray es = e.softmax(1);
             NDArray ec = e.cumsum(0)) {
            float[][] p = s.toFloatMatrix();
            assertEquals(1.0, p[0][0] + p[0][1] + p[0][2], 1e-6);
            assertEquals(0.6652409, p[0][2], 1e-6);
            assertEquals(1.0, p[1][2], 1e-6);
            assertEquals(-1000 - Math.log(1 + Math.exp(-1000)) - 1000, l.getDouble(1, 0), 1e-3);
            assertTrue(Float.isFinite(l.toFloatMatrix()[0][0]));
            assertArrayEquals(new long[] {0, 4}, es.shape());
            assertArrayEquals(new long[] {0, 4}, ec.shape());
        }
    }
}
