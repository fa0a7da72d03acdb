package org.pybridge.spark.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.internal.ConfigMap;
import org.pybridge.nn.internal.Json;

/**
 * Training checkpoints in a directory on any Hadoop file system. Checkpoint {@code k} (k
 * averaging rounds done) is two files, each written atomically: {@code checkpoint-00000k.zip},
 * an ordinary model file (parameters, updater state, step counter, random stream), then
 * {@code checkpoint-00000k.json}, the position in the training loop. The JSON is written last,
 * so a checkpoint counts only once both exist; the latest such one is where training resumes.
 */
public final class Checkpoints {
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.json");

    private Checkpoints() {
    }

    /**
     * Where training stands: {@code rounds} averaging rounds done in all, the next round to run
     * is {@code roundInEpoch} of epoch {@code epoch}; and the settings that give rounds their
     * meaning, which a resumed run must share.
     *
     * @param rounds             rounds done
     * @param epoch              the epoch to continue in
     * @param roundInEpoch       the round to continue with, in that epoch
     * @param roundsPerEpoch     rounds per epoch for this data and these settings
     * @param workers            partitions trained in parallel
     * @param batchSizePerWorker examples per minibatch
     * @param averagingFrequency minibatches per worker per round
     */
    public record Progress(long rounds, int epoch, int roundInEpoch, int roundsPerEpoch,
            int workers, int batchSizePerWorker, int averagingFrequency) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rounds", rounds);
            m.put("epoch", (long) epoch);
            m.put("round_in_epoch", (long) roundInEpoch);
            m.put("rounds_per_epoch", (long) roundsPerEpoch);
            m.put("workers", (long) workers);
            m.put("batch_size_per_worker", (long) batchSizePerWorker);
            m.put("averaging_frequency", (long) averagingFrequency);
            return m;
        }

        static Progress fromJson(String json, String source) {
            ConfigMap m = new ConfigMap(Json.parseObject(json), source);
            Progress p = new Progress(m.requireLong("rounds"),
                    Math.toIntExact(m.requireLong("epoch")),
                    Math.toIntExact(m.requireLong("round_in_epoch")),
                    Math.toIntExact(m.requireLong("rounds_per_epoch")),
                    Math.toIntExact(m.requireLong("workers")),
                    Math.toIntExact(m.requireLong("batch_size_per_worker")),
                    Math.toIntExact(m.requireLong("averaging_frequency")));
            m.finish(java.util.List.of("rounds", "epoch", "round_in_epoch", "rounds_per_epoch",
                    "workers", "batch_size_per_worker", "averaging_frequency"));
            return p;
        }
    }

    /**
     * A checkpoint found in a directory; the caller closes {@code network}.
     *
     * @param network  the model as saved
     * @param progress where training stood
     * @param path     the model file's path
     */
    public record Loaded(MultiLayerNetwork network, Progress progress, String path) {
    }

    private static String base(long rounds) {
        return String.format(Locale.ROOT, "checkpoint-%06d", rounds);
    }

    /** Writes checkpoint {@code progress.rounds()} of {@code net} into {@code dir}. */
    public static String write(String dir, MultiLayerNetwork net, Progress progress) {
        HadoopFiles.mkdirs(dir);
        String model = HadoopFiles.child(dir, base(progress.rounds()) + ".zip");
        HadoopFiles.saveNetwork(net, model);
        HadoopFiles.writeText(HadoopFiles.child(dir, base(progress.rounds()) + ".json"),
                Json.write(progress.toJson(), true));
        return model;
    }

    /** The latest complete checkpoint in {@code dir}, or null when there is none. */
    public static Loaded latest(String dir) {
        long best = -1;
        for (String name : HadoopFiles.list(dir)) {
            Matcher m = NAME.matcher(name);
            if (m.matches()) {
                best = Math.max(best, Long.parseLong(m.group(1)));
            }
        }
        if (best < 0) {
            return null;
        }
        String json = HadoopFiles.child(dir, base(best) + ".json");
        Progress p = Progress.fromJson(HadoopFiles.readText(json), json);
        String model = HadoopFiles.child(dir, base(best) + ".zip");
        return new Loaded(HadoopFiles.loadNetwork(model), p, model);
    }
}
