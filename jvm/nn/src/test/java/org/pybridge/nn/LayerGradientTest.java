package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.autodiff.GradientCheck;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.nn.layers.Layer;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;

/**
 * Finite-difference checks (float64) of every layer type inside small networks: the gradient
 * of the network's loss with respect to every trainable parameter.
 */
@ExtendWith(LeakCheck.class)
class LayerGradientTest {
    private static final int N = 6;

    private static NeuralNetConfiguration.ListBuilder float64() {
        return NeuralNetConfiguration.builder().seed(11).dataType(DataType.FLOAT64)
                .weightInit(new Distribution.Uniform(-0.8, 0.8)).biasInit(0.1).list();
    }

    /**
     * Checks d loss / d parameter for all trainable parameters. {@code dropoutSeed} >= 0 runs in
     * training mode with a generator re-created per evaluation, so the mask is fixed.
     */
    private static void check(NeuralNetConfiguration conf, NDArray x, NDArray y, NDArray mask,
            boolean training, long dropoutSeed) {
        try (MultiLayerNetwork net = new MultiLayerNetwork(conf)) {
            net.init();
            List<String> keys = new ArrayList<>();
            List<NDArray> arrays = new ArrayList<>();
            for (Layer l : net.getLayers()) {
                for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                    if (l.isTrainable(p.getKey())) {
                        keys.add(l.index() + "_" + p.getKey());
                        arrays.add(p.getValue());
                    }
                }
            }
            assertTrue(!keys.isEmpty());
            GradientCheck.Result r = new GradientCheck().verify(v -> {
                Map<String, Variable> m = new LinkedHashMap<>();
                for (int i = 0; i < v.length; i++) {
                    m.put(keys.get(i), v[i]);
                }
                return net.lossFor(m, x, y, mask, training,
                        training ? new Generator(dropoutSeed) : null);
            }, arrays.toArray(new NDArray[0]));
            assertTrue(r.checked() > 0);
        }
    }

    @Test
    void denseAndOutputWithSoftmaxCrossEntropy() {
        NeuralNetConfiguration conf = float64()
                .layer(new Dense.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new Dense.Builder().nOut(4).activation(Activation.SIGMOID)
                        .hasBias(false).build())
                .layer(new Output.Builder().nOut(3).build()).build();
        try (NDArray x = RandomInputs.uniform(1, -1, 1, N, 4);
                NDArray y = RandomInputs.oneHot(2, N, 3)) {
            check(conf, x, y, null, false, -1);
        }
    }

    /** An activation and labels that suit each loss. */
    private static NeuralNetConfiguration outputWith(LossFunction loss, Activation activation) {
        return float64()
                .layer(new Dense.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new Output.Builder(loss).nOut(3).activation(activation)
                        .lossWeights(0.5, 1.0, 2.0).build()).build();
    }

    @Test
    void outputLayerWithEveryLossWeightsAndMask() {
        try (NDArray x = RandomInputs.uniform(3, -1, 1, N, 4);
                NDArray oneHot = RandomInputs.oneHot(4, N, 3);
                NDArray soft = RandomInputs.distributions(5, N, 3);
                NDArray u = RandomInputs.uniform(6, 0, 1, N, 3);
                NDArray binary = u.apply(org.pybridge.tensor.BinaryOp.GT, 0.5, false);
                NDArray bin = binary.cast(DataType.FLOAT64);
                NDArray doubled = bin.mul(2.0);
                NDArray signs = doubled.sub(1.0);
                NDArray positive = RandomInputs.uniform(7, 0.5, 2, N, 3);
                NDArray awayFromZero = RandomInputs.awayFromZero(8, 0.5, 2, N, 3);
                NDArray any = RandomInputs.uniform(9, -1, 1, N, 3);
                NDArray ids = NDArray.create(new long[] {0, 2, 1, 1, 0, 2}, N);
                NDArray mask = NDArray.create(new double[] {1, 0, 1, 1, 0, 1}, N)) {
            for (LossFunction loss : LossFunction.values()) {
                Activation a;
                NDArray labels;
                switch (loss) {
                    case MCXENT, NEGATIVELOGLIKELIHOOD -> {
                        a = Activation.SOFTMAX;
                        labels = oneHot;
                    }
                    case KL_DIVERGENCE, RECONSTRUCTION_CROSSENTROPY -> {
                        a = Activation.SOFTMAX;
                        labels = soft;
                    }
                    case SPARSE_MCXENT -> {
                        a = Activation.SOFTMAX;
                        labels = ids;
                    }
                    case XENT -> {
                        a = Activation.SIGMOID;
                        labels = bin;
                    }
                    case HINGE, SQUARED_HINGE -> {
                        a = Activation.TANH;
                        labels = signs;
                    }
                    case POISSON, MSLE -> {
                        a = Activation.SOFTPLUS;
                        labels = positive;
                    }
                    case MAPE -> {
                        a = Activation.TANH;
                        labels = awayFromZero;
                    }
                    default -> {
                        a = Activation.TANH;
                        labels = any;
                    }
                }
                try {
                    check(outputWith(loss, a), x, labels, mask, false, -1);
                } catch (AssertionError e) {
                    throw new AssertionError(loss.jsonName() + " with " + a.jsonName() + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void denseInputDropoutAndDropoutLayerWithAFixedMask() {
        NeuralNetConfiguration conf = float64()
                .layer(new Dense.Builder().nIn(4).nOut(6).activation(Activation.ELU)
                        .dropout(0.3).build())
                .layer(new DropoutLayer(0.5))
                .layer(new Output.Builder().nOut(3).build()).build();
        try (NDArray x = RandomInputs.uniform(10, -1, 1, N, 4);
                NDArray y = RandomInputs.oneHot(11, N, 3)) {
            check(conf, x, y, null, true, 21);
        }
    }

    @Test
    void embedding() {
        NeuralNetConfiguration conf = float64()
                .layer(new Embedding.Builder().nIn(5).nOut(4).hasBias(true)
                        .activation(Activation.TANH).build())
                .layer(new Output.Builder().nOut(3).build()).build();
        try (NDArray ids = NDArray.create(new long[] {0, 4, 2, 2, 1, 4}, N);
                NDArray column = ids.reshape(N, 1);
                NDArray y = RandomInputs.oneHot(12, N, 3)) {
            check(conf, ids, y, null, false, -1);
            check(conf, column, y, null, false, -1);
        }
    }

    @Test
    void batchNormalizationInTrainingMode() {
        NeuralNetConfiguration conf = float64()
                .layer(new Dense.Builder().nIn(4).nOut(5).build())
                .layer(new BatchNormalization.Builder().gammaInit(1.5).betaInit(0.2).build())
                .layer(new ActivationLayer(Activation.TANH))
                .layer(new Output.Builder().nOut(3).build()).build();
        try (NDArray x = RandomInputs.uniform(13, -1, 1, N, 4);
                NDArray y = RandomInputs.oneHot(14, N, 3)) {
            check(conf, x, y, null, true, 1);
            // Inference uses the running statistics; gamma and beta still get gradients.
            check(conf, x, y, null, false, -1);
        }
    }

    @Test
    void activationLayerAndLossLayer() {
        NeuralNetConfiguration conf = float64()
                .layer(new Dense.Builder().nIn(4).nOut(5).build())
                .layer(new ActivationLayer.Builder().activation(
                        ActivationFunction.of("leakyrelu").with("alpha", 0.2)).build())
                .layer(new Dense.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(LossFunction.MSE).activation(Activation.SIGMOID)
                        .build()).build();
        try (NDArray x = RandomInputs.uniform(15, -1, 1, N, 4);
                NDArray y = RandomInputs.uniform(16, 0, 1, N, 3)) {
            check(conf, x, y, null, false, -1);
        }
    }
}
