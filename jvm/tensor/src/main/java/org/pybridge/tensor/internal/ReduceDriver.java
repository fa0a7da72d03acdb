package org.pybridge.tensor.internal;

import java.util.function.IntFunction;

/**
 * Walks a {@link ReducePlan} and feeds {@link Reducer}s, in parallel where the work is large.
 *
 * <p>Row-wise (the reduced axes are the fast ones, e.g. row sums or a full sum): each output
 * folds its runs of input; with few outputs, each output's runs are split across threads and the
 * partial results merged. Column-wise (a kept axis is the fast one, e.g. column sums of a C-order
 * matrix): a block of outputs is accumulated one input row at a time, so memory is read in
 * order instead of by strided walks.
 */
final class ReduceDriver {
    /**
     * Outputs per block in the column-wise layout: long enough that input rows are read in
     * long runs (short runs halve the memory throughput), short enough that the slots stay in
     * L1 cache.
     */
    static final int BLOCK = 2048;

    private final ReducePlan p;
    private final IntFunction<Reducer> factory;
    private final long outAddr;
    private final int outItem;
    private final long[] outerRedShape;
    private final long[][] outerRedStrides;

    private ReduceDriver(ReducePlan p, IntFunction<Reducer> factory, long outAddr, int outItem) {
        this.p = p;
        this.factory = factory;
        this.outAddr = outAddr;
        this.outItem = outItem;
        this.outerRedShape = p.outerRedShape();
        this.outerRedStrides = new long[][] {p.outerRedStrides()};
    }

    /**
     * Runs the reduction, writing {@code p.outputs} results contiguously at {@code outAddr}.
     *
     * @param factory makes a reducer with room for the given number of slots
     */
    static void run(ReducePlan p, IntFunction<Reducer> factory, long outAddr, int outItem) {
        ReduceDriver d = new ReduceDriver(p, factory, outAddr, outItem);
        if (p.columnWise) {
            d.columns();
        } else {
            d.rows();
        }
    }

    private static long work(long a, long b) {
        long w = a * b;
        return a != 0 && w / a != b ? Long.MAX_VALUE : w;
    }

    private void rows() {
        long m = p.outputs;
        long n = p.reduced;
        long work = work(m, Math.max(n, 1));
        int threads = Parallel.threads();
        if (m >= threads || work < 2 * Parallel.THRESHOLD) {
            long[][] kept = {p.keptStrides};
            Parallel.forRange(m, work, (from, to) -> {
                Reducer r = factory.apply(1);
                IndexWalker w = new IndexWalker(p.keptShape, kept, from);
                for (long o = from; o < to; o++, w.next()) {
                    r.reset(o, 1);
                    foldRange(r, p.base + w.offset(0), 0, n);
                    r.store(1, outAddr + o * outItem);
                }
            });
            return;
        }
        // Few outputs, each over many inputs: split each one's inputs across threads.
        IndexWalker w = new IndexWalker(p.keptShape, new long[][] {p.keptStrides}, 0);
        Reducer[] parts = new Reducer[threads];
        long step = (n + threads - 1) / threads;
        for (long o = 0; o < m; o++, w.next()) {
            long out = o;
            long rowBase = p.base + w.offset(0);
            Parallel.forRange(threads, work / m, (from, to) -> {
                for (int q = (int) from; q < to; q++) {
                    Reducer r = factory.apply(1);
                    r.reset(out, 1);
                    foldRange(r, rowBase, Math.min(n, q * step), Math.min(n, (q + 1) * step));
                    parts[q] = r;
                }
            });
            for (int q = 1; q < threads; q++) {
                parts[0].merge(parts[q], 1);
            }
            parts[0].store(1, outAddr + o * outItem);
        }
    }

    /** Folds reduced positions {@code [from, to)} (C order over the reduced axes) into slot 0. */
    private void foldRange(Reducer r, long base, long from, long to) {
        int last = p.redShape.length - 1;
        long inner = p.redShape[last];
        long is = p.redStrides[last];
        if (last == 0) {
            if (to > from) {
                r.foldRow(to - from, base + from * is, is);
            }
            return;
        }
        if (to <= from) {
            return;
        }
        IndexWalker w = new IndexWalker(outerRedShape, outerRedStrides, from / inner);
        long j = from % inner;
        for (long pos = from; pos < to; w.next()) {
            long len = Math.min(inner - j, to - pos);
            r.foldRow(len, base + w.offset(0) + j * is, is);
            pos += len;
            j = 0;
        }
    }

    private void columns() {
        int lastKept = p.keptShape.length - 1;
        long kn = p.keptShape[lastKept];
        long ks = p.keptStrides[lastKept];
        long outer = p.outerOutputs();
        long blocks = (kn + BLOCK - 1) / BLOCK;
        long tasks = outer * blocks;
        long n = p.reduced;
        long work = work(p.outputs, n);
        long[] outerShape = p.outerKeptShape();
        long[][] outerStrides = {p.outerKeptStrides()};
        int threads = Parallel.threads();
        if (tasks >= threads || work < 2 * Parallel.THRESHOLD) {
            Parallel.forRange(tasks, work, (from, to) -> {
                Reducer r = factory.apply(BLOCK);
                for (long t = from; t < to; t++) {
                    long o = t / blocks;
                    long j0 = (t % blocks) * BLOCK;
                    int len = (int) Math.min(BLOCK, kn - j0);
                    long rowBase = p.base + new IndexWalker(outerShape, outerStrides, o).offset(0)
                            + j0 * ks;
                    r.reset(o * kn + j0, len);
                    addRange(r, rowBase, len, ks, 0, n);
                    r.store(len, outAddr + (o * kn + j0) * outItem);
                }
            });
            return;
        }
        // Few blocks of outputs over many input rows: split the rows across threads.
        Reducer[] parts = new Reducer[threads];
        long step = (n + threads - 1) / threads;
        for (long t = 0; t < tasks; t++) {
            long o = t / blocks;
            long j0 = (t % blocks) * BLOCK;
            int len = (int) Math.min(BLOCK, kn - j0);
            long first = o * kn + j0;
            long rowBase = p.base + new IndexWalker(outerShape, outerStrides, o).offset(0)
                    + j0 * ks;
            Parallel.forRange(threads, work / tasks, (from, to) -> {
                for (int q = (int) from; q < to; q++) {
                    Reducer r = factory.apply(len);
                    r.reset(first, len);
                    addRange(r, rowBase, len, ks, Math.min(n, q * step),
                            Math.min(n, (q + 1) * step));
                    parts[q] = r;
                }
            });
            for (int q = 1; q < threads; q++) {
                parts[0].merge(parts[q], len);
            }
            parts[0].store(len, outAddr + first * outItem);
        }
    }

    /** Adds input rows at reduced positions {@code [from, to)} into slots {@code 0..len-1}. */
    private void addRange(Reducer r, long rowBase, int len, long stride, long from, long to) {
        if (to <= from) {
            return;
        }
        IndexWalker w = new IndexWalker(p.redShape, new long[][] {p.redStrides}, from);
        for (long pos = from; pos < to; pos++, w.next()) {
            r.addRow(len, rowBase + w.offset(0), stride);
        }
    }
}
