package org.pybridge.tensor;

/**
 * Base of the engine's exceptions. The Python bridge maps it to {@code pybridge.PyBridgeError}
 * and its subclasses to matching Python subclasses, carrying the message and the Java stack.
 */
public class PyBridgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PyBridgeException(String message) {
        super(message);
    }

    public PyBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
