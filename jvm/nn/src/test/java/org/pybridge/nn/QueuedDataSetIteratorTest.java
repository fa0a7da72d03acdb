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
