package org.pybridge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Numeric steps; each writes a double column. The arithmetic order matches the Python
 * executor's exactly, so both round the same ({@code (x - mean) / std}, ...).
 */
final class NumericSteps {
    static final List<String> MATH_OPS = List.of("add", "subtract", "multiply", "divide", "power");
    static final List<String> COLUMN_OPS = List.of("add", "subtract", "multiply", "divide");
    static final List<String> FUNCTIONS = List.of("abs", "negate", "square", "sqrt", "exp", "log",
            "log1p", "log10", "floor", "ceil", "round", "sign");

    private NumericSteps() {
    }

    private static Map<String, Object> json(String op, String column) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("column", column);
        return m;
    }

    private static Schema toDouble(Schema in, String column, String op) {
        if (in == null) {
            return null;
        }
        Step.need(in, column, op, ColumnType.Kind.INT64, ColumnType.Kind.DOUBLE);
        return Step.replace(in, column, ColumnType.DOUBLE);
    }

    /** C's {@code pow}, which pyarrow uses: Java's differs for a base of 1 and -1. */
    static double pow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) {
            return 1.0;
        }
        return Math.pow(x, y);
    }

    /** The operator once, so loops do not switch per element. */
    static DoubleBinaryOperator binary(String op) {
        switch (op) {
            case "add": return (a, b) -> a + b;
            case "subtract": return (a, b) -> a - b;
            case "multiply": return (a, b) -> a * b;
            case "divide": return (a, b) -> a / b;
            default: return NumericSteps::pow;
        }
    }

    /** {@code column <operation> value}. */
    record MathStep(String column, String operation, double value) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            return toDouble(in, column, "math " + operation);
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            double[] x = Step.doubles(c);
            double[] y = new double[x.length];
            switch (operation) {
                case "add":
                    for (int i = 0; i < y.length; i++) {
                        y[i] = x[i] + value;
                    }
                    break;
                case "multiply":
                    for (int i = 0; i < y.length; i++) {
                        y[i] = x[i] * value;
                    }
                    break;
                default:
                    DoubleBinaryOperator f = binary(operation);
                    for (int i = 0; i < y.length; i++) {
                        y[i] = f.applyAsDouble(x[i], value);
                    }
            }
            return Step.replace(t, Column.doubles(column, y, c.valid));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("math", column);
            m.put("operation", operation);
            m.put("value", value);
            return m;
        }

        @Override
        public String describe() {
            return "math " + operation + " on '" + column + "'";
        }
    }

    static DoubleUnaryOperator function(String fn) {
        switch (fn) {
            case "abs": return Math::abs;
            case "negate": return x -> -x;
            case "square": return x -> x * x;
            case "sqrt": return Math::sqrt;
            case "exp": return Math::exp;
            case "log": return Math::log;
            case "log1p": return Math::log1p;
            case "log10": return Math::log10;
            case "floor": return Math::floor;
            case "ceil": return Math::ceil;
            case "round": return Math::rint;
            default: return x -> x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x;
        }
    }

    /** A function of one value. */
    record Unary(String column, String function) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            return toDouble(in, column, function);
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            double[] x = Step.doubles(c);
            double[] y = new double[x.length];
            DoubleUnaryOperator f = NumericSteps.function(function);
            for (int i = 0; i < y.length; i++) {
                y[i] = f.applyAsDouble(x[i]);
            }
            return Step.replace(t, Column.doubles(column, y, c.valid));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("unary", column);
            m.put("function", function);
            return m;
        }

        @Override
        public String describe() {
            return function + " on '" + column + "'";
        }
    }

    /** Limits values to [min, max] (null: no bound); NaN stays NaN. */
    record Clip(String column, Double min, Double max) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            return toDouble(in, column, "clip");
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            double[] x = Step.doubles(c);
            double[] y = new double[x.length];
            double lo = min == null ? Double.NaN : min;
            double hi = max == null ? Double.NaN : max;
            for (int i = 0; i < y.length; i++) {
                double v = x[i];
                // NaN bounds never compare true, so a missing bound is a no-op.
                v = v < lo ? lo : v;
                y[i] = v > hi ? hi : v;
            }
            return Step.replace(t, Column.doubles(column, y, c.valid));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("clip", column);
            m.put("min", min);
            m.put("max", max);
            return m;
        }

        @Override
        public String describe() {
            return "clip on '" + column + "'";
        }
    }

    /** Appends {@code newColumn = a <operation> b}. */
    record ColumnMath(String a, String b, String operation, String newColumn) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            Step.need(in, a, "column_math", ColumnType.Kind.INT64, ColumnType.Kind.DOUBLE);
            Step.need(in, b, "column_math", ColumnType.Kind.INT64, ColumnType.Kind.DOUBLE);
            Step.newName(in, newColumn, "column_math");
            List<String> names = new ArrayList<>(in.names());
            List<ColumnType> types = new ArrayList<>(in.types());
            names.add(newColumn);
            types.add(ColumnType.DOUBLE);
            return new Schema(names, types);
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column ca = t.column(a);
            Column cb = t.column(b);
            double[] x = Step.doubles(ca);
            double[] z = Step.doubles(cb);
            double[] y = new double[x.length];
            DoubleBinaryOperator f = binary(operation);
            for (int i = 0; i < y.length; i++) {
                y[i] = f.applyAsDouble(x[i], z[i]);
            }
            List<Column> cols = new ArrayList<>(t.columns());
            cols.add(Column.doubles(newColumn, y, Step.both(ca, cb)));
            return new Table(cols, t.rowCount());
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "column_math");
            m.put("columns", new ArrayList<Object>(List.of(a, b)));
            m.put("operation", operation);
            m.put("new_column", newColumn);
            return m;
        }

        @Override
        public String describe() {
            return "column_math " + operation + " of '" + a + "' and '" + b + "'";
        }
    }

    /**
     * Standardize ({@code stat1} = mean, {@code stat2} = std) or minmax ({@code stat1} = min,
     * {@code stat2} = max, onto [low, high]); stats are null until fitted in Python.
     */
    record Normalize(String column, String method, double low, double high, Double stat1,
                     Double stat2) implements Step {
        boolean standardize() {
            return method.equals("standardize");
        }

        @Override
        public Schema outputSchema(Schema in) {
            return toDouble(in, column, "normalize");
        }

        @Override
        public boolean isFitted() {
            return stat1 != null;
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            double[] x = Step.doubles(c);
            double[] y = new double[x.length];
            if (standardize()) {
                double mean = stat1;
                double std = stat2 != 0.0 ? stat2 : 1.0;
                for (int i = 0; i < y.length; i++) {
                    y[i] = (x[i] - mean) / std;
                }
            } else {
                double mn = stat1;
                double span = stat2 - stat1;
                span = span != 0.0 ? span : 1.0;
                double width = high - low;
                for (int i = 0; i < y.length; i++) {
                    y[i] = ((x[i] - mn) / span) * width + low;
                }
            }
            return Step.replace(t, Column.doubles(column, y, c.valid));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("normalize", column);
            m.put("method", method);
            m.put("range", standardize() ? null : new ArrayList<Object>(List.of(low, high)));
            Map<String, Object> stats = null;
            if (stat1 != null) {
                stats = new LinkedHashMap<>();
                stats.put(standardize() ? "mean" : "min", stat1);
                stats.put(standardize() ? "std" : "max", stat2);
            }
            m.put("stats", stats);
            return m;
        }

        @Override
        public String describe() {
            return "normalize (" + method + ") on '" + column + "'";
        }
    }
}
