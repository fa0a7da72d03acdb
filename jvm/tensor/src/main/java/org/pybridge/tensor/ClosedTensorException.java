package org.pybridge.tensor;

/** Thrown when a tensor is used after {@code close()}: an error, never a crash. */
public class ClosedTensorException extends PyBridgeException {
    private static final long serialVersionUID = 1L;

    public ClosedTensorException(String message) {
        super(message);
    }
}
