package org.pybridge.nn;

import java.util.Arrays;
import org.pybridge.nn.internal.ShapeText;

/**
 * The shape of one example entering a network, without the batch dimension: {@code (784)} for
 * a flat feature vector, {@code (1)} (or {@code ()}) for the class ids an {@link Embedding} reads;
 * later {@code (channels, height, width)} for images. Layers infer their input sizes from it.
 * In JSON it is the list {@code "input_shape": [784]}.
 *
 * <pre>{@code
 * NeuralNetConfiguration.builder().list()
 *     .layer(new Dense.Builder().nOut(100).build())
 *     .setInputType(InputType.feedForward(784))
 *     .build();
 * }</pre>
 */
public final class InputType {
    private final long[] shape;

    private InputType(long[] shape) {
        for (long s : shape) {
            if (s < 1) {
                throw new IllegalArgumentException("Input shape sizes must be >= 1, got "
                        + Arrays.toString(shape) + ".");
            }
        }
        this.shape = shape.clone();
    }

    /** Flat feature vectors of {@code size} values each. */
    public static InputType feedForward(long size) {
        return new InputType(new long[] {size});
    }

    /** Examples of any shape (batch excluded). */
    public static InputType of(long... shape) {
        return new InputType(shape);
    }

    /** The example shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputType t && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "InputType" + ShapeText.of(shape);
    }
}
