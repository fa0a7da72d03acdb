package org.pybridge.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.layers.Layer;
import org.pybridge.tensor.NDArray;

/**
 * A network's training state as one flat vector, for engines that move it between processes
 * (parameter averaging on Spark): the parameters in {@link MultiLayerNetwork#paramKeys()} order,
 * then, optionally, the updater state (per trainable parameter in the same order, each state
 * array in {@link Updater#stateNames()} order). Also the counters and the training random stream
 * that make a resumed or distributed step identical to a local one.
 *
 * <pre>{@code
 * float[] v = new float[NetworkState.length(net, true)];
 * NetworkState.get(net, true, v);        // parameters + updater state
 * NetworkState.set(other, true, v);      // other: a network of the same configuration
 * }</pre>
 */
public final class NetworkState {
    private NetworkState() {
    }

    /** The number of values: parameters, plus the updater state when {@code withUpdater}. */
    public static int length(MultiLayerNetwork net, boolean withUpdater) {
        long n = 0;
        for (NDArray a : arrays(net, withUpdater)) {
            n += a.size();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("The network's state has " + n + " values, more"
                    + " than a Java array holds (" + (Integer.MAX_VALUE - 8) + ").");
        }
        return (int) n;
    }

    /** Copies the state into {@code out} (of {@link #length} values), converting to float. */
    public static void get(MultiLayerNetwork net, boolean withUpdater, float[] out) {
        int at = 0;
        for (NDArray a : arrays(net, withUpdater)) {
            float[] v = a.toFloatArray();
            checkRoom(out.length, at, v.length, net, withUpdater);
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        checkFilled(out.length, at, "output");
    }

    /** Copies the state into {@code out} (of {@link #length} values) as doubles. */
    public static void get(MultiLayerNetwork net, boolean withUpdater, double[] out) {
        int at = 0;
        for (NDArray a : arrays(net, withUpdater)) {
            double[] v = a.toDoubleArray();
            checkRoom(out.length, at, v.length, net, withUpdater);
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        checkFilled(out.length, at, "output");
    }

    /** Writes {@code values} (of {@link #length} values) into the network's state. */
    public static void set(MultiLayerNetwork net, boolean withUpdater,
            float[] values) {
        int at = 0;
        for (NDArray a : arrays(net, withUpdater)) {
            int n = Math.toIntExact(a.size());
            checkRoom(values.length, at, n, net, withUpdater);
            float[] part = new float[n];
            System.arraycopy(values, at, part, 0, n);
            try (NDArray src = NDArray.create(part, a.shape())) {
                a.assign(src);
            }
            at += n;
        }
        checkFilled(values.length, at, "input");
    }

    /** Writes {@code values} (of {@link #length} values) into the network's state. */
    public static void set(MultiLayerNetwork net, boolean withUpdater, double[] values) {
        int at = 0;
        for (NDArray a : arrays(net, withUpdater)) {
            int n = Math.toIntExact(a.size());
            checkRoom(values.length, at, n, net, withUpdater);
            double[] part = new double[n];
            System.arraycopy(values, at, part, 0, n);
            try (NDArray src = NDArray.create(part, a.shape())) {
                a.assign(src);
            }
            at += n;
        }
        checkFilled(values.length, at, "input");
    }

    /**
     * Sets the step and epoch counters (the updater's bias corrections use the step), keeping
     * the seed, the random stream and the last score.
     */
    public static void setCounters(MultiLayerNetwork net, long iteration, int epoch) {
        Map<String, Object> s = state(net);
        net.restoreTrainingState((Long) s.get("seed"), iteration, epoch,
                (Long) s.get("random_seed"), (Long) s.get("random_position"),
                (Double) s.get("score"));
    }

    /** The seed of the training random stream (dropout, shuffling). */
    public static long randomSeed(MultiLayerNetwork net) {
        return (Long) state(net).get("random_seed");
    }

    /** How many values the training random stream has produced. */
    public static long randomPosition(MultiLayerNetwork net) {
        return (Long) state(net).get("random_position");
    }

    /** Moves the training random stream to {@code position} of the stream of {@code seed}. */
    public static void setRandomStream(MultiLayerNetwork net, long seed, long position) {
        Map<String, Object> s = state(net);
        net.restoreTrainingState((Long) s.get("seed"), net.getIterationCount(),
                net.getEpochCount(), seed, position, (Double) s.get("score"));
    }

    /** The training state map of an initialised network. */
    private static Map<String, Object> state(MultiLayerNetwork net) {
        net.getLayers();
        return net.trainingState();
    }

    /** The live arrays in state order (owned by the network: never closed here). */
    private static List<NDArray> arrays(MultiLayerNetwork net, boolean withUpdater) {
        List<NDArray> out = new ArrayList<>();
        for (Layer l : net.getLayers()) {
            out.addAll(l.params().values());
        }
        if (withUpdater) {
            for (NDArray[] state : net.updaterState().values()) {
                out.addAll(List.of(state));
            }
        }
        return out;
    }

    private static void checkRoom(int capacity, int at, int n, MultiLayerNetwork net,
            boolean withUpdater) {
        if (at + n > capacity) {
            throw new IllegalArgumentException("The state vector has " + capacity + " values but"
                    + " this network's " + (withUpdater ? "parameters and updater state need "
                    : "parameters need ") + length(net, withUpdater) + "; size it with"
                    + " NetworkState.length(net, " + withUpdater + ").");
        }
    }

    private static void checkFilled(int capacity, int at, String which) {
        if (at != capacity) {
            throw new IllegalArgumentException("The " + which + " state vector has " + capacity
                    + " values but the network's state has " + at + "; size it with"
                    + " NetworkState.length.");
        }
    }
}
