package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.tensor.internal.GradientKernels;
import org.pybridge.tensor.internal.Raw;

/** The fused ReLU backward against where(x > 0, g, 0), and ForeignMemory's shared release. */
@ExtendWith(LeakCheck.class)
class FusedKernelsTest {

    @Test
    void reluBackwardMatchesWhereIncludingNanAndLargeParallelArrays() {
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            for (int n : new int[] {7, 300_001}) {
                Scope s = Scope.open();
                try {
                    NDArray x = TestArrays.randomReals(t, 1, n);
                    x.setDouble(Double.NaN, 0);
                    x.setDouble(0.0, 1);
                    x.setDouble(-0.0, 2);
                    x.setDouble(Double.POSITIVE_INFINITY, 4);
                    x.setDouble(Double.NEGATIVE_INFINITY, 5);
                    x.setDouble(t == DataType.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE, 6);
                    NDArray g = TestArrays.randomReals(t, 2, n);
                    g.setDouble(Double.NaN, 3);
                    NDArray fused = GradientKernels.reluBackward(x, g);
                    NDArray zero = NDArray.scalar(0.0, t);
                    NDArray want = NDArray.where(x.apply(BinaryOp.GT, 0.0, false), g, zero);
                    assertEquals(t, fused.dtype());
                    assertArrayEquals(want.toDoubleArray(), fused.toDoubleArray(), t + " " + n);
                } finally {
                    s.close();
                }
            }
        }
    }

    @Test
    void reluBackwardLeavesOtherLayoutsToTheGeneralPath() {
        Scope s = Scope.open();
        try {
            NDArray x = TestArrays.randomReals(DataType.FLOAT32, 1, 4, 6);
            NDArray g = TestArrays.randomReals(DataType.FLOAT32, 2, 6, 4).transpose();
            assertNull(GradientKernels.reluBackward(x, g));
            NDArray g64 = TestArrays.randomReals(DataType.FLOAT64, 3, 4, 6);
            assertNull(GradientKernels.reluBackward(x, g64));
        } finally {
            s.close();
        }
    }

    @Test
    void foreignMemoryCallsTheSharedListenerOnceWithItsToken() {
        List<Long> released = new ArrayList<>();
        long address = Raw.allocate(64);
        try {
            Raw.putFloat(address, 2.5f);
            NDArray t = ForeignMemory.wrap(address, DataType.FLOAT32, new long[] {2, 2},
                    new long[] {8, 4}, true, released::add, 42L);
            NDArray view = t.share();
            assertEquals(2.5, t.getDouble(0, 0));
            assertEquals(true, t.isReadOnly());
            t.close();
            assertEquals(List.of(), released, "a view still uses the memory");
            view.close();
            assertEquals(List.of(42L), released);
        } finally {
            Raw.free(address);
        }
        assertThrows(IllegalArgumentException.class, () -> ForeignMemory.wrap(address,
                DataType.FLOAT32, new long[] {1}, new long[] {4}, true, null, 1L));
    }

    @Test
    void exportLendsAnUnscopedHandleUntilReleased() {
        long before = Memory.openTensors();
        NDArray t = NDArray.create(new float[] {1, 2, 3}, 3);
        long[] info;
        Scope s = Scope.open();
        try {
            info = ForeignMemory.export(t);
        } finally {
            s.close();
        }
        assertEquals(3, info.length);
        assertEquals(t.address(), info[1]);
        assertEquals(0, info[2]);
        t.close();
        // the scope and the original are closed; the lent handle keeps the memory
        assertEquals(2.0f, Raw.getFloat(info[1] + 4));
        assertEquals(before + 1, Memory.openTensors());
        ForeignMemory.release(info[0]);
        ForeignMemory.release(info[0]);
        assertEquals(before, Memory.openTensors());
        assertThrows(ClosedTensorException.class, () -> ForeignMemory.export(t));
    }
}
