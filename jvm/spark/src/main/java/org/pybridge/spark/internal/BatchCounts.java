package org.pybridge.spark.internal;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Per partition of minibatches: {@code {partition, minibatches, examples}}. A named function
 * object run with {@code SparkContext.runJob}, which Spark's closure cleaner passes through
 * without parsing bytecode (see {@link LocalRoundFunction}).
 */
public final class BatchCounts extends AbstractFunction2<TaskContext,
        scala.collection.Iterator<Batch>, long[]> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Runs the count over every partition of {@code batches}. */
    public static long[][] of(JavaRDD<Batch> batches) {
        return (long[][]) batches.context().runJob(batches.rdd(), new BatchCounts(),
                ClassTag$.MODULE$.apply(long[].class));
    }

    @Override
    public long[] apply(TaskContext context, scala.collection.Iterator<Batch> batches) {
        long n = 0;
        long examples = 0;
        while (batches.hasNext()) {
            examples += batches.next().rows();
            n++;
        }
        return new long[] {context.partitionId(), n, examples};
    }
}
