package org.pybridge.spark;

import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.SQLUserDefinedType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * A user-defined vector type shaped like Spark ML's {@code VectorUDT} (values with a public
 * {@code double[] toArray()}), so vector columns are tested without spark-mllib.
 */
public final class PointUdt extends UserDefinedType<PointUdt.Point> {
    private static final long serialVersionUID = 1L;

    /** A dense vector value. */
    @SQLUserDefinedType(udt = PointUdt.class)
    public static final class Point implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final double[] values;

        Point(double[] values) {
            this.values = values;
        }

        public double[] toArray() {
            return values.clone();
        }
    }

    /** Spark creates the type reflectively. */
    public PointUdt() {
    }

    @Override
    public DataType sqlType() {
        return DataTypes.createArrayType(DataTypes.DoubleType, false);
    }

    @Override
    public Object serialize(Point p) {
        Object[] boxed = new Object[p.values.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = p.values[i];
        }
        return new GenericArrayData(boxed);
    }

    @Override
    public Point deserialize(Object datum) {
        return new Point(((ArrayData) datum).toDoubleArray());
    }

    @Override
    public Class<Point> userClass() {
        return Point.class;
    }
}
