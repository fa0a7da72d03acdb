package org.pybridge.tensor;

/** An allocation would pass the configured off-heap limit (see {@link Memory#setLimit}). */
public class TensorOutOfMemoryException extends PyBridgeException {
    private static final long serialVersionUID = 1L;

    public TensorOutOfMemoryException(String message) {
        super(message);
    }
}
