package org.pybridge.tensor.internal;

import java.util.Arrays;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;
import org.pybridge.tensor.UnaryOp;

/**
 * Element-wise kernels: unary, binary with broadcasting, scalar variants, where, clip. Type rules
 * follow numpy 2 ({@link ElementwiseTypes}); per-element mathematics lives in
 * {@link ElementFunctions}; the loops in {@link Float32Loops}, {@link Float64Loops},
 * {@link Int32Loops}, {@link Int64Loops} (specialised) and {@link GenericLoops} (every dtype).
 *
 * <p>Results are new C-contiguous tensors; inputs may be any strided or broadcast views. Large
 * work runs in parallel; rows are independent, so results do not depend on the thread count.
 */
public final class ElementwiseKernels {
    /** Relative cost per element of a transcendental function against an addition. */
    private static final int COST_TRANSCENDENTAL = 16;
    /** Relative cost per element of the generic (Access-based) loops. */
    private static final int COST_GENERIC = 4;

    private ElementwiseKernels() {
    }

    // ------------------------------------------------------------------ unary

    /** {@code op(a)} as a new C-contiguous tensor of numpy's result type. */
    public static NDArray unary(UnaryOp op, NDArray a) {
        DataType result = ElementwiseTypes.unaryResult(op, a.dtype());
        a.address(); // fail on a closed tensor before allocating
        NDArray out = NDArray.empty(result, a.shape());
        try {
            runUnary(op, a, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** {@code a = op(a)}; the result type must cast to a's dtype under same_kind. */
    public static void unaryInPlace(UnaryOp op, NDArray a) {
        a.ensureWritable();
        DataType result = ElementwiseTypes.unaryResult(op, a.dtype());
        ElementwiseTypes.checkInPlaceCast(op.toString(), result, a.dtype());
        checkNoRepeatedElements(a);
        runUnary(op, a, a);
    }

    private static void runUnary(UnaryOp op, NDArray in, NDArray out) {
        DataType ti = in.dtype();
        DataType to = out.dtype();
        DataType compute = ElementwiseTypes.unaryCompute(op, ti);
        Loops.Row row = null;
        if (ti == to && compute == ti) {
            if (ti == DataType.FLOAT32) {
                row = Float32Loops.unary(op);
            } else if (ti == DataType.FLOAT64) {
                row = Float64Loops.unary(op);
            }
        }
        int cost = unaryCost(op, compute);
        if (row == null) {
            row = GenericLoops.unary(op, compute, ti, to);
            cost = Math.max(cost, COST_GENERIC);
        }
        long[] shape = out.shape();
        long[][] strides = {
            bytes(in.strides(), ti), bytes(out.strides(), to)
        };
        run(shape, new long[] {in.address(), out.address()}, strides, cost, row);
    }

    private static int unaryCost(UnaryOp op, DataType compute) {
        if (!compute.isFloatingPoint()) {
            return 1;
        }
        switch (op) {
            case NEG:
            case ABS:
            case SIGN:
            case SQUARE:
            case RELU:
            case FLOOR:
            case CEIL:
            case ROUND:
            case RECIPROCAL:
            case SQRT:
            case RSQRT:
                return 1;
            default:
                return COST_TRANSCENDENTAL;
        }
    }

    // ------------------------------------------------------------------ binary

    /** {@code op(a, b)} broadcast together, as a new C-contiguous tensor. */
    public static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        ElementwiseTypes.Signature sig = ElementwiseTypes.binary(op, a.dtype(), b.dtype());
        long[] shape = Shapes.broadcast(a.shape(), b.shape());
        a.address();
        b.address();
        NDArray out = NDArray.empty(sig.result, shape);
        try {
            runBinary(op, sig.compute, a, b, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * {@code a = op(a, b)}: b broadcasts to a's shape, the result is cast to a's dtype under
     * numpy's same_kind rule, and an operand overlapping a is read as it was before the update.
     */
    public static void binaryInPlace(BinaryOp op, NDArray a, NDArray b) {
        a.ensureWritable();
        ElementwiseTypes.Signature sig = ElementwiseTypes.binary(op, a.dtype(), b.dtype());
        ElementwiseTypes.checkInPlaceCast(op.toString(), sig.result, a.dtype());
        long[] shape = Shapes.broadcast(a.shape(), b.shape());
        if (!Arrays.equals(shape, a.shape())) {
            throw new ShapeException("Cannot update a tensor of shape " + Shapes.str(a.shape())
                    + " in place with an operand of shape " + Shapes.str(b.shape()) + ": the"
                    + " result would have shape " + Shapes.str(shape) + ". The operand must"
                    + " broadcast to the updated tensor's shape; use the out-of-place operation"
                    + " instead.");
        }
        checkNoRepeatedElements(a);
        b.address();
        // An operand that overlaps the output in another layout (a += a.T) would read elements
        // already overwritten; numpy gives the answer of a copy, so copy it first. Overlap is
        // judged by address ranges, so two tensors wrapping the same foreign memory count too.
        if (overlaps(a, b) && !sameLayout(a, b)) {
            try (NDArray copy = b.dup()) {
                runBinary(op, sig.compute, a, copy, a);
            }
        } else {
            runBinary(op, sig.compute, a, b, a);
        }
    }

    private static void runBinary(BinaryOp op, DataType compute, NDArray a, NDArray b,
            NDArray out) {
        DataType ta = a.dtype();
        DataType tb = b.dtype();
        DataType to = out.dtype();
        long[] shape = out.shape();
        Loops.Row row = null;
        boolean comparison = ElementwiseTypes.isComparison(op);
        if (ta == compute && tb == compute
                && (comparison ? to == DataType.BOOL : to == compute)) {
            switch (compute) {
                case FLOAT32: row = Float32Loops.binary(op); break;
                case FLOAT64: row = Float64Loops.binary(op); break;
                case INT32: row = Int32Loops.binary(op); break;
                case INT64: row = Int64Loops.binary(op); break;
                default: break;
            }
        }
        int cost = binaryCost(op, compute);
        if (row == null) {
            row = GenericLoops.binary(op, compute, ta, tb, to);
            cost = Math.max(cost, COST_GENERIC);
        }
        long[][] strides = {
            bytes(Shapes.broadcastStrides(a.shape(), a.strides(), shape), ta),
            bytes(Shapes.broadcastStrides(b.shape(), b.strides(), shape), tb),
            bytes(out.strides(), to),
        };
        run(shape, new long[] {a.address(), b.address(), out.address()}, strides, cost, row);
    }

    private static int binaryCost(BinaryOp op, DataType compute) {
        switch (op) {
            case POW:
            case ATAN2:
                return compute.isFloatingPoint() ? COST_TRANSCENDENTAL : COST_GENERIC;
            case FLOOR_DIV:
            case MOD:
                return COST_GENERIC;
            default:
                return 1;
        }
    }

    // ------------------------------------------------------------------ scalars

    /**
     * {@code op(a, scalar)}, or {@code op(scalar, a)} when reversed, with the scalar typed as
     * a Python int or float under NEP 50 ({@link ElementwiseTypes#scalarType}).
     */
    public static NDArray binaryScalar(BinaryOp op, NDArray a, double scalar,
            boolean scalarIsFloat, boolean reversed) {
        DataType st = ElementwiseTypes.scalarType(op, a.dtype(), scalar, scalarIsFloat);
        try (NDArray s = NDArray.scalar(scalar, st)) {
            return reversed ? binary(op, s, a) : binary(op, a, s);
        }
    }

    /**
     * {@code a = op(a, scalar)}. Only the value is known here, not whether the caller wrote an
     * int or a float: an integral value next to an integer tensor is taken as an int (so
     * {@code a += 2.0} works on int tensors, where numpy would refuse), any other value as a
     * float.
     */
    public static void binaryScalarInPlace(BinaryOp op, NDArray a, double scalar) {
        a.ensureWritable();
        boolean integral = scalar == Math.rint(scalar) && !Double.isInfinite(scalar);
        boolean isFloat = a.dtype().isFloatingPoint() || !integral;
        DataType st = ElementwiseTypes.scalarType(op, a.dtype(), scalar, isFloat);
        try (NDArray s = NDArray.scalar(scalar, st)) {
            binaryInPlace(op, a, s);
        }
    }

    // ------------------------------------------------------------------ clip, where

    /** a limited to [min, max] in a's own dtype; NaN means no bound on that side. */
    public static NDArray clip(NDArray a, double min, double max) {
        double lo = Double.isNaN(min) ? Double.NEGATIVE_INFINITY : min;
        double hi = Double.isNaN(max) ? Double.POSITIVE_INFINITY : max;
        DataType t = a.dtype();
        a.address();
        NDArray out = NDArray.empty(t, a.shape());
        try {
            Loops.Row row;
            switch (t) {
                case FLOAT32: row = Float32Loops.clip(lo, hi); break;
                case FLOAT64: row = Float64Loops.clip(lo, hi); break;
                default: row = GenericLoops.clip(t, lo, hi); break;
            }
            long[][] strides = {bytes(a.strides(), t), bytes(out.strides(), t)};
            run(out.shape(), new long[] {a.address(), out.address()}, strides, 1, row);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** x where condition is truthy, else y; all three broadcast, x and y promote. */
    public static NDArray where(NDArray condition, NDArray x, NDArray y) {
        DataType t = DataType.promote(x.dtype(), y.dtype());
        long[] shape = Shapes.broadcast(Shapes.broadcast(condition.shape(), x.shape()),
                y.shape());
        condition.address();
        x.address();
        y.address();
        NDArray out = NDArray.empty(t, shape);
        try {
            Loops.Row row = GenericLoops.where(condition.dtype(), x.dtype(), y.dtype(), t);
            long[][] strides = {
                bytes(Shapes.broadcastStrides(condition.shape(), condition.strides(), shape),
                        condition.dtype()),
                bytes(Shapes.broadcastStrides(x.shape(), x.strides(), shape), x.dtype()),
                bytes(Shapes.broadcastStrides(y.shape(), y.strides(), shape), y.dtype()),
                bytes(out.strides(), t),
            };
            long[] base = {condition.address(), x.address(), y.address(), out.address()};
            run(shape, base, strides, 1, row);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    // ------------------------------------------------------------------ driving

    /**
     * Runs {@code row} over {@code shape}. Expensive operations (cost > 1) over dense operands
     * are split by their weighted work, so that e.g. exp goes parallel at fewer elements than
     * add; everything else goes through {@link Loops#run}, which coalesces dimensions and splits
     * by element count.
     */
    private static void run(long[] shape, long[] base, long[][] byteStrides, int cost,
            Loops.Row row) {
        long n = Shapes.size(shape);
        if (n == 0) {
            return;
        }
        if (cost > 1 && n > 1) {
            long[] flat = flatStrides(shape, byteStrides);
            if (flat != null) {
                Parallel.forRange(n, n * cost, (from, to) -> {
                    long[] addr = new long[base.length];
                    for (int k = 0; k < base.length; k++) {
                        addr[k] = base[k] + from * flat[k];
                    }
                    row.row(to - from, addr, flat.clone());
                });
                return;
            }
        }
        Loops.run(shape, base, byteStrides, true, row);
    }

    /**
     * The per-element byte step of each operand when every operand is either C-contiguous over
     * the shape or a single repeated element (all strides 0); null otherwise.
     */
    private static long[] flatStrides(long[] shape, long[][] byteStrides) {
        long[] flat = new long[byteStrides.length];
        for (int k = 0; k < byteStrides.length; k++) {
            long[] st = byteStrides[k];
            int last = -1;
            for (int d = shape.length - 1; d >= 0 && last < 0; d--) {
                if (shape[d] != 1) {
                    last = d;
                }
            }
            long item = last < 0 ? 0 : st[last];
            long expect = item;
            boolean ok = true;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] == 1) {
                    continue;
                }
                if (st[d] != expect) {
                    ok = false;
                    break;
                }
                expect *= shape[d];
            }
            if (!ok) {
                return null;
            }
            flat[k] = item;
        }
        return flat;
    }

    private static long[] bytes(long[] strides, DataType t) {
        long[] out = new long[strides.length];
        for (int i = 0; i < strides.length; i++) {
            out[i] = strides[i] * t.byteSize();
        }
        return out;
    }

    /** True when the byte ranges spanned by a and b intersect. */
    private static boolean overlaps(NDArray a, NDArray b) {
        if (a.size() == 0 || b.size() == 0) {
            return false;
        }
        long[] ra = extent(a);
        long[] rb = extent(b);
        return ra[0] < rb[1] && rb[0] < ra[1];
    }

    /** [first byte, last byte + 1) of the memory a tensor's elements occupy. */
    private static long[] extent(NDArray t) {
        long lo = t.address();
        long hi = lo + t.dtype().byteSize();
        long[] shape = t.shape();
        long[] strides = t.byteStrides();
        for (int d = 0; d < shape.length; d++) {
            long span = (shape[d] - 1) * strides[d];
            if (span < 0) {
                lo += span;
            } else {
                hi += span;
            }
        }
        return new long[] {lo, hi};
    }

    /** True when b, broadcast to a's shape, reads exactly the elements a writes, in order. */
    private static boolean sameLayout(NDArray a, NDArray b) {
        if (a.dtype() != b.dtype() || a.address() != b.address()) {
            return false;
        }
        long[] shape = a.shape();
        long[] as = a.strides();
        long[] bs = Shapes.broadcastStrides(b.shape(), b.strides(), shape);
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && as[d] != bs[d]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writing in place through a view that maps several elements to one address (a stride of 0,
     * as broadcastTo makes) would race and depend on the order; numpy marks such views
     * read-only.
     */
    private static void checkNoRepeatedElements(NDArray a) {
        long[] shape = a.shape();
        long[] strides = a.strides();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 1 && strides[d] == 0) {
                throw new IllegalArgumentException("Cannot write in place into a tensor of shape "
                        + Shapes.str(shape) + " whose axis " + d + " repeats one element (stride"
                        + " 0, as broadcastTo makes): its elements share memory. Write into a"
                        + " copy made with dup() instead.");
            }
        }
    }
}
