package org.pybridge.nn.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;
import org.pybridge.tensor.internal.Parallel;

/**
 * Runs an updater's element-wise kernel over a parameter, its gradient and its state arrays.
 *
 * <p>The fast path hands raw addresses to the kernel when every array is C-contiguous and shares
 * the parameter's dtype, float32 or float64; large arrays are split across threads. Anything else
 * (strided views, half-precision parameters, mixed dtypes) runs the float64 kernel on contiguous
 * float64 copies and writes the results back, so every layout gives the same answer.
 */
public final class UpdateSupport {
    /**
     * A kernel over {@code n} consecutive elements: the addresses point at the first of them
     * (parameter, gradient, then one per state array). Kernels keep a float32 and a float64 loop
     * because C2 compiles each to a tight loop only when the element type is fixed.
     */
    @FunctionalInterface
    public interface Kernel {
        void run(boolean f32, long n, long param, long grad, long[] state);
    }

    /** Rough cost of one element in "simple element-wise op" units, for the threading cut-off. */
    private static final long COST_PER_ELEMENT = 8;

    private UpdateSupport() {
    }

    /**
     * Checks the arguments of {@code Updater.apply} and runs {@code kernel} on them.
     *
     * @param updater    the updater's JSON name, for error messages
     * @param stateNames the state each array in {@code state} holds, in order
     */
    public static void run(String updater, String[] stateNames, NDArray param, NDArray grad,
            NDArray[] state, Kernel kernel) {
        check(updater, stateNames, param, grad, state);
        param.ensureWritable();
        for (NDArray s : state) {
            s.ensureWritable();
        }
        DataType t = param.dtype();
        boolean fast = (t == DataType.FLOAT32 || t == DataType.FLOAT64) && param.isContiguous()
                && grad.dtype() == t && grad.isContiguous();
        for (NDArray s : state) {
            fast &= s.dtype() == t && s.isContiguous();
        }
        if (fast) {
            runRaw(t == DataType.FLOAT32, param, grad, state, kernel);
        } else {
            runWidened(param, grad, state, kernel);
        }
    }

    private static void runRaw(boolean f32, NDArray param, NDArray grad, NDArray[] state,
            Kernel kernel) {
        long p = param.address();
        long g = grad.address();
        long[] s = new long[state.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = state[i].address();
        }
        long n = param.size();
        long w = f32 ? 4 : 8;
        Parallel.forRange(n, n * COST_PER_ELEMENT, (from, to) -> {
            long[] sf = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                sf[i] = s[i] + w * from;
            }
            kernel.run(f32, to - from, p + w * from, g + w * from, sf);
        });
    }

    private static void runWidened(NDArray param, NDArray grad, NDArray[] state, Kernel kernel) {
        NDArray[] wide = new NDArray[state.length + 2];
        try {
            wide[0] = widen(param);
            wide[1] = widen(grad);
            for (int i = 0; i < state.length; i++) {
                wide[i + 2] = widen(state[i]);
            }
            runRaw(false, wide[0], wide[1], Arrays.copyOfRange(wide, 2, wide.length), kernel);
            param.assign(wide[0]);
            for (int i = 0; i < state.length; i++) {
                state[i].assign(wide[i + 2]);
            }
        } finally {
            for (NDArray w : wide) {
                if (w != null) {
                    w.close();
                }
            }
        }
    }

    private static NDArray widen(NDArray a) {
        NDArray w = NDArray.empty(DataType.FLOAT64, a.shape());
        try {
            return w.assign(a);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private static void check(String updater, String[] names, NDArray param, NDArray grad,
            NDArray[] state) {
        if (param == null || grad == null || state == null) {
            throw new IllegalArgumentException(updater + ": param, grad and state must not be"
                    + " null (use createState(param) for the state; an empty array when the"
                    + " updater keeps none).");
        }
        if (!param.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(updater + ": parameters must be floating point,"
                    + " got " + param.dtype().numpyName() + ".");
        }
        if (!Arrays.equals(param.shape(), grad.shape())) {
            throw new ShapeException(updater + ": gradient shape " + Arrays.toString(grad.shape())
                    + " differs from the parameter shape " + Arrays.toString(param.shape())
                    + "; pass the gradient of this parameter.");
        }
        if (state.length != names.length) {
            throw new IllegalArgumentException(updater + " keeps " + names.length + " state"
                    + " arrays " + Arrays.toString(names) + " but " + state.length + " were"
                    + " given; create them with createState(param).");
        }
        for (int i = 0; i < state.length; i++) {
            if (state[i] == null || !Arrays.equals(param.shape(), state[i].shape())) {
                throw new ShapeException(updater + ": state '" + names[i] + "' has shape "
                        + (state[i] == null ? "null" : Arrays.toString(state[i].shape()))
                        + " but the parameter has shape " + Arrays.toString(param.shape())
                        + "; create the state with createState(param).");
            }
        }
    }

    /** The bias correction {@code 1 - beta^t} with {@code t = iteration + 1}. */
    public static double biasCorrection(double beta, long iteration) {
        return 1.0 - Math.pow(beta, iteration + 1.0);
    }

    /**
     * Reads the hyper-parameters of an updater's JSON form: every key must be "type" or one of
     * {@code keys}; missing keys take the values in {@code defaults}.
     *
     * @return the values in the order of {@code keys}
     */
    public static double[] readJson(String type, Map<String, Object> json, String[] keys,
            double[] defaults) {
        for (String k : json.keySet()) {
            if (!k.equals("type") && !Arrays.asList(keys).contains(k)) {
                throw new IllegalArgumentException("Unknown key '" + k + "' for updater '" + type
                        + "'; its keys are " + Arrays.toString(keys) + ".");
            }
        }
        double[] out = defaults.clone();
        for (int i = 0; i < keys.length; i++) {
            Object v = json.get(keys[i]);
            if (v == null) {
                continue;
            }
            if (!(v instanceof Number)) {
                throw new IllegalArgumentException("Updater '" + type + "': '" + keys[i]
                        + "' must be a number, got " + Json.write(v, false) + ".");
            }
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }

    /** The canonical JSON form: {"type": type, key: value, ...} in the given order. */
    public static Map<String, Object> toJson(String type, String[] keys, double... values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], values[i]);
        }
        return m;
    }

    /** Rejects a hyper-parameter outside {@code [lo, hi]} (or not finite) with a clear message. */
    public static void checkRange(String type, String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(type + ": " + name + " must be in [" + lo + ", "
                    + hi + "], got " + v + ".");
        }
    }
}
