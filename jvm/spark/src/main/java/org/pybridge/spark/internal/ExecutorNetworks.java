package org.pybridge.spark.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NeuralNetConfiguration;

/**
 * Networks kept per executor JVM between tasks, keyed by configuration JSON: building one
 * (parsing the configuration, allocating parameters and updater state) is paid once per
 * concurrent task slot rather than once per task. A task borrows a network, overwrites its
 * whole state from the round's broadcast, and gives it back; nothing of one task's state
 * survives into the next, so reuse cannot change results.
 *
 * <p>Memory stays bounded: borrowing for a new configuration closes the idle networks of other
 * configurations, and {@link #clear()} closes every idle one (the driver calls it when a job
 * ends; in local mode that releases the executors' networks, which share its JVM).
 */
public final class ExecutorNetworks {
    private static final Map<String, Deque<MultiLayerNetwork>> IDLE = new HashMap<>();

    private ExecutorNetworks() {
    }

    /** A network for {@code configJson}, initialised; return it with {@link #giveBack}. */
    public static MultiLayerNetwork borrow(String configJson) {
        List<MultiLayerNetwork> stale = new ArrayList<>();
        MultiLayerNetwork net = null;
        synchronized (IDLE) {
            for (Map.Entry<String, Deque<MultiLayerNetwork>> e : IDLE.entrySet()) {
                if (!e.getKey().equals(configJson)) {
                    stale.addAll(e.getValue());
                    e.getValue().clear();
                }
            }
            IDLE.values().removeIf(Deque::isEmpty);
            Deque<MultiLayerNetwork> mine = IDLE.get(configJson);
            if (mine != null) {
                net = mine.pollFirst();
            }
        }
        stale.forEach(MultiLayerNetwork::close);
        if (net == null) {
            net = new MultiLayerNetwork(NeuralNetConfiguration.fromJson(configJson));
            net.init();
        }
        return net;
    }

    /** Returns a network borrowed for {@code configJson}, for reuse by the next task. */
    public static void giveBack(String configJson, MultiLayerNetwork net) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(configJson, k -> new ArrayDeque<>()).addFirst(net);
        }
    }

    /** Closes every idle network in this JVM (borrowed ones join the pool again when given back). */
    public static void clear() {
        List<MultiLayerNetwork> all = new ArrayList<>();
        synchronized (IDLE) {
            for (Deque<MultiLayerNetwork> d : IDLE.values()) {
                all.addAll(d);
            }
            IDLE.clear();
        }
        all.forEach(MultiLayerNetwork::close);
    }

    /** How many idle networks this JVM holds (for tests). */
    public static int idleCount() {
        synchronized (IDLE) {
            return IDLE.values().stream().mapToInt(Deque::size).sum();
        }
    }
}
