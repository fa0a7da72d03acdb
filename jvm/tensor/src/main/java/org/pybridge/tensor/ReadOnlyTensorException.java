package org.pybridge.tensor;

/** A write into a tensor that wraps read-only memory (for example a read-only numpy array). */
public class ReadOnlyTensorException extends PyBridgeException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyTensorException(String message) {
        super(message);
    }
}
