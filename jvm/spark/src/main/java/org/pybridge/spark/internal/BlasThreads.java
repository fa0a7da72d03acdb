package org.pybridge.spark.internal;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.pybridge.tensor.internal.Blas;

/**
 * Native BLAS threads for Spark tasks. OpenBLAS starts one thread per core by default; with
 * several tasks per executor each multi-threaded GEMM competes with the others' and training
 * slows several-fold. Spark gives each task {@code spark.task.cpus} cores (1 by default), so an
 * executor sets BLAS to that many threads on its first task. In local mode the executors are
 * the driver's JVM, which the user also trains in: there the driver sets cores / task slots for
 * the duration of a job and restores its own setting afterwards ({@link #forLocalJob}).
 */
public final class BlasThreads {
    private static volatile boolean executorConfigured;

    private BlasThreads() {
    }

    /** Restores the driver's BLAS threads when closed. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /** Called at the start of every task: configures an executor JVM once. */
    public static void configureExecutor() {
        if (executorConfigured) {
            return;
        }
        SparkEnv env = SparkEnv.get();
        if (env == null || "driver".equals(env.executorId())) {
            return;
        }
        synchronized (BlasThreads.class) {
            if (!executorConfigured) {
                TaskContext tc = TaskContext.get();
                Blas.setThreads(Math.max(1, tc == null ? 1 : tc.cpus()));
                executorConfigured = true;
            }
        }
    }

    /**
     * In local mode, sets BLAS threads to cores / concurrent tasks; the returned handle
     * restores the previous count. Outside local mode it does nothing.
     */
    public static Restore forLocalJob(boolean local, int concurrentTasks) {
        if (!local || concurrentTasks <= 1) {
            return () -> { };
        }
        int previous = Blas.threads();
        int share = Math.max(1, Runtime.getRuntime().availableProcessors() / concurrentTasks);
        if (share == previous) {
            return () -> { };
        }
        Blas.setThreads(share);
        return () -> Blas.setThreads(previous);
    }
}
