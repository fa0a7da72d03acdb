package org.pybridge.tensor;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pybridge.tensor.internal.Access;
import org.pybridge.tensor.internal.CopyKernels;
import org.pybridge.tensor.internal.ElementwiseKernels;
import org.pybridge.tensor.internal.Formatting;
import org.pybridge.tensor.internal.JavaArrays;
import org.pybridge.tensor.internal.Layout;
import org.pybridge.tensor.internal.LinalgKernels;
import org.pybridge.tensor.internal.MemoryAccounting;
import org.pybridge.tensor.internal.MemoryBlock;
import org.pybridge.tensor.internal.Raw;
import org.pybridge.tensor.internal.ReduceKernels;
import org.pybridge.tensor.internal.Shapes;

/**
 * An n-dimensional array over off-heap memory: a dtype, a shape, element strides and an offset
 * into a reference-counted memory block that views share.
 *
 * <p>Views (reshape, transpose, slicing, broadcast) never copy; {@link #dup()} and
 * {@link #contiguous()} copy when asked. Every tensor should be closed (try-with-resources or a
 * {@link Scope}); memory is freed when the last tensor or view over it is closed. A Cleaner frees
 * forgotten tensors as a safety net. Using a closed tensor throws
 * {@link ClosedTensorException}.
 *
 * <pre>{@code
 * try (NDArray a = NDArray.create(new float[][] {{1, 2}, {3, 4}});
 *      NDArray b = a.matmul(a.transpose())) {
 *     float[][] rows = b.toFloatMatrix();
 * }
 * }</pre>
 */
