package org.pybridge.nn;

import java.util.Arrays;
import org.pybridge.nn.internal.LossArrays;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.nn.layers.ScoringLayer;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Checks and converts what callers hand a network: feature batches (shape against the input
 * type, dtype to the network's), labels (class ids one-hot encoded where the loss wants rows).
 * Each method returns a new handle the caller closes; conversions copy only when needed.
 */
final class NetworkInputs {
    private NetworkInputs() {
    }

    /** The batch as the first layer reads it: (n, ...input shape) in the network's dtype. */
    static NDArray features(NeuralNetConfiguration conf, NDArray features) {
        if (features == null) {
            throw new IllegalArgumentException("features are required, got null.");
        }
        long[] want = conf.inputType().shape();
        long[] got = features.shape();
        boolean ids = conf.layer(0) instanceof Embedding;
        boolean flatIds = got.length == 1 && Arrays.equals(want, new long[] {1});
        if (!flatIds && (got.length != want.length + 1
                || !Arrays.equals(Arrays.copyOfRange(got, 1, got.length), want))) {
            throw new ShapeException("The network expects input batches of shape "
                    + ShapeText.batch(want) + ", got " + ShapeText.of(got) + ".");
        }
        if (ids || features.dtype() == conf.dataType()) {
            return flatIds && !ids ? features.reshape(got[0], 1) : features.share();
        }
        if (flatIds) {
            try (NDArray column = features.reshape(got[0], 1)) {
                return column.cast(conf.dataType());
            }
        }
        return features.cast(conf.dataType());
    }

    /** Labels as the last layer's loss reads them, for a batch of {@code n} examples. */
    static NDArray labels(NeuralNetConfiguration conf, ScoringLayer last, NDArray labels,
            long n) {
        if (labels == null) {
            throw new IllegalArgumentException("Labels are required to train or score the"
                    + " network, got null.");
        }
        LossFunction loss = lossOf(last.config());
        long[] out = last.outputShape();
        long k = out.length == 0 ? 1 : out[out.length - 1];
        boolean idShaped = labels.ndim() == 1 || (labels.ndim() == 2 && labels.shape(1) == 1);
        if (loss.takesClassIds()) {
            return integral(labels);
        }
        if (idShaped && k > 1 && (loss == LossFunction.MCXENT
                || loss == LossFunction.NEGATIVELOGLIKELIHOOD)) {
            try (NDArray ids = integral(labels)) {
                return LossArrays.oneHot(loss.jsonName(), ids, n, k, conf.dataType());
            }
        }
        if (labels.ndim() == 1 && k == 1 && out.length == 1) {
            return labels.reshape(labels.shape(0), 1);
        }
        return labels.share();
    }

    /** Class ids as integers: integral floats (data often arrives as float) are converted. */
    private static NDArray integral(NDArray ids) {
        return ids.dtype().isFloatingPoint() ? ids.cast(DataType.INT64) : ids.share();
    }

    static LossFunction lossOf(LayerConfig c) {
        if (c instanceof Output o) {
            return o.loss();
        }
        if (c instanceof LossLayer l) {
            return l.loss();
        }
        throw new IllegalStateException("Layer type " + c.type() + " has no loss.");
    }

    /** Adds one batch's predictions to {@code eval}; class-id labels are one-hot encoded. */
    static void evaluate(MultiLayerNetwork net, Evaluation eval, NDArray features,
            NDArray labels) {
        try (NDArray predictions = net.output(features)) {
            long n = predictions.shape(0);
            long k = predictions.shape(predictions.ndim() - 1);
            boolean idShaped = labels.ndim() == 1 || (labels.ndim() == 2 && labels.shape(1) == 1
                    && k > 1);
            if (!idShaped) {
                eval.eval(labels, predictions);
                return;
            }
            try (NDArray ids = integral(labels);
                    NDArray oneHot = LossArrays.oneHot("evaluate", ids, n, k,
                            predictions.dtype())) {
                eval.eval(oneHot, predictions);
            }
        }
    }
}
