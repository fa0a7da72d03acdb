package org.pybridge.spark.internal;

import java.io.Serializable;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NetworkState;
import org.pybridge.tensor.DataType;

/**
 * A network's parameters (and optionally updater state) as one flat primitive array, in the
 * network's precision: what travels between driver and executors. Java serialization of a
 * primitive array is a bulk copy, so this is as compact as raw bytes; networks themselves are
 * never serialized, executors rebuild them from the configuration JSON.
 */
public final class StateVector implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] values32;
    private final double[] values64;

    private StateVector(float[] values32, double[] values64) {
        this.values32 = values32;
        this.values64 = values64;
    }

    /** A copy of {@code net}'s state. */
    public static StateVector of(MultiLayerNetwork net, boolean withUpdater) {
        int n = NetworkState.length(net, withUpdater);
        if (net.conf().dataType() == DataType.FLOAT64) {
            double[] v = new double[n];
            NetworkState.get(net, withUpdater, v);
            return new StateVector(null, v);
        }
        float[] v = new float[n];
        NetworkState.get(net, withUpdater, v);
        return new StateVector(v, null);
    }

    /** A vector of these float32 values (not copied). */
    static StateVector of(float[] values) {
        return new StateVector(values, null);
    }

    /** The float32 values (not copied), or null for a float64 vector. */
    float[] floats() {
        return values32;
    }

    /** The mean of sums over {@code count} vectors, in float32 or float64. */
    static StateVector mean(double[] sums, int count, boolean float64) {
        if (float64) {
            double[] v = new double[sums.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = sums[i] / count;
            }
            return new StateVector(null, v);
        }
        float[] v = new float[sums.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (sums[i] / count);
        }
        return new StateVector(v, null);
    }

    /**
     * The element-wise mean of {@code vectors} (same length and precision), summed in double
     * per element: one pass and no array of sums.
     */
    static StateVector meanOf(java.util.List<StateVector> vectors) {
        int count = vectors.size();
        StateVector first = vectors.get(0);
        int n = first.length();
        for (StateVector v : vectors) {
            if (v.length() != n || v.isFloat64() != first.isFloat64()) {
                throw new IllegalStateException("Workers returned states of " + n + " and "
                        + v.length() + " values; every worker must train the same"
                        + " configuration.");
            }
        }
        if (first.isFloat64()) {
            double[] out = new double[n];
            for (StateVector v : vectors) {
                double[] x = v.values64;
                for (int i = 0; i < n; i++) {
                    out[i] += x[i];
                }
            }
            for (int i = 0; i < n; i++) {
                out[i] /= count;
            }
            return new StateVector(null, out);
        }
        float[] out = new float[n];
        if (count == 2) {
            float[] a = vectors.get(0).values32;
            float[] b = vectors.get(1).values32;
            for (int i = 0; i < n; i++) {
                out[i] = (float) (((double) a[i] + b[i]) / 2);
            }
            return new StateVector(out, null);
        }
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (StateVector v : vectors) {
                sum += v.values32[i];
            }
            out[i] = (float) (sum / count);
        }
        return new StateVector(out, null);
    }

    /** Writes this state into {@code net} (same configuration). */
    public void applyTo(MultiLayerNetwork net, boolean withUpdater) {
        if (values32 != null) {
            NetworkState.set(net, withUpdater, values32);
        } else {
            NetworkState.set(net, withUpdater, values64);
        }
    }

    public int length() {
        return values32 != null ? values32.length : values64.length;
    }

    boolean isFloat64() {
        return values64 != null;
    }

    /** Adds this vector into {@code sums}, element by element. */
    void addTo(double[] sums) {
        if (values32 != null) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += values32[i];
            }
        } else {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += values64[i];
            }
        }
    }
}
