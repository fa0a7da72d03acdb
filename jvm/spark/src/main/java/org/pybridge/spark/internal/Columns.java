package org.pybridge.spark.internal;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.UserDefinedType;

/** Checks of the features and label columns a DataFrame offers, with messages that say why. */
public final class Columns {
    private Columns() {
    }

    /** The type of {@code column}; throws naming the columns that exist when it is missing. */
    public static DataType type(Dataset<Row> data, String column, String role) {
        if (column == null) {
            throw new IllegalArgumentException("The " + role + " column name is null.");
        }
        for (StructField f : data.schema().fields()) {
            if (f.name().equals(column)) {
                return f.dataType();
            }
        }
        throw new IllegalArgumentException("The DataFrame has no " + role + " column '" + column
                + "'; its columns are " + Arrays.toString(data.columns()) + ".");
    }

    /**
     * A vector column: a user-defined type whose values have a public {@code double[]
     * toArray()}, as Spark ML's (and mllib's) {@code Vector} do.
     */
    public static boolean isVector(DataType t) {
        if (!(t instanceof UserDefinedType<?> u)) {
            return false;
        }
        try {
            return u.userClass().getMethod("toArray").getReturnType() == double[].class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public static boolean isNumeric(DataType t) {
        return t instanceof NumericType || t instanceof BooleanType;
    }

    public static boolean isNumericArray(DataType t) {
        return t instanceof ArrayType a && isNumeric(a.elementType());
    }

    /** Checks that {@code column} holds a numeric array or an ML vector per row. */
    public static void checkFeatures(Dataset<Row> data, String column) {
        DataType t = type(data, column, "features");
        if (!isNumericArray(t) && !isVector(t)) {
            throw new IllegalArgumentException("The features column '" + column + "' has type "
                    + t.simpleString() + "; expected an array of numbers (array<float>,"
                    + " array<double>) or an ML Vector. Assemble the feature columns first,"
                    + " e.g. functions.array(col(\"a\"), col(\"b\")).");
        }
    }

    /**
     * Numbers per label: 1 for a numeric column (class ids, or one regression value), the
     * network's output size for an array or vector column.
     */
    public static int labelWidth(Dataset<Row> data, String column, int outputs) {
        DataType t = type(data, column, "label");
        if (isNumeric(t)) {
            return 1;
        }
        if (isNumericArray(t) || isVector(t)) {
            return outputs;
        }
        throw new IllegalArgumentException("The label column '" + column + "' has type "
                + t.simpleString() + "; expected a number (a class index or a regression value)"
                + " or an array of " + outputs + " numbers.");
    }
}
