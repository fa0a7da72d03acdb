package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/** Regression metrics against hand-computed values; merging and JSON. */
@ExtendWith(LeakCheck.class)
class RegressionEvaluationTest {

    @Test
    void handComputedColumn() {
        RegressionEvaluation e = new RegressionEvaluation(1);
        try (NDArray y = NDArray.create(new double[][] {{1}, {2}, {3}, {4}});
                NDArray p = NDArray.create(new double[][] {{1.5}, {2}, {2.5}, {5}})) {
            e.eval(y, p);
        }
        assertEquals(0.375, e.meanSquaredError(0), 1e-15);
        assertEquals(0.5, e.meanAbsoluteError(0), 1e-15);
        assertEquals(Math.sqrt(0.375), e.rootMeanSquaredError(0), 1e-15);
        assertEquals(0.7, e.rSquared(0), 1e-15);
        assertEquals(0.3, e.relativeSquaredError(0), 1e-15);
        // Pearson of (1,2,3,4) and (1.5,2,2.5,5): cov 3.5/4... computed directly.
        double[] a = {1, 2, 3, 4};
        double[] b = {1.5, 2, 2.5, 5};
        assertEquals(pearson(a, b), e.pearsonCorrelation(0), 1e-12);
        assertEquals(4, e.count(0));
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void mergingBatchesEqualsOneBigBatchEvenWithALargeMean() {
        int n = 1000;
        Random r = new Random(3);
        double[][] y = new double[n][2];
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            y[i][0] = 1e9 + r.nextGaussian();
            p[i][0] = y[i][0] + 0.1 * r.nextGaussian();
            y[i][1] = r.nextGaussian();
            p[i][1] = 0.5 * y[i][1] + 0.2 * r.nextGaussian();
        }
        RegressionEvaluation all = new RegressionEvaluation(2);
        RegressionEvaluation merged = new RegressionEvaluation(2);
        try (NDArray ya = NDArray.create(y);
                NDArray pa = NDArray.create(p)) {
            all.eval(ya, pa);
            for (int start = 0; start < n; start += 137) {
                int stop = Math.min(n, start + 137);
                RegressionEvaluation part = new RegressionEvaluation(2);
                try (NDArray ys = ya.slice(0, start, stop, 1);
                        NDArray ps = pa.slice(0, start, stop, 1)) {
                    part.eval(ys, ps);
                }
                merged.merge(part);
            }
        }
        for (int c = 0; c < 2; c++) {
            assertEquals(all.meanSquaredError(c), merged.meanSquaredError(c), 1e-12);
            assertEquals(all.rSquared(c), merged.rSquared(c), 1e-8);
            assertEquals(all.pearsonCorrelation(c), merged.pearsonCorrelation(c), 1e-8);
        }
        // With label variance 1 and error variance 0.01 around a mean of 1e9, R^2 is ~0.99.
        assertEquals(0.99, all.rSquared(0), 0.01);
        assertTrue(all.pearsonCorrelation(0) > 0.99);
        assertEquals((all.rSquared(0) + all.rSquared(1)) / 2, all.averageRSquared(), 1e-15);
    }

    @Test
    void constantLabelsAndEmptyColumnsFollowScikitLearn() {
        RegressionEvaluation e = new RegressionEvaluation(2);
        try (NDArray y = NDArray.create(new double[][] {{3, 1}, {3, 2}});
                NDArray p = NDArray.create(new double[][] {{3, 1}, {3, 2}});
                NDArray q = NDArray.create(new double[][] {{2, 1}, {3, 2}})) {
            e.eval(y, p);
            assertEquals(1.0, e.rSquared(0));
            RegressionEvaluation f = new RegressionEvaluation(2);
            f.eval(y, q);
            assertEquals(0.0, f.rSquared(0));
        }
        assertTrue(Double.isNaN(new RegressionEvaluation(1).meanSquaredError(0)));
    }

    @Test
    void perExampleAndPerValueMasks() {
        RegressionEvaluation e = new RegressionEvaluation(2);
        RegressionEvaluation f = new RegressionEvaluation(2);
        try (NDArray y = NDArray.create(new double[][] {{1, 1}, {2, 2}, {3, 3}});
                NDArray p = NDArray.create(new double[][] {{1, 2}, {9, 9}, {3, 5}});
                NDArray m = NDArray.create(new double[] {1, 0, 1}, 3);
                NDArray mv = NDArray.create(new double[][] {{1, 0}, {0, 0}, {1, 1}})) {
            e.eval(y, p, m);
            f.eval(y, p, mv);
        }
        assertEquals(0, e.meanSquaredError(0));
        assertEquals(2.5, e.meanSquaredError(1), 1e-15);
        assertEquals(1, f.count(1));
        assertEquals(4, f.meanSquaredError(1), 1e-15);
    }

    @Test
    void jsonRoundTripAndStats() {
        RegressionEvaluation e = new RegressionEvaluation(List.of("price", "volume"));
        try (NDArray y = NDArray.create(new double[][] {{1, 10}, {2, 20}, {4, 25}});
                NDArray p = NDArray.create(new double[][] {{1.1, 11}, {2.2, 19}, {3.5, 27}})) {
            e.eval(y, p);
        }
        String text = Json.write(e.toJson(), false);
        RegressionEvaluation back = RegressionEvaluation.fromJson(Json.parseObject(text));
        assertEquals(text, Json.write(back.toJson(), false));
        String s = back.stats();
        assertTrue(s.contains("price") && s.contains("average") && s.contains("R^2"), s);
        assertEquals(e.stats(), s);
    }

    @Test
    void shapesMustAgree() {
        RegressionEvaluation e = new RegressionEvaluation(2);
        try (NDArray y = NDArray.create(new double[][] {{1, 2}});
                NDArray p = NDArray.create(new double[][] {{1, 2, 3}})) {
            ShapeException ex = assertThrows(ShapeException.class, () -> e.eval(y, p));
            assertTrue(ex.getMessage().contains("(examples, 2)"), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> e.merge(new RegressionEvaluation(3)));
    }
}
