package org.pybridge.nn.io;

import org.pybridge.tensor.PyBridgeException;

/**
 * A model file that cannot be written or read: not a zip, truncated, corrupt (a checksum
 * mismatch), foreign (no pybridge metadata), from a newer format version, or with unsafe entry
 * names. The message names the file, what is wrong and what was expected.
 */
public class ModelFileException extends PyBridgeException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
