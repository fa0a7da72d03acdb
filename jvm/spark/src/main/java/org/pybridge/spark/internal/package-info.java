/**
 * Internals of {@code org.pybridge.spark}: the executor-side tasks, the flat state vectors that
 * travel between driver and executors, the per-JVM network pool, checkpoints and Hadoop file
 * access. Not for users.
 */
package org.pybridge.spark.internal;
