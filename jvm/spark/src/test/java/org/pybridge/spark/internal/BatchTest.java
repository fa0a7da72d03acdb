package org.pybridge.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.spark.LeakCheck;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** Joining the short last minibatches of several partitions. */
@ExtendWith(LeakCheck.class)
class BatchTest {
    /** A batch of {@code rows} rows of 2 features, numbered from {@code first}. */
    private static Batch rows(int first, int rows) {
        float[] f = new float[rows * 2];
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            f[2 * r] = first + r;
            f[2 * r + 1] = -(first + r);
            y[r] = first + r;
        }
        return new Batch(rows, f, null, y, 1);
    }

    @Test
    void rechunkKeepsEveryRowInOrderInFullBatches() {
        List<Batch> out = Batch.rechunk(List.of(rows(0, 3), rows(3, 1), rows(4, 4)), 3);
        assertEquals(List.of(3, 3, 2), out.stream().map(Batch::rows).toList());
        List<Double> labels = new ArrayList<>();
        for (Batch b : out) {
            try (NDArray x = b.features(new long[] {2}); NDArray y = b.labels(DataType.FLOAT64)) {
                for (int r = 0; r < b.rows(); r++) {
                    double id = y.getDouble(r);
                    labels.add(id);
                    assertArrayEquals(new double[] {id, 0.0 - id},
                            new double[] {x.getDouble(r, 0), x.getDouble(r, 1)});
                }
            }
        }
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), labels);
        assertEquals(List.of(), Batch.rechunk(List.of(), 4));
    }
}
