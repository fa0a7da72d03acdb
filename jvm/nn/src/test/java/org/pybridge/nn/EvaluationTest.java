package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/** Classification metrics against hand-computed values and scikit-learn's definitions. */
@ExtendWith(LeakCheck.class)
class EvaluationTest {
    static final int[] ACTUAL = {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
    static final int[] PREDICTED = {0, 1, 0, 1, 2, 2, 2, 0, 2, 0};

    /** Scores whose arg max is {@code predicted}, with the runner-up at (predicted + 1) % k. */
    static NDArray scores(int[] predicted, int k) {
        float[][] s = new float[predicted.length][k];
        for (int i = 0; i < predicted.length; i++) {
            for (int c = 0; c < k; c++) {
                s[i][c] = 0.01f * c;
            }
            s[i][(predicted[i] + 1) % k] = 0.3f;
            s[i][predicted[i]] = 0.6f;
        }
        return NDArray.create(s);
    }

    static NDArray ids(int[] classes) {
        return NDArray.create(classes, classes.length);
    }

    @Test
    void handComputedExample() {
        Evaluation e = new Evaluation(3);
        try (NDArray y = ids(ACTUAL);
                NDArray p = scores(PREDICTED, 3)) {
            e.eval(y, p);
        }
        assertArrayEquals(new long[][] {{3, 1, 0}, {0, 1, 1}, {1, 0, 3}}, e.confusionMatrix());
        assertEquals(10, e.count());
        assertEquals(0.7, e.accuracy(), 1e-15);
        assertEquals(0.75, e.precision(0), 1e-15);
        assertEquals(0.5, e.recall(1), 1e-15);
        assertEquals(0.75, e.f1(2), 1e-15);
        assertEquals(2.0 / 3, e.precision(), 1e-15);
        assertEquals(2.0 / 3, e.recall(), 1e-15);
        assertEquals(2.0 / 3, e.f1(), 1e-15);
        assertEquals(0.7, e.microF1(), 1e-15);
        assertEquals(0.7, e.microPrecision(), 1e-15);
        assertEquals(1, e.falsePositives(2));
        assertEquals(1, e.falseNegatives(0));
        assertEquals(5, e.trueNegatives(0));
        assertEquals(4, e.support(2));
    }

    @Test
    void oneHotLabelsGiveTheSameAsClassIds() {
        Evaluation a = new Evaluation(3);
        Evaluation b = new Evaluation(3);
        try (NDArray y = ids(ACTUAL);
                NDArray y2 = y.reshape(ACTUAL.length, 1);
                NDArray oneHot = scores(ACTUAL, 3);
                NDArray p = scores(PREDICTED, 3)) {
            a.eval(y2, p);
            b.eval(oneHot, p);
        }
        assertArrayEquals(a.confusionMatrix(), b.confusionMatrix());
    }

    @Test
    void absentClassesAreLeftOutOfMacroAveragesAndNeverPredictedOnesScoreZero() {
        // Class 3 never occurs; class 1 occurs but is never predicted.
        Evaluation e = new Evaluation(4);
        try (NDArray y = ids(new int[] {0, 1, 2, 2});
                NDArray p = scores(new int[] {0, 0, 2, 2}, 4)) {
            e.eval(y, p);
        }
        assertEquals(0, e.precision(1));
        assertEquals(0, e.recall(1));
        assertEquals(0, e.precision(3));
        // macro over classes 0, 1, 2: precision (0.5 + 0 + 1) / 3, recall (1 + 0 + 1) / 3
        assertEquals(1.5 / 3, e.precision(), 1e-15);
        assertEquals(2.0 / 3, e.recall(), 1e-15);
        assertEquals((2.0 / 3 + 0 + 1) / 3, e.f1(), 1e-15);
        assertTrue(e.stats().contains("Never predicted: 1"), e.stats());
        assertEquals(0, new Evaluation(2).accuracy());
    }

    /** Random data against the definitions written out naively (scikit-learn's formulas). */
    @Test
    void matchesTheDefinitionsOnRandomData() {
        int n = 500;
        int k = 5;
        Random r = new Random(7);
        int[] actual = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            actual[i] = r.nextInt(k);
            predicted[i] = r.nextDouble() < 0.6 ? actual[i] : r.nextInt(k - 1);
        }
        Evaluation e = new Evaluation(k);
        try (NDArray y = ids(actual);
                NDArray p = scores(predicted, k)) {
            e.eval(y, p);
        }
        double macroP = 0;
        double macroR = 0;
        double macroF = 0;
        int correct = 0;
        for (int c = 0; c < k; c++) {
            int tp = 0;
            int predictedC = 0;
            int actualC = 0;
            for (int i = 0; i < n; i++) {
                tp += actual[i] == c && predicted[i] == c ? 1 : 0;
                predictedC += predicted[i] == c ? 1 : 0;
                actualC += actual[i] == c ? 1 : 0;
            }
            double prec = predictedC == 0 ? 0 : (double) tp / predictedC;
            double rec = actualC == 0 ? 0 : (double) tp / actualC;
            double f1 = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
            assertEquals(prec, e.precision(c), 1e-12);
            assertEquals(rec, e.recall(c), 1e-12);
            assertEquals(f1, e.f1(c), 1e-12);
            macroP += prec / k;
            macroR += rec / k;
            macroF += f1 / k;
            correct += tp;
        }
        assertEquals(macroP, e.precision(), 1e-12);
        assertEquals(macroR, e.recall(), 1e-12);
        assertEquals(macroF, e.f1(), 1e-12);
        assertEquals((double) correct / n, e.accuracy(), 1e-12);
        assertEquals(e.accuracy(), e.microF1(), 1e-12);
    }

