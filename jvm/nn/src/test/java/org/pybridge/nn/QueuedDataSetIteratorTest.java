package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** The producer/consumer queue that feeds {@link MultiLayerNetwork#fit} from another thread. */
@ExtendWith(LeakCheck.class)
class QueuedDataSetIteratorTest {

    private static DataSet batch(double value) {
        return new DataSet(NDArray.full(DataType.FLOAT32, value, 2, 1),
                NDArray.full(DataType.FLOAT32, value, 2, 1));
    }

    private static List<Double> pass(QueuedDataSetIterator q) {
        List<Double> seen = new ArrayList<>();
        while (q.hasNext()) {
            try (DataSet b = q.next()) {
                seen.add(b.features().getDouble(0, 0));
            }
        }
        return seen;
    }

    @Test
    void passesComeInOrderSeparatedByEndMarkers() throws Exception {
        try (QueuedDataSetIterator q = new QueuedDataSetIterator(8)) {
            q.put(batch(1));
            q.put(batch(2));
            q.endEpoch();
            q.put(batch(3));
            q.endEpoch();
            q.finish();
            assertEquals(List.of(1.0, 2.0), pass(q));
            assertFalse(q.hasNext(), "stays at the end marker until reset");
            assertThrows(NoSuchElementException.class, q::next);
            q.reset();
            assertEquals(List.of(3.0), pass(q));
            q.reset();
            assertFalse(q.hasNext(), "finished: nothing more, and no blocking");
            q.reset();
            assertFalse(q.hasNext());
        }
    }

    @Test
    void aSplitRunArrivesAsViewBatchesAndItsMemoryLivesUntilTheLastIsClosed() throws Exception {
        NDArray x = NDArray.zeros(DataType.FLOAT32, 7, 2);
        NDArray y = NDArray.zeros(DataType.FLOAT32, 7);
        NDArray mask = NDArray.zeros(DataType.FLOAT32, 7);
        for (int i = 0; i < 7; i++) {
            x.setDouble(i, i, 0);
            x.setDouble(10 * i, i, 1);
            y.setDouble(100 * i, i);
            mask.setDouble(i % 2, i);
        }
        try (QueuedDataSetIterator q = new QueuedDataSetIterator(8)) {
            assertTrue(q.putSplit(new DataSet(x, y, null, mask), 3));
            q.endEpoch();
            List<DataSet> got = new ArrayList<>();
            while (q.hasNext()) {
                got.add(q.next());
            }
            assertEquals(List.of(3L, 3L, 1L), got.stream().map(DataSet::numExamples).toList());
            assertTrue(x.isClosed(), "the run itself is closed; its views keep the memory");
            got.get(0).close();
            got.get(1).close();
            DataSet last = got.get(2);
            assertEquals(6.0, last.features().getDouble(0, 0));
            assertEquals(60.0, last.features().getDouble(0, 1));
            assertEquals(600.0, last.labels().getDouble(0));
            assertEquals(0.0, last.labelsMask().getDouble(0));
            assertEquals(null, last.featuresMask());
            last.close();
        }
    }

    @Test
    void aSplitRunGoesInWholeOnceThereIsRoom() throws Exception {
        try (QueuedDataSetIterator q = new QueuedDataSetIterator(1)) {
            // no consumer yet: a run of three batches still goes in, in one step
            assertTrue(q.putSplit(new DataSet(NDArray.zeros(DataType.FLOAT32, 7, 1),
                    NDArray.zeros(DataType.FLOAT32, 7, 1)), 3));
            Thread producer = new Thread(() -> {
                try {
                    q.putSplit(batch(2), 1);  // waits: the queue is past its capacity
                    q.endEpoch();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            producer.join(200);
            assertTrue(producer.isAlive(), "the second run waits for room");
            List<Long> sizes = new ArrayList<>();
            while (q.hasNext()) {
                try (DataSet b = q.next()) {
                    sizes.add(b.numExamples());
                }
            }
            producer.join(10_000);
            assertFalse(producer.isAlive());
            assertEquals(List.of(3L, 3L, 1L, 1L, 1L), sizes);  // 7 rows by 3, then 2 by 1
        }
    }

    @Test
    void aSplitIntoAClosedQueueClosesTheRunAndRejectsBadSizes() throws Exception {
        QueuedDataSetIterator q = new QueuedDataSetIterator(1);
        DataSet bad = batch(1);
        assertThrows(IllegalArgumentException.class, () -> q.putSplit(bad, 0));
        assertTrue(bad.features().isClosed(), "a rejected run is closed, not leaked");
        q.close();
        DataSet run = batch(2);
        assertFalse(q.putSplit(run, 1));
        assertTrue(run.features().isClosed());
        try (DataSet b = batch(3)) {
            assertThrows(IllegalArgumentException.class, () -> b.rows(1, 3));
        }
    }

    @Test
    void resetRightAfterTheStartDoesNothingAndMidPassSkipsTheRest() throws Exception {
        try (QueuedDataSetIterator q = new QueuedDataSetIterator(8)) {
            q.reset();
            q.put(batch(1));
            q.put(batch(2));
            q.endEpoch();
            q.put(batch(3));
            q.endEpoch();
            assertTrue(q.hasNext());
            q.reset(); // leaves pass one early: its batches are closed, pass two follows
            assertEquals(List.of(3.0), pass(q));
        }
    }

    @Test
    void trainsLikeTheArrayIteratorAcrossEpochs() throws Exception {
        NDArray[] data = MultiLayerNetworkTest.spiral(20, 12);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork a = new MultiLayerNetwork(MultiLayerNetworkTest.classifier(8,
                        0));
                MultiLayerNetwork b = new MultiLayerNetwork(MultiLayerNetworkTest.classifier(8,
                        0));
                QueuedDataSetIterator q = new QueuedDataSetIterator(2)) {
            long n = x.shape(0);
            Thread feeder = new Thread(() -> {
                try {
                    for (int e = 0; e < 3; e++) {
                        for (long s = 0; s < n; s += 16) {
                            long end = Math.min(n, s + 16);
                            q.put(new DataSet(x.slice(0, s, end, 1), y.slice(0, s, end, 1)));
                        }
                        q.endEpoch();
                    }
                    q.finish();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            feeder.start();
            a.fit(x, y, 3, 16, false);
            b.fit(q, 3);
            feeder.join();
            try (NDArray pa = a.output(x); NDArray pb = b.output(x)) {
                assertArrayEquals(pa.toFloatArray(), pb.toFloatArray());
            }
            assertEquals(a.getIterationCount(), b.getIterationCount());
            assertEquals(3, b.getEpochCount());
            assertEquals(0, q.queuedBatches());
            assertTrue(q.waitSeconds() >= 0);
        }
    }

    @Test
    void aFailureIsThrownToTheConsumerInItsPlace() throws Exception {
        try (QueuedDataSetIterator q = new QueuedDataSetIterator(4)) {
            q.put(batch(1));
            q.fail("bad batch 2");
            assertTrue(q.hasNext());
            q.next().close();
            IllegalStateException e = assertThrows(IllegalStateException.class, q::hasNext);
            assertEquals("bad batch 2", e.getMessage());
            assertThrows(IllegalStateException.class, q::hasNext, "fails again, no blocking");
        }
    }

    @Test
    void closeReleasesQueuedBatchesAndWakesTheProducer() throws Exception {
        QueuedDataSetIterator q = new QueuedDataSetIterator(2);
        AtomicBoolean accepted = new AtomicBoolean(true);
        q.put(batch(1));
        q.put(batch(2));
        assertTrue(q.hasNext(), "one batch taken ahead by the consumer");
        q.put(batch(3));
        assertEquals(3, q.queuedBatches());
        Thread producer = new Thread(() -> {
            try {
                accepted.set(q.put(batch(4))); // blocks: the queue is full
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        producer.join(200);
        assertTrue(producer.isAlive(), "the producer waits for room");
        q.close();
        producer.join(5000);
        assertFalse(producer.isAlive());
        assertFalse(accepted.get(), "a put after close is refused (and its batch closed)");
        assertFalse(q.put(batch(5)));
        assertFalse(q.endEpoch());
        assertTrue(q.isClosed());
        assertThrows(IllegalStateException.class, q::hasNext);
        q.close();
    }

    @Test
    void theConsumerWaitIsMeasured() throws Exception {
        try (QueuedDataSetIterator q = new QueuedDataSetIterator(1)) {
            Thread producer = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    q.put(batch(1));
                    q.endEpoch();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            assertEquals(List.of(1.0), pass(q));
            producer.join();
            assertTrue(q.waitSeconds() >= 0.05, "waited ~0.1 s, got " + q.waitSeconds());
        }
        assertThrows(IllegalArgumentException.class, () -> new QueuedDataSetIterator(0));
    }
}
