package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.ShapeException;

/** Builder validation and input-shape inference, with the messages people read. */
@ExtendWith(LeakCheck.class)
class ConfigValidationTest {

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
        }
    }

    @Test
    void layerBuildersRejectMissingOrInvalidSettings() {
        assertContains(message(IllegalArgumentException.class,
                () -> new Dense.Builder().nIn(3).build()), "Dense", "nOut", ".nOut(n)");
        assertContains(message(IllegalArgumentException.class,
                () -> new Dense.Builder().name("fc").nOut(3).dropout(1.0).build()), "'fc'",
                "dropout", "[0, 1)");
        assertContains(message(IllegalArgumentException.class,
                () -> new Dense.Builder().nOut(3).l2(-1).build()), "l2", ">= 0");
        assertContains(message(IllegalArgumentException.class,
                () -> new Output.Builder().nOut(1).activation(Activation.SOFTMAX).build()),
                "softmax", "single output", "xent");
        assertContains(message(IllegalArgumentException.class,
                () -> new Output.Builder().nOut(3).lossWeights(1, 2).build()), "3 outputs",
                "2 loss weights");
        assertContains(message(IllegalArgumentException.class,
                () -> new Output.Builder().nOut(3).loss((LossFunction) null).build()),
                "loss function is required");
        assertContains(message(IllegalArgumentException.class,
                () -> new Output.Builder().nOut(3).loss("crossentropy").build()),
                "crossentropy", "mcxent");
        assertContains(message(IllegalArgumentException.class,
                () -> new Dense.Builder().nOut(3).activation("rectifier").build()),
                "rectifier", "relu6");
        assertContains(message(IllegalArgumentException.class,
                () -> new ActivationLayer.Builder().build()), "activation is required");
        assertContains(message(IllegalArgumentException.class,
                () -> new DropoutLayer.Builder().build()), "rate is required");
        assertContains(message(IllegalArgumentException.class,
                () -> new Embedding.Builder().nOut(4).build()), "nIn", "distinct ids");
        assertContains(message(IllegalArgumentException.class,
                () -> new BatchNormalization.Builder().decay(1.5).build()), "decay");
        assertContains(message(IllegalArgumentException.class,
                () -> new LossLayer.Builder().build()), "loss function is required");
        assertContains(message(IllegalArgumentException.class,
                () -> new Distribution.Uniform(1, 0)), "lower <= upper");
        assertContains(message(IllegalArgumentException.class,
                () -> NeuralNetConfiguration.builder().dataType(DataType.INT32)),
                "float32 or float64");
    }

    @Test
    void theStackIsValidated() {
        assertContains(message(IllegalArgumentException.class,
                () -> NeuralNetConfiguration.builder().list().build()), "at least one layer");
        assertContains(message(IllegalArgumentException.class,
                () -> NeuralNetConfiguration.builder().list()
                        .layer(new Output.Builder().nIn(4).nOut(3).build())
                        .layer(new Dense.Builder().nOut(3).build()).build()),
                "Layer 0 (output)", "must be the last layer");
        assertContains(message(IllegalArgumentException.class,
                () -> NeuralNetConfiguration.builder().list()
                        .layer(new Dense.Builder().nOut(3).build()).build()),
                "input shape is unknown", "setInputType", "nIn");
    }

    @Test
    void inputSizesAreInferredLayerByLayer() {
        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().list()
                .layer(new Dense.Builder().nOut(7).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new DropoutLayer(0.3))
                .layer(new Output.Builder().nOut(2).build())
                .setInputType(InputType.feedForward(5)).build();
        assertEquals(5L, ((Dense) conf.layer(0)).nIn());
        assertEquals(7L, ((BatchNormalization) conf.layer(1)).nOut());
        assertEquals(7L, ((Output) conf.layer(4)).nIn());
        assertArrayEquals(new long[] {5}, conf.inputShape(0));
        assertArrayEquals(new long[] {7}, conf.inputShape(4));
        assertArrayEquals(new long[] {2}, conf.outputShape(4));
        // The input shape can come from the first layer's nIn, or from an embedding.
        assertEquals(InputType.feedForward(9), NeuralNetConfiguration.builder().list()
                .layer(new Dense.Builder().nIn(9).nOut(2).build()).build().inputType());
        assertEquals(InputType.feedForward(1), NeuralNetConfiguration.builder().list()
                .layer(new Embedding.Builder().nIn(9).nOut(2).build()).build().inputType());
    }

    @Test
    void shapeMismatchesNameTheLayerAndBothShapes() {
        String m = message(ShapeException.class, () -> NeuralNetConfiguration.builder().list()
                .layer(new Dense.Builder().nIn(4).nOut(10).build())
                .layer(new Dense.Builder().name("fc2").nIn(20).nOut(3).build())
                .build());
        assertContains(m, "Layer 1 (dense 'fc2')", "n_in=20", "(10,)", "Layer 0 (dense)",
                "outputs (10,)");

        m = message(ShapeException.class, () -> NeuralNetConfiguration.builder().list()
                .layer(new Dense.Builder().nIn(4).nOut(10).build())
                .setInputType(InputType.feedForward(5)).build());
        assertContains(m, "Layer 0 (dense)", "n_in=4", "(5,)", "network input has shape (5,)");

        m = message(ShapeException.class, () -> NeuralNetConfiguration.builder().list()
                .layer(new Dense.Builder().nOut(10).build())
                .setInputType(InputType.of(1, 28, 28)).build());
        assertContains(m, "Layer 0 (dense)", "(1, 28, 28)", "flatten");

        m = message(ShapeException.class, () -> NeuralNetConfiguration.builder().list()
                .layer(new Dense.Builder().nIn(4).nOut(10).build())
                .layer(new Embedding.Builder().nIn(5).nOut(3).build()).build());
        assertContains(m, "Layer 1 (embedding)", "one class id", "(10,)");

        m = message(ShapeException.class, () -> NeuralNetConfiguration.builder().list()
                .layer(new Dense.Builder().nIn(4).nOut(10).build())
                .layer(new LossLayer.Builder("mse").lossWeights(1, 2).build()).build());
        assertContains(m, "Layer 1 (loss)", "2 loss weights", "(10,)");
    }

    @Test
    void layerConfigsReportOutputShapes() {
        assertArrayEquals(new long[] {100}, new Dense.Builder().nOut(100).build()
                .outputShape(new long[] {784}));
        assertArrayEquals(new long[] {3, 4}, new ActivationLayer(Activation.TANH)
                .outputShape(new long[] {3, 4}));
        assertArrayEquals(new long[] {16}, new Embedding.Builder().nIn(10).nOut(16).build()
                .outputShape(new long[] {}));
        assertThrows(ShapeException.class, () -> new BatchNormalization.Builder().nOut(3).build()
                .outputShape(new long[] {4}));
    }
}
