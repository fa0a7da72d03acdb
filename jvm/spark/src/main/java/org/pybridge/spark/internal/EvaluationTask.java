package org.pybridge.spark.internal;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.pybridge.nn.Evaluation;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.RegressionEvaluation;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * Evaluates one partition of minibatches on an executor and returns the counts as JSON
 * ({@link Evaluation#toJson()} or {@link RegressionEvaluation#toJson()}), which the driver
 * merges.
 */
public final class EvaluationTask implements FlatMapFunction<Iterator<Batch>, String> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ModelBroadcast> model;
    private final boolean regression;

    /** @param regression whether to compute regression metrics instead of classification */
    public EvaluationTask(Broadcast<ModelBroadcast> model, boolean regression) {
        this.model = model;
        this.regression = regression;
    }

    @Override
    public Iterator<String> call(Iterator<Batch> batches) {
        if (!batches.hasNext()) {
            return List.<String>of().iterator();
        }
        BlasThreads.configureExecutor();
        ModelBroadcast m = model.value();
        MultiLayerNetwork net = m.borrow();
        boolean healthy = false;
        try {
            long[] inputShape = net.conf().inputType().shape();
            DataType dtype = net.conf().dataType();
            Evaluation classes = null;
            RegressionEvaluation values = null;
            while (batches.hasNext()) {
                Batch b = batches.next();
                try (NDArray x = b.features(inputShape); NDArray y = b.labels(dtype)) {
                    if (regression) {
                        RegressionEvaluation e = net.evaluateRegression(x, y);
                        if (values == null) {
                            values = e;
                        } else {
                            values.merge(e);
                        }
                    } else {
                        Evaluation e = net.evaluate(x, y);
                        if (classes == null) {
                            classes = e;
                        } else {
                            classes.merge(e);
                        }
                    }
                }
            }
            String json = Json.write(regression ? values.toJson() : classes.toJson(), false);
            healthy = true;
            return List.of(json).iterator();
        } finally {
            if (healthy) {
                m.release(net);
            } else {
                net.close();
            }
        }
    }
}
