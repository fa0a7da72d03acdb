package org.pybridge.tensor;

/** Shapes that do not fit an operation (surfaces in Python as a {@code ValueError} subclass). */
public class ShapeException extends PyBridgeException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
