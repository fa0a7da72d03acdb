package org.pybridge.nn;

import static org.pybridge.nn.internal.EvalSupport.fmt;
import static org.pybridge.nn.internal.EvalSupport.pad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.pybridge.nn.internal.EvalSupport;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Regression metrics per output column, accumulated over batches: mean squared error, mean
 * absolute error, root mean squared error, R^2 (coefficient of determination), relative squared
 * error and the Pearson correlation, with their averages over columns.
 *
 * <p>It keeps, per column, the count, the sums of squared and absolute errors, and the means,
 * centred sums of squares and co-moment of labels and predictions (merged with Chan et al.'s
 * pairwise formulas, which stay accurate when the labels have a large mean). So {@link #merge}
 * gives the same result as evaluating all the data in one object, up to rounding.
 *
 * <p>Conventions: R^2 = 1 - SSE / SST as scikit-learn's {@code r2_score}; when the labels of a
 * column are constant (SST = 0) it is 1 for perfect predictions and 0 otherwise. The Pearson
 * correlation is 0 when either side is constant. Every metric is NaN for a column with no
 * examples. Masks: (n) or (n, 1) per example, or (n, columns) per value; 0 skips.
 *
 * <pre>{@code
 * RegressionEvaluation eval = new RegressionEvaluation(2);
 * eval.eval(labels, net.output(features));
 * double rmse = eval.rootMeanSquaredError(0);
 * System.out.println(eval.stats());
 * }</pre>
 */
public final class RegressionEvaluation {
    private static final String WHO = "RegressionEvaluation";
    private static final List<String> KEYS = List.of("type", "columns", "count",
            "sum_squared_error", "sum_absolute_error", "label_mean", "label_m2",
            "prediction_mean", "prediction_m2", "comoment");

    private final int numColumns;
    private final List<String> columnNames;
    private final long[] count;
    private final double[] sumSquaredError;
    private final double[] sumAbsoluteError;
    private final double[] labelMean;
    private final double[] labelM2;
    private final double[] predictionMean;
    private final double[] predictionM2;
    private final double[] comoment;

    /** An evaluation of {@code numColumns} output columns. */
    public RegressionEvaluation(int numColumns) {
        this(numColumns, null);
    }

    /** An evaluation whose report names the columns. */
    public RegressionEvaluation(List<String> columnNames) {
        this(columnNames.size(), columnNames);
    }

    private RegressionEvaluation(int numColumns, List<String> columnNames) {
        if (numColumns < 1) {
            throw new IllegalArgumentException(WHO + " needs at least one column, got "
                    + numColumns + ".");
        }
        this.numColumns = numColumns;
        this.columnNames = columnNames == null ? null : List.copyOf(columnNames);
        count = new long[numColumns];
        sumSquaredError = new double[numColumns];
        sumAbsoluteError = new double[numColumns];
        labelMean = new double[numColumns];
        labelM2 = new double[numColumns];
        predictionMean = new double[numColumns];
        predictionM2 = new double[numColumns];
        comoment = new double[numColumns];
    }

    /** Adds a batch of (n, columns) labels and predictions. */
    public void eval(NDArray labels, NDArray predictions) {
        eval(labels, predictions, null);
    }

    /** Adds a batch, skipping values where {@code mask} is 0 (see the class comment). */
    public void eval(NDArray labels, NDArray predictions, NDArray mask) {
        long[] ls = labels.shape();
        long[] ps = predictions.shape();
        if (ps.length != 2 || ps[1] != numColumns || !Arrays.equals(ls, ps)) {
            throw new ShapeException(WHO + ": labels have shape " + Arrays.toString(ls)
                    + " and predictions " + Arrays.toString(ps) + "; expected both (examples, "
                    + numColumns + ").");
        }
        int n = Math.toIntExact(ps[0]);
        double[] y = EvalSupport.matrix(WHO, "labels", labels);
        double[] p = EvalSupport.matrix(WHO, "predictions", predictions);
        double[] m = maskValues(mask, n);
        boolean perValue = m != null && m.length == (long) n * numColumns && numColumns > 1;
        for (int c = 0; c < numColumns; c++) {
            // Two passes over the batch (means, then centred sums) and one merge per column.
            long k = 0;
            double sy = 0;
            double sp = 0;
            for (int i = 0; i < n; i++) {
                if (counted(m, perValue, i, c, numColumns)) {
                    k++;
                    sy += y[i * numColumns + c];
                    sp += p[i * numColumns + c];
                }
            }
            if (k == 0) {
                continue;
            }
            double my = sy / k;
            double mp = sp / k;
            double sse = 0;
            double sae = 0;
            double m2y = 0;
            double m2p = 0;
            double cyp = 0;
            for (int i = 0; i < n; i++) {
                if (counted(m, perValue, i, c, numColumns)) {
                    double yi = y[i * numColumns + c];
                    double pi = p[i * numColumns + c];
                    double e = pi - yi;
                    sse += e * e;
                    sae += Math.abs(e);
                    m2y += (yi - my) * (yi - my);
                    m2p += (pi - mp) * (pi - mp);
                    cyp += (yi - my) * (pi - mp);
                }
            }
            combine(c, k, sse, sae, my, m2y, mp, m2p, cyp);
        }
    }

    private static boolean counted(double[] mask, boolean perValue, int i, int c, int cols) {
        return mask == null || (perValue ? mask[i * cols + c] : mask[i]) != 0;
    }

    private double[] maskValues(NDArray mask, int n) {
        if (mask == null) {
            return null;
        }
        long[] s = mask.shape();
        boolean perExample = (s.length == 1 && s[0] == n) || (s.length == 2 && s[0] == n
                && s[1] == 1);
        boolean perValue = s.length == 2 && s[0] == n && s[1] == numColumns;
        if (!perExample && !perValue) {
            throw new ShapeException(WHO + ": the mask has shape " + Arrays.toString(s)
                    + "; expected (" + n + ",), (" + n + ", 1) or (" + n + ", " + numColumns
                    + ").");
        }
        return mask.toDoubleArray();
    }

    /** Chan et al.'s merge of a batch's statistics into column {@code c}. */
    private void combine(int c, long nb, double sse, double sae, double meanY, double m2y,
            double meanP, double m2p, double cyp) {
        long na = count[c];
        long n = na + nb;
        double dy = meanY - labelMean[c];
        double dp = meanP - predictionMean[c];
        double w = (double) na * nb / n;
        labelM2[c] += m2y + dy * dy * w;
        predictionM2[c] += m2p + dp * dp * w;
        comoment[c] += cyp + dy * dp * w;
        labelMean[c] += dy * nb / n;
        predictionMean[c] += dp * nb / n;
        sumSquaredError[c] += sse;
        sumAbsoluteError[c] += sae;
        count[c] = n;
    }

    /** Adds another evaluation's statistics to this one (same number of columns). */
    public void merge(RegressionEvaluation other) {
        if (other.numColumns != numColumns) {
            throw new IllegalArgumentException("Cannot merge a regression evaluation of "
                    + other.numColumns + " columns into one of " + numColumns + ".");
        }
        for (int c = 0; c < numColumns; c++) {
            if (other.count[c] > 0) {
                combine(c, other.count[c], other.sumSquaredError[c], other.sumAbsoluteError[c],
                        other.labelMean[c], other.labelM2[c], other.predictionMean[c],
                        other.predictionM2[c], other.comoment[c]);
            }
        }
    }

    public int numColumns() {
        return numColumns;
    }

    /** Values evaluated in column {@code col}. */
    public long count(int col) {
        return count[check(col)];
    }

    private int check(int col) {
        if (col < 0 || col >= numColumns) {
            throw new IndexOutOfBoundsException("Column " + col + " is outside [0, " + numColumns
                    + ").");
        }
        return col;
    }

    public double meanSquaredError(int col) {
        return count[check(col)] == 0 ? Double.NaN : sumSquaredError[col] / count[col];
    }

    public double meanAbsoluteError(int col) {
        return count[check(col)] == 0 ? Double.NaN : sumAbsoluteError[col] / count[col];
    }

    public double rootMeanSquaredError(int col) {
        return Math.sqrt(meanSquaredError(col));
    }

    /** Coefficient of determination, 1 - SSE / SST. */
    public double rSquared(int col) {
        if (count[check(col)] == 0) {
            return Double.NaN;
        }
        if (labelM2[col] == 0) {
            return sumSquaredError[col] == 0 ? 1.0 : 0.0;
        }
        return 1 - sumSquaredError[col] / labelM2[col];
    }

    /** SSE / SST: the squared error relative to predicting the labels' mean. */
    public double relativeSquaredError(int col) {
        if (count[check(col)] == 0) {
            return Double.NaN;
        }
        return labelM2[col] == 0 ? (sumSquaredError[col] == 0 ? 0.0 : Double.POSITIVE_INFINITY)
                : sumSquaredError[col] / labelM2[col];
    }

    /** Pearson correlation of labels and predictions. */
    public double pearsonCorrelation(int col) {
        if (count[check(col)] == 0) {
            return Double.NaN;
        }
        double den = Math.sqrt(labelM2[col] * predictionM2[col]);
        return den == 0 ? 0.0 : comoment[col] / den;
    }

    private double average(IntToDoubleFunction metric) {
        double s = 0;
        int k = 0;
        for (int c = 0; c < numColumns; c++) {
            if (count[c] > 0) {
                s += metric.applyAsDouble(c);
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }

    /** The mean over columns (with data) of each column's MSE. */
    public double averageMeanSquaredError() {
        return average(this::meanSquaredError);
    }

    public double averageMeanAbsoluteError() {
        return average(this::meanAbsoluteError);
    }

    public double averageRootMeanSquaredError() {
        return average(this::rootMeanSquaredError);
    }

    public double averageRSquared() {
        return average(this::rSquared);
    }

    public double averagePearsonCorrelation() {
        return average(this::pearsonCorrelation);
    }

    /** A readable table: one row per column and the averages. */
    public String stats() {
        int w = 8;
        for (int c = 0; c < numColumns; c++) {
            w = Math.max(w, columnName(c).length() + 2);
        }
        StringBuilder b = new StringBuilder();
        b.append(pad(" Column", w + 1)).append(" MSE        MAE        RMSE       R^2")
                .append("        RSE        Pearson    Count\n");
        for (int c = 0; c < numColumns; c++) {
            row(b, columnName(c), w, meanSquaredError(c), meanAbsoluteError(c),
                    rootMeanSquaredError(c), rSquared(c), relativeSquaredError(c),
                    pearsonCorrelation(c), Long.toString(count[c]));
        }
        if (numColumns > 1) {
            row(b, "average", w, averageMeanSquaredError(), averageMeanAbsoluteError(),
                    averageRootMeanSquaredError(), averageRSquared(),
                    average(this::relativeSquaredError), averagePearsonCorrelation(), "");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, int w, double mse, double mae,
            double rmse, double r2, double rse, double pearson, String n) {
        b.append(' ').append(pad(name, w)).append(' ');
        for (double v : new double[] {mse, mae, rmse, r2, rse, pearson}) {
            b.append(pad(fmt(v), 11));
        }
        b.append(n).append('\n');
    }

    private String columnName(int c) {
        return columnNames == null ? Integer.toString(c) : columnNames.get(c);
    }

    @Override
    public String toString() {
        return stats();
    }

    /** The statistics as JSON (for saving or merging evaluations computed elsewhere). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "regression_evaluation");
        List<Object> names = new ArrayList<>();
        for (int c = 0; c < numColumns; c++) {
            names.add(columnName(c));
        }
        m.put("columns", names);
        m.put("count", EvalSupport.jsonNumbers(count));
        m.put("sum_squared_error", EvalSupport.jsonNumbers(sumSquaredError));
        m.put("sum_absolute_error", EvalSupport.jsonNumbers(sumAbsoluteError));
        m.put("label_mean", EvalSupport.jsonNumbers(labelMean));
        m.put("label_m2", EvalSupport.jsonNumbers(labelM2));
        m.put("prediction_mean", EvalSupport.jsonNumbers(predictionMean));
        m.put("prediction_m2", EvalSupport.jsonNumbers(predictionM2));
        m.put("comoment", EvalSupport.jsonNumbers(comoment));
        return m;
    }

    /** The inverse of {@link #toJson()}. */
    public static RegressionEvaluation fromJson(Map<String, Object> json) {
        EvalSupport.checkKeys(WHO, json, KEYS);
        if (!"regression_evaluation".equals(json.get("type"))) {
            throw new IllegalArgumentException(WHO + " JSON must have \"type\":"
                    + " \"regression_evaluation\", got " + json.get("type") + ".");
        }
        Object cols = json.get("columns");
        if (!(cols instanceof List) || ((List<?>) cols).isEmpty()) {
            throw new IllegalArgumentException(WHO + " JSON needs \"columns\": a list of names.");
        }
        int k = ((List<?>) cols).size();
        List<String> names = EvalSupport.names(WHO, cols, k);
        boolean numbered = true;
        for (int c = 0; c < k; c++) {
            numbered &= names.get(c).equals(Integer.toString(c));
        }
        RegressionEvaluation e = new RegressionEvaluation(k, numbered ? null : names);
        System.arraycopy(EvalSupport.longs(WHO, json.get("count"), "count", k), 0, e.count, 0, k);
        copy(json, "sum_squared_error", e.sumSquaredError);
        copy(json, "sum_absolute_error", e.sumAbsoluteError);
        copy(json, "label_mean", e.labelMean);
        copy(json, "label_m2", e.labelM2);
        copy(json, "prediction_mean", e.predictionMean);
        copy(json, "prediction_m2", e.predictionM2);
        copy(json, "comoment", e.comoment);
        return e;
    }

    private static void copy(Map<String, Object> json, String key, double[] into) {
        double[] v = EvalSupport.doubles(WHO, json.get(key), key, into.length);
        System.arraycopy(v, 0, into, 0, v.length);
    }
}
