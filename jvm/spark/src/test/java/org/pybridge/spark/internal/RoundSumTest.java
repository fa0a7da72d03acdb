package org.pybridge.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.spark.LeakCheck;

/** The tree-aggregation arithmetic, without Spark. */
@ExtendWith(LeakCheck.class)
class RoundSumTest {
    private static final WorkerInfo HERE = new WorkerInfo("0", "localhost", 1);

    private static WorkerResult worker(int partition, float... state) {
        return new WorkerResult(partition, StateVector.of(state), 2, 10, 1.5, 1, 5,
                100 + partition, HERE);
    }

    private static WorkerResult idle(int partition) {
        return new WorkerResult(partition, null, 0, 0, 0, 0, 0, 0, HERE);
    }

    @Test
    void oneWorkersMeanIsItsStateUnchanged() {
        WorkerResult w = worker(0, 0.1f, 1e-8f, 3.3333333f);
        RoundSum s = RoundSum.add(RoundSum.add(new RoundSum(), idle(1)), w);
        assertSame(w.state(), s.mean());
        assertEquals(1, s.workers());
        assertEquals(2, s.records().size());
    }

    @Test
    void anyTreeShapeGivesTheMeanOfTheWorkers() {
        RoundSum left = RoundSum.add(RoundSum.add(new RoundSum(), worker(2, 1, 2)),
                worker(0, 3, 4));
        RoundSum right = RoundSum.add(RoundSum.add(new RoundSum(), idle(3)), worker(1, 5, 9));
        RoundSum all = RoundSum.merge(RoundSum.merge(new RoundSum(), left), right);
        assertArrayEquals(new float[] {3, 5}, all.mean().floats());
        assertEquals(3, all.workers());
        assertEquals(30, all.examples());
        assertEquals(2, all.maxIterations());
        assertEquals(1.5 * 3 / 6, all.meanScore(), 1e-12);
        assertEquals(100, all.firstRandomPosition(), "partition 0's stream position");
        assertEquals(4, all.records().size());
        RoundSum singles = RoundSum.merge(RoundSum.add(new RoundSum(), worker(0, 1, 2)),
                RoundSum.add(new RoundSum(), worker(1, 2, 3)));
        assertArrayEquals(new float[] {1.5f, 2.5f}, singles.mean().floats());
    }

    @Test
    void noWorkerNoMeanAndMismatchedStatesRefused() {
        assertNull(RoundSum.add(new RoundSum(), idle(0)).mean());
        RoundSum s = RoundSum.add(new RoundSum(), worker(0, 1, 2));
        assertThrows(IllegalStateException.class, () -> RoundSum.add(s, worker(1, 1, 2, 3)));
    }

    @Test
    void sumOfResultsAtHandEqualsTheTreeSum() {
        java.util.List<WorkerResult> rs = java.util.List.of(worker(1, 5, 9), idle(2),
                worker(0, 3, 4.5f), worker(3, 1, 2));
        RoundSum tree = new RoundSum();
        for (WorkerResult r : rs) {
            tree = RoundSum.add(tree, r);
        }
        RoundSum local = RoundSum.of(rs);
        assertArrayEquals(tree.mean().floats(), local.mean().floats());
        assertEquals(tree.workers(), local.workers());
        assertEquals(tree.examples(), local.examples());
        assertEquals(tree.firstRandomPosition(), local.firstRandomPosition());
        assertEquals(4, local.records().size());
        RoundSum two = RoundSum.of(java.util.List.of(worker(0, 1, 2), worker(1, 2, 3.5f)));
        assertArrayEquals(new float[] {1.5f, 2.75f}, two.mean().floats());
        WorkerResult w = worker(0, 7, 8);
        assertSame(w.state(), RoundSum.of(java.util.List.of(w, idle(1))).mean());
        assertNull(RoundSum.of(java.util.List.of(idle(0))).mean());
        assertThrows(IllegalStateException.class,
                () -> RoundSum.of(java.util.List.of(worker(0, 1), worker(1, 1, 2))));
    }
}
