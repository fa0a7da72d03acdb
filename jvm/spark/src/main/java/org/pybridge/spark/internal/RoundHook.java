package org.pybridge.spark.internal;

import java.io.Serializable;

/**
 * Called on the executor before a partition's work in an averaging round: the way tests inject
 * a task failure (throwing on the first attempt) to prove that Spark's retry gives a valid
 * result. Not for production use.
 */
@FunctionalInterface
public interface RoundHook extends Serializable {
    /**
     * @param round     the global round number, from 0
     * @param partition the partition (worker) index
     * @param attempt   Spark's attempt number of this task, from 0
     */
    void beforeRound(long round, int partition, int attempt);
}
