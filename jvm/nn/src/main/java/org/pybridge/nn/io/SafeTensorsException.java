package org.pybridge.nn.io;

import org.pybridge.tensor.PyBridgeException;

/**
 * Safetensors data that cannot be read: a bad header, offsets outside the data, an unsupported
 * dtype, truncated data. The message names the source, the tensor and what was expected.
 */
public class SafeTensorsException extends PyBridgeException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(String message) {
        super(message);
    }

    public SafeTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
