package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class NDArrayCoreTest {

    @Test
    void allocationIsAlignedAndAccounted() {
        long before = Memory.used();
        try (NDArray a = NDArray.zeros(DataType.FLOAT32, 3, 5)) {
            assertEquals(0, a.address() % 64);
            assertEquals(before + 60, Memory.used());
            assertEquals(0.0, a.getDouble(2, 4));
        }
        assertEquals(before, Memory.used());
    }

    @Test
    void closedTensorRaisesInsteadOfCrashing() {
        NDArray a = NDArray.ones(DataType.FLOAT64, 4);
        a.close();
        a.close();
        assertTrue(a.isClosed());
        assertThrows(ClosedTensorException.class, () -> a.getDouble(0));
        assertThrows(ClosedTensorException.class, a::address);
        assertThrows(ClosedTensorException.class, () -> a.reshape(2, 2));
        assertThrows(ClosedTensorException.class, a::dup);
        assertThrows(ClosedTensorException.class, () -> a.cast(DataType.INT32));
        assertThrows(ClosedTensorException.class, () -> a.add(1.0));
        assertThrows(ClosedTensorException.class, () -> a.sum());
    }

    @Test
    void viewsOutliveTheirBase() {
        NDArray a = NDArray.create(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        NDArray t = a.transpose();
        a.close();
        assertEquals(6.0, t.getDouble(2, 1));
        assertEquals(3.0, t.getDouble(2, 0));
        t.close();
    }

    @Test
    void slicingFollowsPythonRules() {
        try (NDArray a = NDArray.arange(0, 10, 1, DataType.INT64);
             NDArray s = a.slice(0, Long.MIN_VALUE, Long.MIN_VALUE, -3);
             NDArray e = a.slice(0, 20, 30, 1);
             NDArray m = a.slice(0, -4, -1, 1)) {
            assertArrayEquals(new long[] {9, 6, 3, 0}, s.toLongArray());
            assertEquals(0, e.size());
            assertArrayEquals(new long[] {6, 7, 8}, m.toLongArray());
        }
    }

    @Test
    void reshapeIsAViewWhenLayoutAllows() {
        try (NDArray a = NDArray.arange(0, 24, 1, DataType.FLOAT32);
             NDArray b = a.reshape(2, 3, 4);
             NDArray t = b.permute(1, 0, 2);
             NDArray v = t.reshape(3, 8);
             NDArray r = b.transpose();
             NDArray c = r.reshape(-1)) {
            assertTrue(b.sharesMemoryWith(a));
            assertFalse(v.sharesMemoryWith(a));
            assertFalse(c.sharesMemoryWith(a));
            assertEquals(b.getDouble(1, 2, 3), r.getDouble(3, 2, 1));
            assertEquals(12.0, v.getDouble(0, 4));
            assertEquals(12.0, c.getDouble(1));
        }
    }

    @Test
    void scopeClosesEverythingButDetached() {
        long before = Memory.openTensors();
        NDArray kept;
        try (Scope scope = Scope.open()) {
            NDArray.ones(DataType.FLOAT32, 100);
            Scope inner = Scope.open();
            NDArray.zeros(DataType.INT8, 10);
            assertEquals(1, inner.size());
            inner.close();
            kept = scope.detach(NDArray.full(DataType.INT32, 7, 3));
        }
        assertEquals(before + 1, Memory.openTensors());
        assertEquals(7, kept.getLong(2));
        kept.close();
    }

    @Test
    void limitGivesClearError() {
        long old = Memory.limit();
        Memory.setLimit(Memory.used() + 1000);
        try {
            TensorOutOfMemoryException e = assertThrows(TensorOutOfMemoryException.class,
                    () -> NDArray.empty(DataType.FLOAT64, 1000));
            assertTrue(e.getMessage().contains("off-heap limit"), e.getMessage());
        } finally {
            Memory.setLimit(old);
        }
    }

    @Test
    void castAndHalfPrecisionRoundTrip() {
        try (NDArray a = NDArray.create(new float[] {1.5f, -2.25f, 65504f, 1e-7f});
             NDArray h = a.cast(DataType.FLOAT16);
             NDArray b = a.cast(DataType.BFLOAT16);
             NDArray back = h.cast(DataType.FLOAT32)) {
            assertEquals(1.5, back.getDouble(0));
            assertEquals(-2.25, back.getDouble(1));
            assertEquals(65504.0, back.getDouble(2));
            assertEquals(1.5, b.getDouble(0));
        }
    }

    @Test
    void outOfRangeIndexIsClear() {
        try (NDArray a = NDArray.zeros(DataType.FLOAT32, 2, 3)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> a.getDouble(0, 3));
            assertTrue(e.getMessage().contains("axis 1 with size 3"), e.getMessage());
        }
    }

    @Test
    void tensorOverTwoGibibytes() {
        long n = (1L << 31) + 64; // bytes of int8: past ByteBuffer's reach
        try (NDArray a = NDArray.empty(DataType.INT8, n)) {
            a.setDouble(7, n - 1);
            a.setDouble(3, 0);
            assertEquals(7, a.getLong(n - 1));
            try (NDArray tail = a.slice(0, n - 2, Long.MIN_VALUE, 1)) {
                assertEquals(7, tail.getLong(1));
            }
        }
    }

    @Test
    void cleanerFreesForgottenTensors() throws InterruptedException {
        long before = Memory.used();
        long beforeTensors = Memory.openTensors();
        for (int i = 0; i < 8; i++) {
            NDArray.zeros(DataType.FLOAT32, 256, 1024); // dropped without close()
        }
        assertTrue(Memory.used() >= before + 8L * 1024 * 1024);
        for (int i = 0; i < 100 && Memory.used() > before; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, Memory.used());
        assertEquals(beforeTensors, Memory.openTensors());
    }

    @Test
    void wrappedMemoryIsReleasedOnceWhenTheLastViewCloses() {
        try (NDArray owner = NDArray.arange(0, 6, 1, DataType.FLOAT64)) {
            int[] released = {0};
            NDArray w = NDArray.wrap(owner.address(), DataType.FLOAT64, new long[] {2, 3},
                    new long[] {24, 8}, true, () -> released[0]++);
            NDArray col = w.select(1, 2);
            w.close();
            assertEquals(0, released[0]);
            assertEquals(5.0, col.getDouble(1));
            assertThrows(ReadOnlyTensorException.class, () -> col.setDouble(1, 0));
            col.close();
            assertEquals(1, released[0]);
        }
    }

    @Test
    void negativeStridesWrapInsideTheBlock() {
        try (NDArray owner = NDArray.arange(0, 4, 1, DataType.INT32)) {
            // numpy's a[::-1]: data pointer at the last element, stride -4 bytes
            try (NDArray r = NDArray.wrap(owner.address() + 12, DataType.INT32, new long[] {4},
                    new long[] {-4}, false, null)) {
                assertArrayEquals(new long[] {3, 2, 1, 0}, r.toLongArray());
            }
        }
    }

    @Test
    void freedLargeBlocksAreReusedAndCountAgainstTheLimit() {
        Memory.releaseCache();
        long address;
        try (NDArray a = NDArray.empty(DataType.FLOAT32, 1 << 20)) {
            address = a.address();
        }
        assertEquals(4L << 20, Memory.info().cached());
        long step;
        try (NDArray act = NDArray.empty(DataType.FLOAT32, 128, 1000)) { // an MLP activation
            step = act.address();
        }
        try (NDArray again = NDArray.empty(DataType.FLOAT32, 128, 1000)) {
            assertEquals(step, again.address(), "512 KB blocks are reused, not page-faulted in");
        }
        Memory.releaseCache();
        try (NDArray a = NDArray.empty(DataType.FLOAT32, 1 << 20)) {
            address = a.address();
        }
        assertEquals(4L << 20, Memory.info().cached());
        try (NDArray b = NDArray.zeros(DataType.FLOAT32, 1 << 20)) {
            assertEquals(address, b.address());
            assertEquals(0.0, b.getDouble(12345));
            assertEquals(0L, Memory.info().cached());
        }
        long old = Memory.limit();
        Memory.setLimit(Memory.used() + (5L << 20));
        try (NDArray c = NDArray.empty(DataType.INT8, 2L << 20)) {
            assertEquals(0L, Memory.info().cached(), "cache emptied when the limit is near");
            assertTrue(c.size() > 0);
        } finally {
            Memory.setLimit(old);
            Memory.releaseCache();
        }
    }

    @Test
    void unscopedWorkAndEscapedTensorsOutliveTheScope() {
        NDArray made;
        NDArray escaped;
        try (Scope scope = Scope.open()) {
            made = Scope.unscoped(() -> NDArray.ones(DataType.FLOAT32, 4));
            assertEquals(scope, Scope.current());
            escaped = Scope.escape(NDArray.zeros(DataType.FLOAT32, 4));
            assertEquals(0, scope.size());
        }
        assertFalse(made.isClosed());
        assertFalse(escaped.isClosed());
        made.close();
        escaped.close();
    }
}
