package org.pybridge.spark.internal;

import java.io.Serializable;

/**
 * What the driver broadcasts at the start of an averaging round: the configuration (executors
 * rebuild the network from it), the averaged state, and the counters and random stream that make
 * a worker's steps identical to local training.
 *
 * @param configJson     the network configuration
 * @param state          parameters + updater state
 * @param iteration      the global step count (updater bias corrections use it)
 * @param epoch          the epoch being trained
 * @param randomSeed     the training random stream's seed (dropout)
 * @param randomPosition its position
 */
public record RoundInput(String configJson, StateVector state, long iteration, int epoch,
        long randomSeed, long randomPosition) implements Serializable {
}
