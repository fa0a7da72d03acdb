package org.pybridge.tensor;

/** A dtype that an operation does not support (surfaces in Python as a {@code TypeError}). */
public class DataTypeException extends PyBridgeException {
    private static final long serialVersionUID = 1L;

    public DataTypeException(String message) {
        super(message);
    }
}