public final class NDArray implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final MemoryBlock block;
    private final DataType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final boolean readOnly;
    private final Lease lease;
    private final Cleaner.Cleanable cleanable;

    /** Releases this tensor's reference to its block exactly once (close or Cleaner). */
    private static final class Lease implements Runnable {
        private final MemoryBlock block;
        private final AtomicBoolean closed = new AtomicBoolean();

        Lease(MemoryBlock block) {
            this.block = block;
        }

        @Override
        public void run() {
            if (closed.compareAndSet(false, true)) {
                MemoryAccounting.tensorClosed();
                block.release();
            }
        }
    }

    /** Takes over one reference of {@code block}, already retained for this tensor. */
    private NDArray(MemoryBlock block, DataType dtype, long[] shape, long[] strides, long offset,
            boolean readOnly) {
        this.block = block;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.readOnly = readOnly;
        this.lease = new Lease(block);
        MemoryAccounting.tensorOpened();
        this.cleanable = CLEANER.register(this, lease);
        Scope.register(this);
    }

    // ------------------------------------------------------------------ creation

    /** A new C-contiguous tensor with uninitialised contents. */
    public static NDArray empty(DataType dtype, long... shape) {
        long[] s = shape.clone();
        long bytes = Math.multiplyExact(Shapes.size(s), (long) dtype.byteSize());
        MemoryBlock block = MemoryBlock.allocate(bytes,
                () -> "a " + dtype.numpyName() + " tensor of shape " + Shapes.str(s));
        return new NDArray(block, dtype, s, Shapes.contiguousStrides(s), 0, false);
    }

    /** A new tensor filled with zeros. */
    public static NDArray zeros(DataType dtype, long... shape) {
        NDArray a = empty(dtype, shape);
        Raw.fill(a.block.address(), a.block.byteSize(), (byte) 0);
        return a;
    }

    /** A new tensor filled with ones. */
    public static NDArray ones(DataType dtype, long... shape) {
        return full(dtype, 1.0, shape);
    }

    /** A new tensor with every element set to {@code value} (converted to the dtype). */
    public static NDArray full(DataType dtype, double value, long... shape) {
        NDArray a = empty(dtype, shape);
        a.fill(value);
        return a;
    }

    /** A 0-d tensor holding one value. */
    public static NDArray scalar(double value, DataType dtype) {
        return full(dtype, value, new long[0]);
    }

    /** Values {@code start, start+step, ...} below {@code stop} (numpy's arange). */
    public static NDArray arange(double start, double stop, double step, DataType dtype) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange step must be a non-zero number, got "
                    + step + ".");
        }
        long n = (long) Math.max(0, Math.ceil((stop - start) / step));
        NDArray a = empty(dtype, n);
        long addr = a.address();
        for (long i = 0; i < n; i++) {
            Access.putDouble(dtype, addr + i * dtype.byteSize(), start + i * step);
        }
        return a;
    }

    /** A float32 tensor of the given shape holding {@code data} in C order. */
    public static NDArray create(float[] data, long... shape) {
        NDArray a = empty(DataType.FLOAT32, shapeFor(data.length, shape));
        JavaArrays.copyIn(data, a.address());
        return a;
    }

    /** A float64 tensor of the given shape holding {@code data} in C order. */
    public static NDArray create(double[] data, long... shape) {
        NDArray a = empty(DataType.FLOAT64, shapeFor(data.length, shape));
        JavaArrays.copyIn(data, a.address());
        return a;
    }

    /** An int32 tensor of the given shape holding {@code data} in C order. */
    public static NDArray create(int[] data, long... shape) {
        NDArray a = empty(DataType.INT32, shapeFor(data.length, shape));
        JavaArrays.copyIn(data, a.address());
        return a;
    }

    /** An int64 tensor of the given shape holding {@code data} in C order. */
    public static NDArray create(long[] data, long... shape) {
        NDArray a = empty(DataType.INT64, shapeFor(data.length, shape));
        JavaArrays.copyIn(data, a.address());
        return a;
    }

    /** A float32 matrix from rows of equal length. */
    public static NDArray create(float[][] rows) {
        return create(JavaArrays.flatten(rows), rows.length, rows.length == 0 ? 0 : rows[0].length);
    }

    /** A float64 matrix from rows of equal length. */
    public static NDArray create(double[][] rows) {
        return create(JavaArrays.flatten(rows), rows.length, rows.length == 0 ? 0 : rows[0].length);
    }

    private static void checkLength(int length, long[] shape) {
        if (Shapes.size(shape) != length) {
            throw new ShapeException(length + " values cannot fill shape " + Shapes.str(shape)
                    + " of " + Shapes.size(shape) + " elements.");
        }
    }

    private static long[] shapeFor(int length, long[] shape) {
        long[] s = shape.length == 0 ? new long[] {length} : shape;
        checkLength(length, s);
        return s;
    }

    /**
     * Wraps memory owned by someone else (a numpy array, an Arrow buffer) without copying.
     *
     * @param dataAddress address of element (0, ..., 0)
     * @param byteStrides numpy-style strides in bytes (may be negative or zero)
     * @param release run once when the last tensor over this memory is closed, so the owner can
     *     be let go; may be null
     */
    public static NDArray wrap(long dataAddress, DataType dtype, long[] shape, long[] byteStrides,
            boolean readOnly, Runnable release) {
        if (shape.length != byteStrides.length) {
            throw new ShapeException("shape " + Shapes.str(shape) + " and strides "
                    + Arrays.toString(byteStrides) + " differ in length.");
        }
        int item = dtype.byteSize();
        long lo = 0;
        long hi = 0;
        long[] es = new long[shape.length];
        boolean empty = Shapes.size(shape) == 0;
        for (int i = 0; i < shape.length; i++) {
            if (byteStrides[i] % item != 0) {
                throw new ShapeException("Strides " + Arrays.toString(byteStrides) + " are not"
                        + " multiples of the " + item + "-byte item size of " + dtype.numpyName()
                        + "; make the array contiguous first (numpy.ascontiguousarray).");
            }
            es[i] = byteStrides[i] / item;
            if (!empty && shape[i] > 1) {
                long span = (shape[i] - 1) * byteStrides[i];
                if (span < 0) {
                    lo += span;
                } else {
                    hi += span;
                }
            }
        }
        long bytes = empty ? 0 : hi - lo + item;
        MemoryBlock block = MemoryBlock.external(dataAddress + lo, bytes, release);
        return new NDArray(block, dtype, shape.clone(), es, -lo / item, readOnly);
    }

    // ------------------------------------------------------------------ properties

    public DataType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Size of one dimension (negative counts from the end). */
    public long shape(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    /** A copy of the strides, in elements. */
    public long[] strides() {
        return strides.clone();
    }

    /** Strides in bytes, as numpy reports them. */
    public long[] byteStrides() {
        long[] out = new long[strides.length];
        for (int i = 0; i < strides.length; i++) {
            out[i] = strides[i] * dtype.byteSize();
        }
        return out;
    }

    /** Offset of element (0, ..., 0) from the start of the memory block, in elements. */
    public long offset() {
        return offset;
    }

    public int ndim() {
        return shape.length;
    }

    /** Number of elements. */
    public long size() {
        return Shapes.size(shape);
    }

    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public boolean isClosed() {
        return lease.closed.get();
    }

    /** True when this tensor and {@code other} view the same memory block. */
    public boolean sharesMemoryWith(NDArray other) {
        return block == other.block;
    }

    /**
     * Address of element (0, ..., 0). Valid while this tensor is open.
     *
     * @throws ClosedTensorException after {@link #close()}
     */
    public long address() {
        ensureOpen();
        return block.address() + offset * dtype.byteSize();
    }

    /** Bytes of the underlying block (which views may share). */
    public long blockByteSize() {
        return block.byteSize();
    }

    /** Throws unless writes are allowed. */
    public void ensureWritable() {
        ensureOpen();
        if (readOnly) {
            throw new ReadOnlyTensorException("This tensor wraps read-only memory (for example a"
                    + " numpy array with writeable=False); copy it with dup() before writing.");
        }
    }

    private void ensureOpen() {
        if (lease.closed.get()) {
            throw new ClosedTensorException("This " + dtype.numpyName() + " tensor of shape "
                    + Shapes.str(shape) + " was closed; it cannot be used any more. Keep it open"
                    + " while it is needed, or detach it from its scope.");
        }
    }

    /** Releases this tensor's hold on its memory (idempotent). Views stay valid. */
    @Override
    public void close() {
        if (!lease.closed.get()) {
            Scope.forget(this);
            cleanable.clean();
        }
    }

    // ------------------------------------------------------------------ views

    private NDArray view(Layout layout) {
        return view(layout.shape(), layout.strides(), layout.offset());
    }

    private NDArray view(long[] newShape, long[] newStrides, long newOffset) {
        ensureOpen();
        block.retain();
        return new NDArray(block, dtype, newShape, newStrides, newOffset, readOnly);
    }

    /** Another handle on the same memory and layout (closing either leaves the other usable). */
    public NDArray share() {
        return view(shape.clone(), strides.clone(), offset);
    }

    /**
     * A view with an explicit layout over this tensor's memory, checked to stay inside it.
     * Used by the Python bridge for numpy-style indexing.
     *
     * @param elementOffset offset from this tensor's element (0, ..., 0), in elements
     */
    public NDArray asStrided(long[] newShape, long[] newStrides, long elementOffset) {
        Layout.checkInside(newShape, newStrides, offset + elementOffset,
                block.byteSize() / dtype.byteSize());
        return view(newShape.clone(), newStrides.clone(), offset + elementOffset);
    }

    /**
     * The same data in a new shape; one dimension may be -1. A view when the layout allows,
     * otherwise a copy (like numpy).
     */
    public NDArray reshape(long... newShape) {
        long[] s = Layout.resolveReshape(shape, newShape);
        long[] st = Shapes.reshapeStrides(shape, strides, s);
        if (st != null) {
            return view(s, st, offset);
        }
        try (NDArray c = contiguous()) {
            return c.view(s, Shapes.contiguousStrides(s), c.offset);
        }
    }

    /** Reverses the axes (a view). */
    public NDArray transpose() {
        int n = shape.length;
        int[] axes = new int[n];
        for (int i = 0; i < n; i++) {
            axes[i] = n - 1 - i;
        }
        return permute(axes);
    }

    /** Reorders the axes (a view): result axis i is this tensor's axis {@code axes[i]}. */
    public NDArray permute(int... axes) {
        return view(Layout.permute(shape, strides, offset, axes));
    }

    /** Swaps two axes (a view). */
    public NDArray swapAxes(int a, int b) {
        int n = shape.length;
        int[] axes = new int[n];
        for (int i = 0; i < n; i++) {
            axes[i] = i;
        }
        int x = Shapes.axis(a, n);
        int y = Shapes.axis(b, n);
        axes[x] = y;
        axes[y] = x;
        return permute(axes);
    }

    /**
     * Python-style slice {@code [start:stop:step]} along one axis (a view). Negative start/stop
     * count from the end; out-of-range bounds are clipped like Python's.
     * Use {@code Long.MIN_VALUE} for an omitted start or stop.
     */
    public NDArray slice(int axis, long start, long stop, long step) {
        return view(Layout.slice(shape, strides, offset, axis, start, stop, step));
    }

    /** Picks index {@code index} along {@code axis}, dropping the axis (a view). */
    public NDArray select(int axis, long index) {
        return view(Layout.select(shape, strides, offset, axis, index));
    }

    /** Inserts a size-1 axis at {@code axis} (a view; negative counts from the end). */
    public NDArray expandDims(int axis) {
        return view(Layout.expandDims(shape, strides, offset, axis));
    }

    /** Removes size-1 axes: the given ones (each must have size 1), or all when none given. */
    public NDArray squeeze(int... axes) {
        return view(Layout.squeeze(shape, strides, offset, axes));
    }

    /** A read view with numpy broadcasting to {@code target} (stride 0 on repeated axes). */
    public NDArray broadcastTo(long... target) {
        long[] st = Shapes.broadcastStrides(shape, strides, target);
        return view(target.clone(), st, offset);
    }

    /** Flattens to one dimension (a view when contiguous, otherwise a copy). */
    public NDArray ravel() {
        return reshape(-1);
    }

    // ------------------------------------------------------------------ copies

    /** A C-contiguous copy. */
    public NDArray dup() {
        ensureOpen();
        NDArray out = empty(dtype, shape);
        CopyKernels.copy(this, out);
        return out;
    }

    /** This tensor if already C-contiguous (as a new handle), else a C-contiguous copy. */
    public NDArray contiguous() {
        return isContiguous() ? share() : dup();
    }

    /** A copy converted to {@code type} (a new handle on this memory if the type is the same). */
    public NDArray cast(DataType type) {
        if (type == dtype) {
            return share();
        }
        ensureOpen();
        NDArray out = empty(type, shape);
        CopyKernels.copy(this, out);
        return out;
    }

    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor. */
    public NDArray assign(NDArray src) {
        ensureWritable();
        CopyKernels.copy(src, this);
        return this;
    }

    /** Sets every element to {@code value}. */
    public NDArray fill(double value) {
        ensureWritable();
        try (NDArray s = scalarUnscoped(value)) {
            CopyKernels.copy(s, this);
        }
        return this;
    }

    private NDArray scalarUnscoped(double value) {
        NDArray s = empty(DataType.FLOAT64);
        Scope.forget(s);
        Raw.putDouble(s.address(), value);
        return s;
    }

    // ------------------------------------------------------------------ element access

    private long elementAddress(long[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("Expected " + shape.length + " indices for shape "
                    + Shapes.str(shape) + ", got " + index.length + ".");
        }
        long a = address();
        for (int d = 0; d < index.length; d++) {
            long i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("Index " + index[d] + " is out of bounds for"
                        + " axis " + d + " with size " + shape[d] + ".");
            }
            a += i * strides[d] * dtype.byteSize();
        }
        return a;
    }

    /** One element as a double (negative indices count from the end). */
    public double getDouble(long... index) {
        return Access.getDouble(dtype, elementAddress(index));
    }

    /** One element as a long. */
    public long getLong(long... index) {
        return Access.getLong(dtype, elementAddress(index));
    }

    /** Sets one element. */
    public void setDouble(double value, long... index) {
        ensureWritable();
        Access.putDouble(dtype, elementAddress(index), value);
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (size() != 1) {
            throw new ShapeException("item() needs exactly one element, this tensor has shape "
                    + Shapes.str(shape) + ".");
        }
        return Access.getDouble(dtype, elementAddress(new long[shape.length]));
    }

    /** All elements in C order, converted to float. */
    public float[] toFloatArray() {
        try (NDArray c = castContiguous(DataType.FLOAT32)) {
            float[] out = new float[Math.toIntExact(size())];
            JavaArrays.copyOut(c.address(), out);
            return out;
        }
    }

    /** All elements in C order, converted to double. */
    public double[] toDoubleArray() {
        try (NDArray c = castContiguous(DataType.FLOAT64)) {
            double[] out = new double[Math.toIntExact(size())];
            JavaArrays.copyOut(c.address(), out);
            return out;
        }
    }

    /** All elements in C order, converted to long. */
    public long[] toLongArray() {
        try (NDArray c = castContiguous(DataType.INT64)) {
            long[] out = new long[Math.toIntExact(size())];
            JavaArrays.copyOut(c.address(), out);
            return out;
        }
    }

    private NDArray castContiguous(DataType type) {
        NDArray c = type == dtype ? contiguous() : cast(type);
        Scope.forget(c);
        return c;
    }

    /** A vector's elements as float (the tensor must have one dimension). */
    public float[] toFloatVector() {
        if (shape.length != 1) {
            throw new ShapeException("toFloatVector needs a 1-d tensor, this one has shape "
                    + Shapes.str(shape) + "; use ravel() first.");
        }
        return toFloatArray();
    }

    /** A matrix's rows as float (the tensor must have two dimensions). */
    public float[][] toFloatMatrix() {
        requireMatrix("toFloatMatrix");
        return JavaArrays.rows(toFloatArray(), (int) shape[0], (int) shape[1]);
    }

    /** A matrix's rows as double (the tensor must have two dimensions). */
    public double[][] toDoubleMatrix() {
        requireMatrix("toDoubleMatrix");
        return JavaArrays.rows(toDoubleArray(), (int) shape[0], (int) shape[1]);
    }

    private void requireMatrix(String what) {
        if (shape.length != 2) {
            throw new ShapeException(what + " needs a 2-d tensor, this one has shape "
                    + Shapes.str(shape) + ".");
        }
    }

    // ------------------------------------------------------------------ element-wise

    /** {@code op(this)} as a new tensor. */
    public NDArray apply(UnaryOp op) {
        return ElementwiseKernels.unary(op, this);
    }

    /** {@code this = op(this)}. */
    public NDArray applyInPlace(UnaryOp op) {
        ensureWritable();
        ElementwiseKernels.unaryInPlace(op, this);
        return this;
    }

    /** {@code op(this, other)} with broadcasting and type promotion, as a new tensor. */
    public NDArray apply(BinaryOp op, NDArray other) {
        return ElementwiseKernels.binary(op, this, other);
    }

    /** {@code this = op(this, other)}; other broadcasts to this shape, result cast to dtype. */
    public NDArray applyInPlace(BinaryOp op, NDArray other) {
        ensureWritable();
        ElementwiseKernels.binaryInPlace(op, this, other);
        return this;
    }

    /**
     * {@code op(this, scalar)} (or {@code op(scalar, this)} when {@code reversed}). The scalar
     * is "weak" like a Python number in numpy: a float32 tensor stays float32.
     */
    public NDArray apply(BinaryOp op, double scalar, boolean reversed) {
        return ElementwiseKernels.binaryScalar(op, this, scalar, true, reversed);
    }

    /** Like {@link #apply(BinaryOp, double, boolean)} with an integer scalar. */
    public NDArray apply(BinaryOp op, long scalar, boolean reversed) {
        return ElementwiseKernels.binaryScalar(op, this, scalar, false, reversed);
    }

    /** {@code this = op(this, scalar)}. */
    public NDArray applyInPlace(BinaryOp op, double scalar) {
        ensureWritable();
        ElementwiseKernels.binaryScalarInPlace(op, this, scalar);
        return this;
    }

    public NDArray add(NDArray o) {
        return apply(BinaryOp.ADD, o);
    }

    public NDArray sub(NDArray o) {
        return apply(BinaryOp.SUB, o);
    }

    public NDArray mul(NDArray o) {
        return apply(BinaryOp.MUL, o);
    }

    public NDArray div(NDArray o) {
        return apply(BinaryOp.DIV, o);
    }

    public NDArray add(double s) {
        return apply(BinaryOp.ADD, s, false);
    }

    public NDArray sub(double s) {
        return apply(BinaryOp.SUB, s, false);
    }

    public NDArray mul(double s) {
        return apply(BinaryOp.MUL, s, false);
    }

    public NDArray div(double s) {
        return apply(BinaryOp.DIV, s, false);
    }

    public NDArray addi(NDArray o) {
        return applyInPlace(BinaryOp.ADD, o);
    }

    public NDArray subi(NDArray o) {
        return applyInPlace(BinaryOp.SUB, o);
    }

    public NDArray muli(NDArray o) {
        return applyInPlace(BinaryOp.MUL, o);
    }

    public NDArray divi(NDArray o) {
        return applyInPlace(BinaryOp.DIV, o);
    }

    public NDArray neg() {
        return apply(UnaryOp.NEG);
    }

    public NDArray exp() {
        return apply(UnaryOp.EXP);
    }

    public NDArray log() {
        return apply(UnaryOp.LOG);
    }

    public NDArray tanh() {
        return apply(UnaryOp.TANH);
    }

    public NDArray sigmoid() {
        return apply(UnaryOp.SIGMOID);
    }

    public NDArray relu() {
        return apply(UnaryOp.RELU);
    }

    /** Limits values to {@code [min, max]}; pass NaN for no bound on that side. */
    public NDArray clip(double min, double max) {
        return ElementwiseKernels.clip(this, min, max);
    }

    /** Elements of {@code x} where {@code condition} is true, else of {@code y} (broadcast). */
    public static NDArray where(NDArray condition, NDArray x, NDArray y) {
        return ElementwiseKernels.where(condition, x, y);
    }

    // ------------------------------------------------------------------ reductions

    /** Reduces over {@code axes} (all when empty); keeps them as size 1 when asked. */
    public NDArray reduce(ReduceOp op, int[] axes, boolean keepDims) {
        return ReduceKernels.reduce(op, this, axes, keepDims, 0);
    }

    /** Variance or standard deviation with {@code ddof} delta degrees of freedom. */
    public NDArray reduce(ReduceOp op, int[] axes, boolean keepDims, int ddof) {
        return ReduceKernels.reduce(op, this, axes, keepDims, ddof);
    }

    /** Sum over the given axes (all when none). */
    public NDArray sum(int... axes) {
        return reduce(ReduceOp.SUM, axes, false);
    }

    /** Mean over the given axes (all when none). */
    public NDArray mean(int... axes) {
        return reduce(ReduceOp.MEAN, axes, false);
    }

    /** Maximum over the given axes (all when none). */
    public NDArray max(int... axes) {
        return reduce(ReduceOp.MAX, axes, false);
    }

    /** Minimum over the given axes (all when none). */
    public NDArray min(int... axes) {
        return reduce(ReduceOp.MIN, axes, false);
    }

    /** Index of the maximum along {@code axis} (int64). */
    public NDArray argmax(int axis) {
        return ReduceKernels.argReduce(true, this, axis, false);
    }

    /** Index of the minimum along {@code axis} (int64). */
    public NDArray argmin(int axis) {
        return ReduceKernels.argReduce(false, this, axis, false);
    }

    /** Cumulative sum along {@code axis}. */
    public NDArray cumsum(int axis) {
        return ReduceKernels.cumsum(this, axis);
    }

    /** Softmax along {@code axis} (numerically stable). */
    public NDArray softmax(int axis) {
        return ReduceKernels.softmax(this, axis, false);
    }

    /** Log-softmax along {@code axis} (numerically stable). */
    public NDArray logSoftmax(int axis) {
        return ReduceKernels.softmax(this, axis, true);
    }

    // ------------------------------------------------------------------ linear algebra

    /** numpy's matmul: matrix product with batch broadcasting, through native BLAS. */
    public NDArray matmul(NDArray other) {
        return LinalgKernels.matmul(this, other);
    }

    /** numpy's dot. */
    public NDArray dot(NDArray other) {
        return LinalgKernels.dot(this, other);
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "NDArray(closed, " + dtype.numpyName() + ", shape=" + Shapes.str(shape) + ")";
        }
        return Formatting.format(this);
    }
}
