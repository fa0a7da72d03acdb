package org.pybridge.nn;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.Json;
import org.pybridge.nn.io.ModelFile;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.preprocess.Normalizer;
import org.pybridge.tensor.NDArray;

/**
 * Saving and loading a {@link MultiLayerNetwork} as a {@link ModelFile}: the configuration JSON,
 * the parameters by key ({@code "0_W"}), the updater state by key and state name
 * ({@code "0_W.m"}), and a {@code training_state.json} entry with the counters and the position
 * of the training random stream, which is what makes resumed training exact.
 */
final class NetworkFiles {
    /** The model-file entry holding the training state. */
    static final String TRAINING_STATE = "training_state.json";
    /** The model-file entry holding the normalizer JSON, when the network has one. */
    static final String NORMALIZER = "normalizer.json";
    /** The model-file entry holding the opaque transform JSON, when the network has one. */
    static final String TRANSFORM = "transform.json";

    private NetworkFiles() {
    }

    static void save(MultiLayerNetwork net, Path path) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Layer l : net.getLayers()) {
            for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                params.put(l.index() + "_" + p.getKey(), p.getValue());
            }
        }
        Map<String, NDArray> state = new LinkedHashMap<>();
        String[] names = net.conf().updater().stateNames();
        for (Map.Entry<String, NDArray[]> e : net.updaterState().entrySet()) {
            for (int i = 0; i < names.length; i++) {
                state.put(e.getKey() + "." + names[i], e.getValue()[i]);
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(TRAINING_STATE, Json.write(net.trainingState(), true));
        Normalizer norm = net.getNormalizer();
        if (norm != null) {
            extra.put(NORMALIZER, norm.toJson());
        }
        if (net.transformJson() != null) {
            extra.put(TRANSFORM, net.transformJson());
        }
        ModelFile.write(path, MultiLayerNetwork.MODEL_TYPE, net.conf().toJson(), params, state,
                extra);
    }

    static MultiLayerNetwork load(Path path) {
        try (ModelFile file = ModelFile.read(path)) {
            if (!MultiLayerNetwork.MODEL_TYPE.equals(file.modelType())) {
                throw new IllegalArgumentException(path + " holds a model of type '"
                        + file.modelType() + "', not a " + MultiLayerNetwork.MODEL_TYPE + ".");
            }
            NeuralNetConfiguration conf;
            try {
                conf = NeuralNetConfiguration.fromJson(file.configJson());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": invalid configuration: "
                        + e.getMessage(), e);
            }
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            try {
                net.init();
                net.setParams(file.params());
                restoreUpdaterState(net, file.updaterState(), path);
                restoreTrainingState(net, file.entry(TRAINING_STATE), path);
                Optional<String> norm = file.entry(NORMALIZER);
                if (norm.isPresent()) {
                    try {
                        net.setNormalizer(Normalizer.fromJson(norm.get()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(path + ": invalid " + NORMALIZER
                                + ": " + e.getMessage(), e);
                    }
                }
                net.setTransformJson(file.entry(TRANSFORM).orElse(null));
                return net;
            } catch (RuntimeException e) {
                net.close();
                throw e;
            }
        }
    }

    /** Saved state replaces the fresh zeros; a file without any (inference-only) keeps them. */
    private static void restoreUpdaterState(MultiLayerNetwork net, Map<String, NDArray> saved,
            Path path) {
        if (saved.isEmpty()) {
            return;
        }
        String[] names = net.conf().updater().stateNames();
        for (Map.Entry<String, NDArray[]> e : net.updaterState().entrySet()) {
            for (int i = 0; i < names.length; i++) {
                String key = e.getKey() + "." + names[i];
                NDArray value = saved.get(key);
                if (value == null) {
                    throw new IllegalArgumentException(path + ": the updater state has no entry '"
                            + key + "' for updater " + net.conf().updater().jsonName()
                            + "; the file is incomplete.");
                }
                NDArray target = e.getValue()[i];
                if (!java.util.Arrays.equals(value.shape(), target.shape())) {
                    throw new IllegalArgumentException(path + ": updater state '" + key
                            + "' has shape " + java.util.Arrays.toString(value.shape())
                            + ", expected " + java.util.Arrays.toString(target.shape()) + ".");
                }
                target.assign(value);
            }
        }
    }

    private static void restoreTrainingState(MultiLayerNetwork net, Optional<String> json,
            Path path) {
        if (json.isEmpty()) {
            return;
        }
        ConfigMap m = new ConfigMap(Json.parseObject(json.get()), path + ": " + TRAINING_STATE);
        m.finish(java.util.List.of("seed", "iteration", "epoch", "random_seed",
                "random_position", "score"));
        net.restoreTrainingState(m.requireLong("seed"), m.requireLong("iteration"),
                Math.toIntExact(m.requireLong("epoch")), m.requireLong("random_seed"),
                m.requireLong("random_position"), m.optDouble("score", null));
    }
}
