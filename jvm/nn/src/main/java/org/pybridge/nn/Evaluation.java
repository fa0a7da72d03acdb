package org.pybridge.nn;

import static org.pybridge.nn.internal.EvalSupport.fmt;
import static org.pybridge.nn.internal.EvalSupport.pad;
import static org.pybridge.nn.internal.EvalSupport.padLeft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.EvalSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Classification metrics accumulated over batches: accuracy, per-class precision, recall and F1,
 * their macro and micro averages, the confusion matrix and top-N accuracy.
 *
 * <p>Conventions (scikit-learn's with {@code zero_division=0}, which DL4J's edge cases also
 * follow): a class that was never predicted has precision 0; a class with no examples has recall
 * 0; F1 is {@code 2 TP / (2 TP + FP + FN)}, 0 when that is 0/0. Macro averages are taken over
 * the classes that occur, as actual or predicted class (scikit-learn's default label set), so a
 * class absent from both does not drag the average down; every metric is 0 before anything was
 * evaluated. The confusion matrix has actual classes as rows and predicted classes as columns.
 *
 * <p>Inputs: predictions are (n, classes) scores or probabilities (the class is the arg max, the
 * first on ties); for a binary model with one sigmoid output, (n, 1) probabilities with
 * {@code numClasses = 2} (class 1 when p &gt;= 0.5). Labels are one-hot (or soft) rows shaped like
 * the predictions, or class ids of shape (n) or (n, 1). An optional mask of shape (n) or (n, 1)
 * skips examples where it is 0. Not thread-safe: give each thread its own and {@link #merge}.
 *
 * <pre>{@code
 * Evaluation eval = new Evaluation(10);
 * eval.eval(labels, net.output(features));    // once per batch
 * System.out.println(eval.stats());
 * double f1 = eval.f1();                      // macro F1
 * }</pre>
 */
public final class Evaluation {
    private static final String WHO = "Evaluation";
    private static final int MAX_TABLE_CLASSES = 30;
    /** The confusion matrix is dense: 10,000 classes take 800 MB. */
    public static final int MAX_CLASSES = 10_000;

    private final int numClasses;
    private final int topN;
    private final List<String> classNames;
    private final long[][] confusion;
    private long topNCorrect;

    /** An evaluation of {@code numClasses} classes, with top-1 accuracy only. */
    public Evaluation(int numClasses) {
        this(numClasses, 1);
    }

    /**
     * An evaluation that also counts top-N accuracy: an example counts as correct when fewer
     * than {@code topN} classes score strictly higher than its actual class.
     */
    public Evaluation(int numClasses, int topN) {
        this(numClasses, topN, null);
    }

    /** An evaluation whose tables show these class names (one per class). */
    public Evaluation(List<String> classNames, int topN) {
        this(classNames.size(), topN, classNames);
    }

    private Evaluation(int numClasses, int topN, List<String> classNames) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("Evaluation needs at least 2 classes, got "
                    + numClasses + " (a binary model with one sigmoid output has 2).");
        }
        if (numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("Evaluation keeps a dense confusion matrix and"
                    + " supports up to " + MAX_CLASSES + " classes, got " + numClasses + ".");
        }
        if (topN < 1 || topN > numClasses) {
            throw new IllegalArgumentException("topN must be in [1, " + numClasses + "], got "
                    + topN + ".");
        }
        this.numClasses = numClasses;
        this.topN = topN;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        this.confusion = new long[numClasses][numClasses];
    }

    /** Adds a batch: {@code labels} one-hot rows or class ids, {@code predictions} scores. */
    public void eval(NDArray labels, NDArray predictions) {
        eval(labels, predictions, null);
    }

    /** Adds a batch, skipping the examples where {@code mask} (n values) is 0. */
    public void eval(NDArray labels, NDArray predictions, NDArray mask) {
        long[] ps = predictions.shape();
        if (ps.length != 2 || (ps[1] != numClasses && !(ps[1] == 1 && numClasses == 2))) {
            throw new ShapeException(WHO + ": predictions have shape " + Arrays.toString(ps)
                    + "; expected (examples, " + numClasses + ")" + (numClasses == 2
                    ? " or (examples, 1) sigmoid probabilities" : "") + " for " + numClasses
                    + " classes.");
        }
        int n = Math.toIntExact(ps[0]);
        int cols = (int) ps[1];
        int[] actual = actualClasses(labels, n);
        boolean[] keep = EvalSupport.exampleMask(WHO, mask, n);
        double[] p = EvalSupport.matrix(WHO, "predictions", predictions);
        for (int i = 0; i < n; i++) {
            if (keep != null && !keep[i]) {
                continue;
            }
            int a = actual[i];
            int predicted;
            int higher;
            if (cols == 1) {
                double prob = p[i];
                predicted = prob >= 0.5 ? 1 : 0;
                higher = predicted == a ? 0 : 1;
            } else {
                predicted = 0;
                higher = 0;
                double target = p[i * cols + a];
                for (int c = 0; c < cols; c++) {
                    double v = p[i * cols + c];
                    if (v > p[i * cols + predicted]) {
                        predicted = c;
                    }
                    if (v > target) {
                        higher++;
                    }
                }
            }
            confusion[a][predicted]++;
            if (higher < topN) {
                topNCorrect++;
            }
        }
    }

    private int[] actualClasses(NDArray labels, int n) {
        long[] ls = labels.shape();
        if (ls.length == 2 && ls[0] == n && ls[1] == numClasses) {
            double[] y = EvalSupport.matrix(WHO, "labels", labels);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < numClasses; c++) {
                    if (y[i * numClasses + c] > y[i * numClasses + best]) {
                        best = c;
                    }
                }
                out[i] = best;
            }
            return out;
        }
        boolean ids = (ls.length == 1 && ls[0] == n) || (ls.length == 2 && ls[0] == n
                && ls[1] == 1);
        if (!ids) {
            throw new ShapeException(WHO + ": labels have shape " + Arrays.toString(ls)
                    + " for " + n + " examples; expected one-hot rows (" + n + ", " + numClasses
                    + ") or class ids (" + n + ",) / (" + n + ", 1).");
        }
        double[] y = labels.toDoubleArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double v = y[i];
            if (v != Math.rint(v) || v < 0 || v >= numClasses) {
                throw new IllegalArgumentException(WHO + ": label " + v + " of example " + i
                        + " is not a class id in [0, " + numClasses + ").");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** Adds another evaluation's counts to this one (same classes and top-N). */
    public void merge(Evaluation other) {
        if (other.numClasses != numClasses || other.topN != topN) {
            throw new IllegalArgumentException("Cannot merge an evaluation of " + other.numClasses
                    + " classes (top-" + other.topN + ") into one of " + numClasses
                    + " classes (top-" + topN + ").");
        }
        for (int a = 0; a < numClasses; a++) {
            for (int p = 0; p < numClasses; p++) {
                confusion[a][p] += other.confusion[a][p];
            }
        }
        topNCorrect += other.topNCorrect;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The N of {@link #topNAccuracy()}. */
    public int topN() {
        return topN;
    }

    /** Number of examples evaluated (masked ones excluded). */
    public long count() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** A copy of the confusion matrix: [actual][predicted] counts. */
    public long[][] confusionMatrix() {
        long[][] out = new long[numClasses][];
        for (int i = 0; i < numClasses; i++) {
            out[i] = confusion[i].clone();
        }
        return out;
    }

    public long truePositives(int c) {
        return confusion[check(c)][c];
    }

    /** Examples predicted as {@code c} that are another class. */
    public long falsePositives(int c) {
        long s = 0;
        for (int a = 0; a < numClasses; a++) {
            s += confusion[a][check(c)];
        }
        return s - confusion[c][c];
    }

    /** Examples of class {@code c} predicted as another class. */
    public long falseNegatives(int c) {
        long s = 0;
        for (long v : confusion[check(c)]) {
            s += v;
        }
        return s - confusion[c][c];
    }

    public long trueNegatives(int c) {
        return count() - truePositives(c) - falsePositives(c) - falseNegatives(c);
    }

    /** Examples whose actual class is {@code c} (scikit-learn's "support"). */
    public long support(int c) {
        return truePositives(c) + falseNegatives(c);
    }

    private int check(int c) {
        if (c < 0 || c >= numClasses) {
            throw new IndexOutOfBoundsException("Class " + c + " is outside [0, " + numClasses
                    + ").");
        }
        return c;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0.0 : (double) num / den;
    }

    /** Fraction of examples whose predicted class is the actual one. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < numClasses; c++) {
            correct += confusion[c][c];
        }
        return ratio(correct, count());
    }

    /** Fraction of examples whose actual class is among the top N predictions. */
    public double topNAccuracy() {
        return ratio(topNCorrect, count());
    }

    /** TP / (TP + FP) of class {@code c}; 0 when it was never predicted. */
    public double precision(int c) {
        return ratio(truePositives(c), truePositives(c) + falsePositives(c));
    }

    /** TP / (TP + FN) of class {@code c}; 0 when it has no examples. */
    public double recall(int c) {
        return ratio(truePositives(c), support(c));
    }

    /** 2 TP / (2 TP + FP + FN) of class {@code c}: the harmonic mean of precision and recall. */
    public double f1(int c) {
        long tp = truePositives(c);
        return ratio(2 * tp, 2 * tp + falsePositives(c) + falseNegatives(c));
    }

    /** Whether class {@code c} occurs as an actual or a predicted class. */
    private boolean occurs(int c) {
        return support(c) + falsePositives(c) > 0;
    }

    private double macro(java.util.function.IntToDoubleFunction metric) {
        double sum = 0;
        int k = 0;
        for (int c = 0; c < numClasses; c++) {
            if (occurs(c)) {
                sum += metric.applyAsDouble(c);
                k++;
            }
        }
        return k == 0 ? 0.0 : sum / k;
    }

    /** Macro-averaged precision over the classes that occur. */
    public double precision() {
        return macro(this::precision);
    }

    /** Macro-averaged recall over the classes that occur. */
    public double recall() {
        return macro(this::recall);
    }

    /** Macro-averaged F1 over the classes that occur. */
    public double f1() {
        return macro(this::f1);
    }

    /** Micro-averaged precision: sum TP / (sum TP + sum FP); equals accuracy here. */
    public double microPrecision() {
        long tp = 0;
        long fp = 0;
        for (int c = 0; c < numClasses; c++) {
            tp += truePositives(c);
            fp += falsePositives(c);
        }
        return ratio(tp, tp + fp);
    }

    /** Micro-averaged recall: sum TP / (sum TP + sum FN); equals accuracy here. */
    public double microRecall() {
        long tp = 0;
        long fn = 0;
        for (int c = 0; c < numClasses; c++) {
            tp += truePositives(c);
            fn += falseNegatives(c);
        }
        return ratio(tp, tp + fn);
    }

    /**
     * Micro-averaged F1, from the pooled counts. With one label per example every error is a
     * false positive of one class and a false negative of another, so it equals accuracy.
     */
    public double microF1() {
        long tp = 0;
        long errors = 0;
        for (int c = 0; c < numClasses; c++) {
            tp += truePositives(c);
            errors += falsePositives(c) + falseNegatives(c);
        }
        return ratio(2 * tp, 2 * tp + errors);
    }

    /** The class names given at construction, or null. */
    public List<String> classNames() {
        return classNames;
    }

    private String name(int c) {
        return classNames == null ? Integer.toString(c) : c + " (" + classNames.get(c) + ")";
    }

    /** A readable report: the averages, a per-class table and the confusion matrix. */
    public String stats() {
        StringBuilder b = new StringBuilder();
        long n = count();
        int occurring = 0;
        List<String> neverPredicted = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            occurring += occurs(c) ? 1 : 0;
            if (support(c) > 0 && truePositives(c) + falsePositives(c) == 0) {
                neverPredicted.add(name(c));
            }
        }
        b.append("========================Evaluation Metrics========================\n");
        b.append(" # of classes:    ").append(numClasses).append('\n');
        b.append(" Examples:        ").append(n).append('\n');
        b.append(" Accuracy:        ").append(fmt(accuracy())).append('\n');
        b.append(" Precision:       ").append(fmt(precision()))
                .append("    (macro average over the ").append(occurring)
                .append(" classes that occur)\n");
        b.append(" Recall:          ").append(fmt(recall())).append('\n');
        b.append(" F1 Score:        ").append(fmt(f1())).append('\n');
        b.append(" Micro F1:        ").append(fmt(microF1())).append('\n');
        if (topN > 1) {
            b.append(" Top-").append(topN).append(" Accuracy:  ").append(fmt(topNAccuracy()))
                    .append('\n');
        }
        if (!neverPredicted.isEmpty()) {
            b.append(" Never predicted: ").append(String.join(", ", neverPredicted))
                    .append(" (precision 0 for ").append(neverPredicted.size() == 1 ? "it"
                    : "them").append(")\n");
        }
        int w = 8;
        for (int c = 0; c < numClasses; c++) {
            w = Math.max(w, name(c).length() + 2);
        }
        b.append("\n").append(pad(" Class", w + 1)).append(" Precision  Recall     F1")
                .append("         Support    Predicted\n");
        for (int c = 0; c < numClasses; c++) {
            b.append(' ').append(pad(name(c), w)).append(' ')
                    .append(pad(fmt(precision(c)), 11)).append(pad(fmt(recall(c)), 11))
                    .append(pad(fmt(f1(c)), 11)).append(pad(Long.toString(support(c)), 11))
                    .append(truePositives(c) + falsePositives(c)).append('\n');
        }
        b.append("\n=========================Confusion Matrix=========================\n");
        if (numClasses > MAX_TABLE_CLASSES) {
            b.append(" (").append(numClasses).append(" classes: too many to print; use"
                    + " confusionMatrix())\n");
        } else {
            int cw = 4;
            for (long[] row : confusion) {
                for (long v : row) {
                    cw = Math.max(cw, Long.toString(v).length() + 1);
                }
            }
            cw = Math.max(cw, Integer.toString(numClasses - 1).length() + 1);
            b.append(pad(" actual \\ predicted", 20));
            for (int c = 0; c < numClasses; c++) {
                b.append(padLeft(Integer.toString(c), cw));
            }
            b.append('\n');
            for (int a = 0; a < numClasses; a++) {
                b.append(padLeft(Integer.toString(a), 19)).append(' ');
                for (int p = 0; p < numClasses; p++) {
                    b.append(padLeft(Long.toString(confusion[a][p]), cw));
                }
                b.append('\n');
            }
        }
        b.append("==================================================================\n");
        return b.toString();
    }

    @Override
    public String toString() {
        return stats();
    }

    /** The counts as JSON, for saving or for merging evaluations computed elsewhere. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "evaluation");
        m.put("num_classes", (long) numClasses);
        m.put("top_n", (long) topN);
        if (classNames != null) {
            m.put("class_names", new ArrayList<Object>(classNames));
        }
        List<Object> rows = new ArrayList<>();
        for (long[] row : confusion) {
            rows.add(EvalSupport.jsonNumbers(row));
        }
        m.put("confusion_matrix", rows);
        m.put("top_n_correct", topNCorrect);
        return m;
    }

    /** The inverse of {@link #toJson()}. */
    public static Evaluation fromJson(Map<String, Object> json) {
        EvalSupport.checkKeys(WHO, json, List.of("type", "num_classes", "top_n", "class_names",
                "confusion_matrix", "top_n_correct"));
        if (!"evaluation".equals(json.get("type"))) {
            throw new IllegalArgumentException(WHO + " JSON must have \"type\": \"evaluation\","
                    + " got " + json.get("type") + ".");
        }
        long k64 = EvalSupport.count(WHO, json, "num_classes", -1);
        long topN64 = EvalSupport.count(WHO, json, "top_n", 1);
        if (k64 > MAX_CLASSES || topN64 > k64) {
            throw new IllegalArgumentException(WHO + " JSON: num_classes " + k64 + " and top_n "
                    + topN64 + " must satisfy top_n <= num_classes <= " + MAX_CLASSES + ".");
        }
        int k = (int) k64;
        int topN = (int) topN64;
        Evaluation e = new Evaluation(k, topN, EvalSupport.names(WHO, json.get("class_names"),
                k));
        Object rows = json.get("confusion_matrix");
        if (!(rows instanceof List) || ((List<?>) rows).size() != k) {
            throw new IllegalArgumentException(WHO + " JSON: \"confusion_matrix\" must be " + k
                    + " rows of " + k + " counts.");
        }
        for (int a = 0; a < k; a++) {
            e.confusion[a] = EvalSupport.longs(WHO, ((List<?>) rows).get(a), "confusion_matrix",
                    k);
        }
        e.topNCorrect = EvalSupport.count(WHO, json, "top_n_correct", 0);
        if (e.topNCorrect > e.count()) {
            throw new IllegalArgumentException(WHO + " JSON: top_n_correct " + e.topNCorrect
                    + " exceeds the " + e.count() + " examples.");
        }
        return e;
    }
}