    @Test
    void topNCountsTheActualClassAmongTheBestN() {
        Evaluation e = new Evaluation(4, 2);
        // Scores: the actual class is 1st, 2nd, 3rd and 4th best in turn.
        try (NDArray y = ids(new int[] {0, 1, 2, 3});
                NDArray p = NDArray.create(new float[][] {{0.7f, 0.1f, 0.1f, 0.1f},
                    {0.5f, 0.3f, 0.1f, 0.1f}, {0.4f, 0.3f, 0.2f, 0.1f},
                    {0.4f, 0.3f, 0.2f, 0.1f}})) {
            e.eval(y, p);
        }
        assertEquals(0.5, e.topNAccuracy(), 1e-15);
        assertEquals(0.25, e.accuracy(), 1e-15);
        assertTrue(e.stats().contains("Top-2 Accuracy:  0.5000"), e.stats());
        assertThrows(IllegalArgumentException.class, () -> new Evaluation(3, 4));
    }

    @Test
    void binaryModelsWithOneSigmoidOutput() {
        Evaluation e = new Evaluation(2);
        try (NDArray y = NDArray.create(new float[][] {{1}, {0}, {1}, {0}});
                NDArray p = NDArray.create(new float[][] {{0.9f}, {0.2f}, {0.4f}, {0.5f}})) {
            e.eval(y, p);
        }
        assertArrayEquals(new long[][] {{1, 1}, {1, 1}}, e.confusionMatrix());
        assertEquals(0.5, e.accuracy());
    }

    @Test
    void masksSkipExamples() {
        Evaluation e = new Evaluation(3);
        int[] mask = {1, 0, 1, 1, 0, 1, 1, 0, 1, 1};
        try (NDArray y = ids(ACTUAL);
                NDArray p = scores(PREDICTED, 3);
                NDArray m = NDArray.create(mask, mask.length)) {
            e.eval(y, p, m);
        }
        // Dropped: example 1 (0 -> 1), 4 (1 -> 2), 7 (2 -> 0): all the errors.
        assertEquals(7, e.count());
        assertEquals(1.0, e.accuracy());
    }

    @Test
    void mergingEqualsEvaluatingEverythingAtOnce() {
        Evaluation all = new Evaluation(3, 2);
        Evaluation first = new Evaluation(3, 2);
        Evaluation second = new Evaluation(3, 2);
        try (NDArray y = ids(ACTUAL);
                NDArray p = scores(PREDICTED, 3);
                NDArray y1 = y.slice(0, 0, 4, 1);
                NDArray y2 = y.slice(0, 4, 10, 1);
                NDArray p1 = p.slice(0, 0, 4, 1);
                NDArray p2 = p.slice(0, 4, 10, 1)) {
            all.eval(y, p);
            first.eval(y1, p1);
            second.eval(y2, p2);
        }
        first.merge(second);
        assertArrayEquals(all.confusionMatrix(), first.confusionMatrix());
        assertEquals(all.topNAccuracy(), first.topNAccuracy());
        assertEquals(all.stats(), first.stats());
        assertThrows(IllegalArgumentException.class, () -> first.merge(new Evaluation(4)));
    }

    @Test
    void jsonRoundTripKeepsEverything() {
        Evaluation e = new Evaluation(List.of("cat", "dog", "bird"), 2);
        try (NDArray y = ids(ACTUAL);
                NDArray p = scores(PREDICTED, 3)) {
            e.eval(y, p);
        }
        String text = Json.write(e.toJson(), false);
        Evaluation back = Evaluation.fromJson(Json.parseObject(text));
        assertEquals(text, Json.write(back.toJson(), false));
        assertEquals(e.stats(), back.stats());
        assertTrue(e.stats().contains("1 (dog)"), e.stats());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.fromJson(
                Json.parseObject("{\"type\": \"evaluation\", \"num_classes\": 2, \"bad\": 1}")));
    }

    @Test
    void statsIsAReadableTable() {
        Evaluation e = new Evaluation(3);
        try (NDArray y = ids(ACTUAL);
                NDArray p = scores(PREDICTED, 3)) {
            e.eval(y, p);
        }
        String s = e.stats();
        for (String part : List.of("Accuracy:        0.7000", "Precision:       0.6667",
                "F1 Score:", "Confusion Matrix", "actual \\ predicted")) {
            assertTrue(s.contains(part), part + " in\n" + s);
        }
        assertTrue(s.contains("                  0    3   1   0"), s);
    }

    @Test
    void badInputsAreExplained() {
        Evaluation e = new Evaluation(3);
        try (NDArray y = ids(new int[] {0, 5});
                NDArray p = scores(new int[] {0, 1}, 3);
                NDArray p4 = scores(new int[] {0, 1}, 4);
                NDArray frac = NDArray.create(new double[] {0.5, 1}, 2);
                NDArray mask = NDArray.ones(DataType.FLOAT32, 3)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> e.eval(y, p))
                    .getMessage().contains("label 5.0 of example 1"));
            assertTrue(assertThrows(ShapeException.class, () -> e.eval(y, p4)).getMessage()
                    .contains("(examples, 3)"));
            assertThrows(IllegalArgumentException.class, () -> e.eval(frac, p));
            try (NDArray ok = ids(new int[] {0, 1})) {
                assertThrows(ShapeException.class, () -> e.eval(ok, p, mask));
            }
        }
        assertEquals(0, e.count());
    }
}
