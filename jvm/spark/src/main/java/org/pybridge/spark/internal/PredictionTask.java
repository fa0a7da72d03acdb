package org.pybridge.spark.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.tensor.NDArray;

/**
 * Scores a partition of rows in batches on an executor and appends the prediction (and,
 * optionally, the raw outputs) to each row. Rows stream through: at most one batch is held.
 */
public final class PredictionTask implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ModelBroadcast> model;
    private final int featuresIndex;
    private final String featuresColumn;
    private final boolean classifier;
    private final boolean vectorPrediction;
    private final boolean withOutputs;
    private final int batchSize;

    /**
     * @param model            the broadcast model
     * @param featuresIndex    the features column's position in the input rows
     * @param featuresColumn   its name, for error messages
     * @param classifier       whether the prediction is the arg max class (else the value)
     * @param vectorPrediction whether a regression prediction is an array (several outputs)
     * @param withOutputs      whether to append the raw outputs as array&lt;float&gt;
     * @param batchSize        rows per inference batch
     */
    public PredictionTask(Broadcast<ModelBroadcast> model, int featuresIndex,
            String featuresColumn, boolean classifier, boolean vectorPrediction,
            boolean withOutputs, int batchSize) {
        this.model = model;
        this.featuresIndex = featuresIndex;
        this.featuresColumn = featuresColumn;
        this.classifier = classifier;
        this.vectorPrediction = vectorPrediction;
        this.withOutputs = withOutputs;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                if (!rows.hasNext()) {
                    return false;
                }
                score(rows, ready);
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private void score(Iterator<Row> rows, List<Row> out) {
        BlasThreads.configureExecutor();
        ModelBroadcast m = model.value();
        MultiLayerNetwork net = m.borrow();
        boolean healthy = false;
        try {
            long[] inputShape = net.conf().inputType().shape();
            int width = Math.toIntExact(NetworkShapes.inputSize(net.conf()));
            boolean f64 = net.conf().dataType() == org.pybridge.tensor.DataType.FLOAT64;
            List<Row> in = new ArrayList<>(batchSize);
            while (in.size() < batchSize && rows.hasNext()) {
                in.add(rows.next());
            }
            int n = in.size();
            float[] x32 = f64 ? null : new float[n * width];
            double[] x64 = f64 ? new double[n * width] : null;
            for (int i = 0; i < n; i++) {
                RowValues.copy(in.get(i), featuresIndex, featuresColumn, width, x32, x64,
                        i * width);
            }
            long[] shape = new long[inputShape.length + 1];
            shape[0] = n;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            float[] outputs;
            int k;
            try (NDArray x = f64 ? NDArray.create(x64, shape) : NDArray.create(x32, shape);
                    NDArray y = net.output(x)) {
                k = Math.toIntExact(y.size() / Math.max(1, n));
                outputs = y.toFloatArray();
            }
            for (int i = 0; i < n; i++) {
                out.add(extend(in.get(i), outputs, i * k, k));
            }
            healthy = true;
        } finally {
            if (healthy) {
                m.release(net);
            } else {
                net.close();
            }
        }
    }

    private Row extend(Row row, float[] outputs, int at, int k) {
        int size = row.size();
        Object[] values = new Object[size + (withOutputs ? 2 : 1)];
        for (int c = 0; c < size; c++) {
            values[c] = row.get(c);
        }
        values[size] = prediction(outputs, at, k);
        if (withOutputs) {
            float[] o = new float[k];
            System.arraycopy(outputs, at, o, 0, k);
            values[size + 1] = o;
        }
        return RowFactory.create(values);
    }

    private Object prediction(float[] o, int at, int k) {
        if (classifier) {
            if (k == 1) {
                return o[at] >= 0.5f ? 1.0 : 0.0;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (o[at + c] > o[at + best]) {
                    best = c;
                }
            }
            return (double) best;
        }
        if (vectorPrediction) {
            double[] v = new double[k];
            for (int c = 0; c < k; c++) {
                v[c] = o[at + c];
            }
            return v;
        }
        return (double) o[at];
    }
}
