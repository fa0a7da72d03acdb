package org.pybridge.tensor.internal;

/**
 * Walks the positions of a shape in C order while keeping one byte offset per operand, so
 * kernels that step through an outer index space (the kept axes of a reduction, the batch axes
 * of a matmul) never divide per step.
 *
 * <pre>{@code
 * IndexWalker w = new IndexWalker(shape, new long[][] {stridesA, stridesB}, start);
 * for (long i = start; i < end; i++, w.next()) {
 *     use(baseA + w.offset(0), baseB + w.offset(1));
 * }
 * }</pre>
 */
public final class IndexWalker {
    private final long[] shape;
    private final long[][] strides;
    private final long[] index;
    private final long[] offsets;

    /**
     * @param shape the index space (may be empty: a single position)
     * @param byteStrides per operand, per dimension of {@code shape}
     * @param start flat C-order position to begin at
     */
    public IndexWalker(long[] shape, long[][] byteStrides, long start) {
        this.shape = shape;
        this.strides = byteStrides;
        this.index = new long[shape.length];
        this.offsets = new long[byteStrides.length];
        long rem = start;
        for (int d = shape.length - 1; d >= 0 && rem > 0; d--) {
            index[d] = rem % shape[d];
            rem /= shape[d];
            for (int o = 0; o < offsets.length; o++) {
                offsets[o] += index[d] * byteStrides[o][d];
            }
        }
    }

    /** Byte offset of the current position for operand {@code operand}. */
    public long offset(int operand) {
        return offsets[operand];
    }

    /** Moves to the next position (wrapping to the first after the last). */
    public void next() {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d]++;
            for (int o = 0; o < offsets.length; o++) {
                offsets[o] += strides[o][d];
            }
            if (index[d] < shape[d]) {
                return;
            }
            for (int o = 0; o < offsets.length; o++) {
                offsets[o] -= shape[d] * strides[o][d];
            }
            index[d] = 0;
        }
    }
}
