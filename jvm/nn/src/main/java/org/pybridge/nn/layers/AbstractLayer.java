package org.pybridge.nn.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pybridge.nn.LayerConfig;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/**
 * Common state of built layers: index, configuration, shapes and the parameter arrays, which
 * the layer owns and closes.
 */
public abstract class AbstractLayer implements Layer {
    private final int index;
    private final LayerConfig config;
    private final long[] inputShape;
    private final long[] outputShape;
    private final DataType dataType;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, NDArray> view = Collections.unmodifiableMap(params);

    protected AbstractLayer(LayerSetup setup, LayerConfig config) {
        this.index = setup.index();
        this.config = config;
        this.inputShape = setup.inputShape();
        this.outputShape = config.outputShape(inputShape);
        this.dataType = setup.dataType();
    }

    /** Adds a parameter; the layer owns {@code value} from now on. */
    protected final NDArray addParam(String name, NDArray value) {
        if (params.containsKey(name)) {
            value.close();
            throw new IllegalStateException("Layer " + index + " already has a parameter '"
                    + name + "'.");
        }
        params.put(name, value);
        return value;
    }

    /** The parameter dtype of this layer's network. */
    protected final DataType dataType() {
        return dataType;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public LayerConfig config() {
        return config;
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
    }

    @Override
    public Map<String, NDArray> params() {
        return view;
    }

    @Override
    public boolean isTrainable(String param) {
        return params.containsKey(param);
    }

    @Override
    public boolean isBias(String param) {
        return param.equals("b");
    }

    /** Closes every parameter (and whatever {@link #closeExtra()} adds). */
    @Override
    public void close() {
        for (NDArray p : params.values()) {
            p.close();
        }
        closeExtra();
    }

    /** Closes arrays a subclass holds besides its parameters. */
    protected void closeExtra() {
    }

    /**
     * Runs {@code build} and closes every parameter created so far if it fails, so that a
     * layer that cannot be built leaks nothing.
     */
    protected final void building(Runnable build) {
        try {
            build.run();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }
}
