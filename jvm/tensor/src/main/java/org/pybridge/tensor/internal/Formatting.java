package org.pybridge.tensor.internal;

import org.pybridge.tensor.DataType;
import org.pybridge.tensor.NDArray;

/** numpy-like text for tensors: nested brackets, long dimensions summarised with "...". */
public final class Formatting {
    private static final int EDGE = 3;
    private static final long SUMMARISE_ABOVE = 1000;

    private Formatting() {
    }

    public static String format(NDArray a) {
        StringBuilder sb = new StringBuilder("NDArray(");
        long[] shape = a.shape();
        boolean summarise = a.size() > SUMMARISE_ABOVE;
        long[] index = new long[shape.length];
        appendLevel(sb, a, shape, index, 0, summarise, 8);
        sb.append(", dtype=").append(a.dtype().numpyName()).append(')');
        return sb.toString();
    }

    private static void appendLevel(StringBuilder sb, NDArray a, long[] shape, long[] index,
            int dim, boolean summarise, int indent) {
        if (dim == shape.length) {
            appendValue(sb, a.dtype(), a.getDouble(index));
            return;
        }
        sb.append('[');
        long n = shape[dim];
        for (long i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = n - EDGE - 1;
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
                continue;
            }
            index[dim] = i;
            appendLevel(sb, a, shape, index, dim + 1, summarise, indent);
            if (i < n - 1) {
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    private static void appendValue(StringBuilder sb, DataType t, double v) {
        if (t == DataType.BOOL) {
            sb.append(v != 0 ? "true" : "false");
        } else if (t.isIntegral()) {
            sb.append((long) v);
        } else {
            sb.append(v == Math.rint(v) && Math.abs(v) < 1e16 ? String.valueOf((long) v) + "."
                    : String.format(java.util.Locale.ROOT, "%.6g", v));
        }
    }
}
