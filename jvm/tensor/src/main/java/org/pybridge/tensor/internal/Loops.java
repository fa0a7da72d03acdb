package org.pybridge.tensor.internal;

/**
 * Drives a kernel over any number of strided operands that share one (already broadcast) shape.
 *
 * <p>Dimensions are first coalesced (adjacent dimensions that are contiguous for every operand
 * merge into one, size-1 dimensions vanish), so a contiguous array of any rank becomes a single
 * row. The kernel then sees rows: {@code row(n, addr, stride)} where {@code addr[k]} is operand
 * k's address of the row's first element and {@code stride[k]} its byte stride along the row.
 * Large iterations are split into flat chunks and run in parallel; a chunk may start or end
 * mid-row, which the driver handles.
 */
public final class Loops {
    /** The inner loop: {@code n} elements per operand, starting at {@code addr[k]}. */
    @FunctionalInterface
    public interface Row {
        void row(long n, long[] addr, long[] stride);
    }

    private Loops() {
    }

    /**
     * Runs {@code body} over every element.
     *
     * @param shape the common shape
     * @param base address of element (0,..,0) for each operand
     * @param byteStrides per operand, per dimension, in bytes (0 for broadcast dimensions)
     * @param parallel whether large iterations may use several threads (false when the body
     *     keeps state such as an accumulator)
     */
    public static void run(long[] shape, long[] base, long[][] byteStrides, boolean parallel,
            Row body) {
        int k = base.length;
        // coalesce
        long[] cs = new long[shape.length];
        long[][] ct = new long[k][shape.length];
        int nd = 0;
        long total = 1;
        for (int d = 0; d < shape.length; d++) {
            long len = shape[d];
            total *= len;
            if (len == 1) {
                continue;
            }
            if (nd > 0) {
                boolean merge = true;
                for (int o = 0; o < k; o++) {
                    if (ct[o][nd - 1] != byteStrides[o][d] * len) {
                        merge = false;
                        break;
                    }
                }
                if (merge) {
                    cs[nd - 1] *= len;
                    for (int o = 0; o < k; o++) {
                        ct[o][nd - 1] = byteStrides[o][d];
                    }
                    continue;
                }
            }
            cs[nd] = len;
            for (int o = 0; o < k; o++) {
                ct[o][nd] = byteStrides[o][d];
            }
            nd++;
        }
        if (total == 0) {
            return;
        }
        if (nd == 0) {
            long[] stride = new long[k];
            body.row(1, base.clone(), stride);
            return;
        }
        final int dims = nd;
        final long[] fshape = java.util.Arrays.copyOf(cs, dims);
        final long[][] fstr = new long[k][];
        for (int o = 0; o < k; o++) {
            fstr[o] = java.util.Arrays.copyOf(ct[o], dims);
        }
        final long n = total;
        if (!parallel) {
            chunk(fshape, base, fstr, 0, n, body);
        } else {
            Parallel.forRange(n, n, (from, to) -> chunk(fshape, base, fstr, from, to, body));
        }
    }

    /** Elements {@code [from, to)} of the flat C-order iteration. */
    private static void chunk(long[] shape, long[] base, long[][] strides, long from, long to,
            Row body) {
        int k = base.length;
        int nd = shape.length;
        long inner = shape[nd - 1];
        long[] idx = new long[nd];
        long rem = from;
        for (int d = nd - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        long[] addr = new long[k];
        long[] rowStride = new long[k];
        for (int o = 0; o < k; o++) {
            long a = base[o];
            for (int d = 0; d < nd; d++) {
                a += idx[d] * strides[o][d];
            }
            addr[o] = a;
            rowStride[o] = strides[o][nd - 1];
        }
        long[] start = new long[k];
        long pos = from;
        while (pos < to) {
            long n = Math.min(inner - idx[nd - 1], to - pos);
            System.arraycopy(addr, 0, start, 0, k);
            body.row(n, start, rowStride);
            pos += n;
            if (pos >= to) {
                break;
            }
            // advance to the start of the next row
            for (int o = 0; o < k; o++) {
                addr[o] += (n - 1) * strides[o][nd - 1];
            }
            idx[nd - 1] += n - 1;
            int d = nd - 1;
            while (true) {
                idx[d]++;
                for (int o = 0; o < k; o++) {
                    addr[o] += strides[o][d];
                }
                if (idx[d] < shape[d] || d == 0) {
                    break;
                }
                for (int o = 0; o < k; o++) {
                    addr[o] -= shape[d] * strides[o][d];
                }
                idx[d] = 0;
                d--;
            }
        }
    }
}
