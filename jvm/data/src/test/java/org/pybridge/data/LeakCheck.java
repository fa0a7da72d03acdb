package org.pybridge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pybridge.tensor.Memory;

/**
 * Makes every data test a leak test: open tensors and engine-owned off-heap bytes must be back to
 * their values at the start of the test. Use with {@code @ExtendWith(LeakCheck.class)}.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("tensors", Memory.openTensors());
        context.getStore(NS).put("used", Memory.used());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long tensors = context.getStore(NS).get("tensors", Long.class);
        long used = context.getStore(NS).get("used", Long.class);
        assertEquals(tensors, Memory.openTensors(),
                "tensors left open by " + context.getDisplayName());
        assertEquals(used, Memory.used(), "off-heap bytes leaked by " + context.getDisplayName());
    }
}
