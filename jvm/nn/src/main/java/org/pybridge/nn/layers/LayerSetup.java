package org.pybridge.nn.layers;

import java.util.Arrays;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;

/**
 * What a layer needs to build itself: its index in the network, its input shape (batch
 * excluded), the parameter dtype and the generator its initial weights are drawn from.
 */
public record LayerSetup(int index, long[] inputShape, DataType dataType, Generator random) {
    public LayerSetup {
        inputShape = inputShape.clone();
        if (!dataType.isFloatingPoint()) {
            throw new IllegalArgumentException("Layer parameters need a floating-point dtype,"
                    + " got " + dataType.numpyName() + ".");
        }
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSetup s && s.index == index
                && Arrays.equals(s.inputShape, inputShape) && s.dataType == dataType
                && s.random == random;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(inputShape)) + dataType.hashCode();
    }

    @Override
    public String toString() {
        return "LayerSetup[index=" + index + ", inputShape=" + Arrays.toString(inputShape)
                + ", dataType=" + dataType.numpyName() + "]";
    }
}
