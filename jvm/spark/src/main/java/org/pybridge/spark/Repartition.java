package org.pybridge.spark;

/**
 * When {@link SparkTrainer} repartitions the training data before caching it as minibatches
 * (DL4J's {@code Repartition}): one partition per worker, of balanced sizes, is what makes
 * every worker fit the same number of minibatches per round.
 *
 * <pre>{@code
 * SparkTrainer.builder(conf).workers(4).repartition(Repartition.WHEN_NEEDED).build();
 * }</pre>
 */
public enum Repartition {
    /** Always shuffle into {@code workers} balanced partitions (the default). */
    ALWAYS,
    /** Never: each existing partition is one worker, whatever {@code workers} says. */
    NEVER,
    /** Only when the number of partitions differs from {@code workers}. */
    WHEN_NEEDED
}
