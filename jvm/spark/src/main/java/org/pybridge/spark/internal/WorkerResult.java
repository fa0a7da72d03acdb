package org.pybridge.spark.internal;

import java.io.Serializable;

/**
 * What one partition's task returns from an averaging round: its state after training (null
 * when the partition had no batch left this round), and its counters and timings.
 *
 * @param partition      the partition index
 * @param state          parameters + updater state after the round, or null when idle
 * @param iterations     minibatches fitted
 * @param examples       examples fitted
 * @param scoreSum       sum of the minibatch losses
 * @param loadMs         time to read the broadcast and load it into the network
 * @param fitMs          time spent fitting
 * @param randomPosition the training random stream's position after the round
 * @param worker         where the task ran
 */
public record WorkerResult(int partition, StateVector state, int iterations, long examples,
        double scoreSum, double loadMs, double fitMs, long randomPosition, WorkerInfo worker)
        implements Serializable {
    /** This result with the state left out (what travels when the state is handed over). */
    public WorkerResult withoutState() {
        return new WorkerResult(partition, null, iterations, examples, scoreSum, loadMs, fitMs,
                randomPosition, worker);
    }
}
