package org.pybridge.nn;

/**
 * The network-wide defaults a builder applies to layers that leave a setting unset: the
 * activation (dense layers only), weight init, bias init and input dropout.
 */
record LayerDefaults(ActivationFunction activation, WeightInitScheme weightInit, double biasInit,
        double dropout) {
    /** Used when the network builder sets none: identity, xavier, 0, no dropout. */
    static final LayerDefaults BUILT_IN = new LayerDefaults(Activation.IDENTITY.function(),
            WeightInit.XAVIER, 0.0, 0.0);
}
