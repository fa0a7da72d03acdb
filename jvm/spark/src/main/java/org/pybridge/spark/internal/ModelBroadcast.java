package org.pybridge.spark.internal;

import java.io.Serializable;
import org.pybridge.nn.MultiLayerNetwork;

/**
 * A trained model as executors receive it for inference: configuration JSON and parameters
 * (no updater state).
 *
 * @param configJson the network configuration
 * @param params     the parameters
 */
public record ModelBroadcast(String configJson, StateVector params) implements Serializable {
    /** The broadcast form of {@code net}. */
    public static ModelBroadcast of(MultiLayerNetwork net) {
        return new ModelBroadcast(net.conf().toJson(), StateVector.of(net, false));
    }

    /** Borrows a pooled network holding these parameters; give it back with {@link #release}. */
    MultiLayerNetwork borrow() {
        MultiLayerNetwork net = ExecutorNetworks.borrow(configJson);
        try {
            params.applyTo(net, false);
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    void release(MultiLayerNetwork net) {
        ExecutorNetworks.giveBack(configJson, net);
    }
}
