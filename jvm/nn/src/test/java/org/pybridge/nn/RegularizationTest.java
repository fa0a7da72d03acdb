package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** L1/L2 gradient terms, decoupled weight decay, the score term and the JSON form. */
@ExtendWith(LeakCheck.class)
class RegularizationTest {

    @Test
    void l1AndL2AreAddedToTheGradientOfWeightsOnly() {
        Regularization reg = new Regularization(0.1, 0.5, 0, false);
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDArray src = NDArray.create(new double[] {2, -1, 0, 4}, 4);
                    NDArray p = NDArray.empty(t, 4).assign(src);
                    NDArray g = NDArray.ones(t, 4);
                    NDArray gb = NDArray.ones(t, 4)) {
                reg.addToGradient(p, g, false);
                assertArrayEquals(new double[] {1 + 0.1 + 1, 1 - 0.1 - 0.5, 1, 1 + 0.1 + 2},
                        g.toDoubleArray(), 1e-6);
                reg.addToGradient(p, gb, true);
                assertArrayEquals(new double[] {1, 1, 1, 1}, gb.toDoubleArray());
                new Regularization(0.1, 0.5, 0, true).addToGradient(p, gb, true);
                assertArrayEquals(g.toDoubleArray(), gb.toDoubleArray(), 1e-6);
            }
        }
    }

    @Test
    void weightDecayScalesByOneMinusLrTimesDecay() {
        Regularization reg = Regularization.weightDecay(0.5);
        try (NDArray p = NDArray.create(new float[] {2, -4}, 2);
                NDArray b = NDArray.create(new float[] {2, -4}, 2);
                NDArray d = NDArray.create(new double[] {2, -4}, 2)) {
            reg.applyWeightDecay(p, 0.1, false);
            reg.applyWeightDecay(b, 0.1, true);
            reg.applyWeightDecay(d, Double.NaN, false);
            assertArrayEquals(new double[] {1.9, -3.8}, p.toDoubleArray(), 1e-6);
            assertArrayEquals(new double[] {2, -4}, b.toDoubleArray());
            assertArrayEquals(new double[] {1, -2}, d.toDoubleArray(), 1e-15);
        }
    }

    @Test
    void scoreIsL1NormPlusHalfL2SquaredNorm() {
        Regularization reg = new Regularization(0.1, 0.5, 7, false);
        try (NDArray p = NDArray.create(new float[] {3, -4}, 2);
                NDArray h = p.cast(DataType.FLOAT16)) {
            assertEquals(0.1 * 7 + 0.25 * 25, reg.score(p, false), 1e-12);
            assertEquals(0.1 * 7 + 0.25 * 25, reg.score(h, false), 1e-12);
            assertEquals(0, reg.score(p, true));
            assertEquals(0, Regularization.NONE.score(p, false));
        }
    }

    @Test
    void jsonRoundTripsAndRejectsUnknownKeys() {
        Regularization reg = new Regularization(0.001, 0.0001, 0.01, true);
        String text = Json.write(reg.toJson(), false);
        assertEquals("{\"l1\": 0.001, \"l2\": 0.0001, \"weight_decay\": 0.01, \"apply_to_bias\":"
                + " true}", text);
        assertEquals(reg, Regularization.fromJson(Json.parseObject(text)));
        assertEquals(Regularization.l2(0.5), Regularization.fromJson(Json.parseObject(
                "{\"l2\": 0.5}")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regularization.fromJson(Json.parseObject("{\"l3\": 1}")));
        assertTrue(e.getMessage().contains("'l3'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Regularization(-1, 0, 0, false));
        assertTrue(Regularization.NONE.isNone());
    }
}
