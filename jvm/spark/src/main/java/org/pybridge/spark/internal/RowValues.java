package org.pybridge.spark.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;

/**
 * Reads numbers out of {@link Row} values: Spark arrays (Scala sequences of boxed numbers), ML
 * vectors ({@code org.apache.spark.ml.linalg.Vector}, read through its {@code toArray()} so that
 * spark-mllib is needed only when such columns exist), and scalars.
 */
public final class RowValues {
    private static final ConcurrentHashMap<Class<?>, MethodHandle> TO_ARRAY =
            new ConcurrentHashMap<>();

    private RowValues() {
    }

    /**
     * Copies exactly {@code width} numbers of {@code row}'s column {@code index} into
     * {@code out} from {@code offset} (floats) or {@code out64} (doubles; the other is null).
     */
    public static void copy(Row row, int index, String column, int width, float[] out,
            double[] out64, int offset) {
        Object v = row.get(index);
        if (v == null) {
            throw new IllegalArgumentException("Column '" + column + "' has a null value; every"
                    + " row needs " + width + " numbers (drop or fill nulls first, e.g."
                    + " df.na().drop()).");
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            checkWidth(seq.length(), width, column);
            for (int i = 0; i < width; i++) {
                double d = number(seq.apply(i), column);
                if (out != null) {
                    out[offset + i] = (float) d;
                } else {
                    out64[offset + i] = d;
                }
            }
            return;
        }
        if (v instanceof Number n && width == 1) {
            if (out != null) {
                out[offset] = n.floatValue();
            } else {
                out64[offset] = n.doubleValue();
            }
            return;
        }
        double[] values = vectorValues(v, column);
        checkWidth(values.length, width, column);
        for (int i = 0; i < width; i++) {
            if (out != null) {
                out[offset + i] = (float) values[i];
            } else {
                out64[offset + i] = values[i];
            }
        }
    }

    /** One number: a numeric or boolean scalar column. */
    public static double scalar(Row row, int index, String column) {
        Object v = row.get(index);
        if (v == null) {
            throw new IllegalArgumentException("Column '" + column + "' has a null value; drop"
                    + " or fill nulls first (e.g. df.na().drop()).");
        }
        return number(v, column);
    }

    private static double number(Object v, String column) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalArgumentException("Column '" + column + "' holds "
                + (v == null ? "a null element" : "a " + v.getClass().getName())
                + " where a number is expected; cast it to a numeric type or array of numbers.");
    }

    private static void checkWidth(int got, int width, String column) {
        if (got != width) {
            throw new IllegalArgumentException("Column '" + column + "' has a row of " + got
                    + " values; the network expects " + width + " per row.");
        }
    }

    /** The values of an ML vector (dense or sparse), via its public {@code toArray()}. */
    private static double[] vectorValues(Object v, String column) {
        MethodHandle h = TO_ARRAY.computeIfAbsent(v.getClass(), RowValues::toArrayHandle);
        if (h == null) {
            throw new IllegalArgumentException("Column '" + column + "' holds values of type "
                    + v.getClass().getName() + "; expected an array of numbers, an ML Vector or"
                    + " a number.");
        }
        try {
            return (double[]) h.invoke(v);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Reading vector column '" + column + "' failed: "
                    + t, t);
        }
    }

    private static MethodHandle toArrayHandle(Class<?> c) {
        try {
            return MethodHandles.publicLookup().findVirtual(c, "toArray",
                    MethodType.methodType(double[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
