package org.pybridge.spark.internal;

import java.util.Set;
import org.pybridge.nn.LayerConfig;
import org.pybridge.nn.LossFunction;
import org.pybridge.nn.LossLayer;
import org.pybridge.nn.NeuralNetConfiguration;
import org.pybridge.nn.Output;

/** What the Spark side needs to know of a network's input and output. */
public final class NetworkShapes {
    private static final Set<LossFunction> CLASSIFICATION = Set.of(LossFunction.MCXENT,
            LossFunction.SPARSE_MCXENT, LossFunction.NEGATIVELOGLIKELIHOOD, LossFunction.XENT,
            LossFunction.HINGE, LossFunction.SQUARED_HINGE);

    private NetworkShapes() {
    }

    /** Numbers per example: the product of the input shape. */
    public static long inputSize(NeuralNetConfiguration conf) {
        long n = 1;
        for (long d : conf.inputType().shape()) {
            n *= d;
        }
        return n;
    }

    /** Numbers per output row. */
    public static long outputSize(NeuralNetConfiguration conf) {
        long[] out = conf.outputShape(conf.numLayers() - 1);
        return out.length == 0 ? 1 : out[out.length - 1];
    }

    /** Whether the network's loss makes it a classifier (its output rows are class scores). */
    public static boolean isClassifier(NeuralNetConfiguration conf) {
        LossFunction loss = loss(conf);
        return loss != null && CLASSIFICATION.contains(loss);
    }

    private static LossFunction loss(NeuralNetConfiguration conf) {
        LayerConfig last = conf.layer(conf.numLayers() - 1);
        if (last instanceof Output o) {
            return o.loss();
        }
        if (last instanceof LossLayer l) {
            return l.loss();
        }
        return null;
    }

    /** Checks that one number per label (a class index) suits a network of several outputs. */
    public static void checkLabelWidth(NeuralNetConfiguration conf, String labelColumn,
            int labelWidth) {
        long k = outputSize(conf);
        if (labelWidth == 1 && k > 1 && !isClassifier(conf)) {
            throw new IllegalArgumentException("The label column '" + labelColumn + "' holds one"
                    + " number per row, but the network has " + k + " outputs and the"
                    + " regression loss " + loss(conf) + "; give an array column of " + k
                    + " numbers per row.");
        }
    }
}
