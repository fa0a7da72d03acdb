package org.pybridge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pybridge.spark.internal.ExecutorNetworks;
import org.pybridge.tensor.Memory;

/**
 * Makes every Spark test a leak test: open tensors and engine-owned off-heap bytes must be back
 * to their values at the start of the test. Executors of local mode share the test JVM, so
 * their pooled networks are released first (as the driver does after each job).
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ExecutorNetworks.clear();
        context.getStore(NS).put("tensors", Memory.openTensors());
        context.getStore(NS).put("used", Memory.used());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ExecutorNetworks.clear();
        long tensors = context.getStore(NS).get("tensors", Long.class);
        long used = context.getStore(NS).get("used", Long.class);
        assertEquals(tensors, Memory.openTensors(),
                "tensors left open by " + context.getDisplayName());
        assertEquals(used, Memory.used(), "off-heap bytes leaked by " + context.getDisplayName());
    }
}
