package org.pybridge.spark.internal;

import java.io.Serializable;
import org.apache.spark.SparkEnv;

/**
 * Where a task ran: Spark's executor id ("driver" in local mode), the host and the process id,
 * which is what shows that training really ran in separate executor JVMs.
 */
public record WorkerInfo(String executorId, String host, long pid) implements Serializable {
    /** The executor this code runs in. */
    public static WorkerInfo current() {
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "unknown" : env.executorId();
        String host = env == null ? "unknown" : env.blockManager().blockManagerId().host();
        return new WorkerInfo(id, host, ProcessHandle.current().pid());
    }
}
