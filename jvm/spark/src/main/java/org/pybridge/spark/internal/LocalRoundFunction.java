package org.pybridge.spark.internal;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

/**
 * One averaging round's task in local mode, as a plain function object run with
 * {@code SparkContext.runJob} on the cached minibatches.
 *
 * <p>{@code JavaRDD.mapPartitionsWithIndex(...).collect()} makes Spark's closure cleaner parse
 * the bytecode of two Scala lambdas' enclosing classes for every job; on two cores that was half
 * of a local job's 40-60 ms. A named class is not a closure, so it is passed through as it is,
 * and the minibatch RDD is reused from round to round.
 */
public final class LocalRoundFunction extends AbstractFunction2<TaskContext,
        scala.collection.Iterator<Batch>, WorkerResult> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RoundTask task;

    /** @param task the round (made with a {@link LocalExchange} key) */
    public LocalRoundFunction(RoundTask task) {
        this.task = task;
    }

    @Override
    public WorkerResult apply(TaskContext context, scala.collection.Iterator<Batch> batches) {
        return task.call(context.partitionId(), CollectionConverters.asJava(batches)).next();
    }
}
