package org.pybridge.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads steps from their JSON objects (the registry of step names). */
final class Steps {
    static final List<String> NAMES = List.of("select_columns", "remove_columns",
            "rename_columns", "reorder_columns", "string_to_categorical", "categorical_to_integer",
            "categorical_to_one_hot", "math", "unary", "clip", "column_math", "normalize",
            "replace_missing", "filter", "time_features", "string", "replace_string",
            "map_values");

    private Steps() {
    }

    private static String oneOf(String value, List<String> allowed, String what) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("Unknown " + what + " '" + value + "'; use one of "
                    + allowed + ".");
        }
        return value;
    }

    private static List<String> columns(Map<String, Object> m, String op) {
        List<String> cols = JsonFields.strings(m, "columns", op + " step");
        if (cols.isEmpty() || new HashSet<>(cols).size() != cols.size()) {
            throw new IllegalArgumentException(op + " needs a non-empty list of distinct column "
                    + "names, got " + cols + ".");
        }
        return cols;
    }

    private static Map<String, String> stringMap(Map<String, Object> m, String op) {
        Map<String, Object> raw = JsonFields.object(JsonFields.required(m, "mapping", op),
                op + " mapping");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new IllegalArgumentException(op + " maps '" + e.getKey() + "' to "
                        + JsonFields.describe(e.getValue()) + "; values must be strings.");
            }
            out.put(e.getKey(), (String) e.getValue());
        }
        return out;
    }

    static Step parse(Map<String, Object> m) {
        String op = JsonFields.string(m, "op", "step");
        String where = op + " step";
        switch (op) {
            case "select_columns": return new ColumnSteps.Select(columns(m, op));
            case "remove_columns": return new ColumnSteps.Remove(columns(m, op));
            case "reorder_columns": return new ColumnSteps.Reorder(columns(m, op));
            case "rename_columns": return new ColumnSteps.Rename(stringMap(m, op));
            case "string_to_categorical": {
                Object cats = JsonFields.required(m, "categories", where);
                return new CategoricalSteps.StringToCategorical(
                        JsonFields.string(m, "column", where),
                        cats == null ? null : JsonFields.strings(m, "categories", where));
            }
            case "categorical_to_integer":
                return new CategoricalSteps.ToInteger(JsonFields.string(m, "column", where));
            case "categorical_to_one_hot":
                return new CategoricalSteps.OneHot(JsonFields.string(m, "column", where));
            case "math":
                return new NumericSteps.MathStep(JsonFields.string(m, "column", where),
                        oneOf(JsonFields.string(m, "operation", where), NumericSteps.MATH_OPS,
                                "math operation"),
                        JsonFields.number(m, "value", where));
            case "unary":
                return new NumericSteps.Unary(JsonFields.string(m, "column", where),
                        oneOf(JsonFields.string(m, "function", where), NumericSteps.FUNCTIONS,
                                "function"));
            case "clip": {
                Double lo = JsonFields.nullableDouble(m, "min", where);
                Double hi = JsonFields.nullableDouble(m, "max", where);
                if (lo != null && hi != null && lo > hi) {
                    throw new IllegalArgumentException("clip min " + lo + " is greater than max "
                            + hi + ".");
                }
                return new NumericSteps.Clip(JsonFields.string(m, "column", where), lo, hi);
            }
            case "column_math": {
                List<String> cols = JsonFields.strings(m, "columns", where);
                if (cols.size() != 2) {
                    throw new IllegalArgumentException("column_math needs exactly two columns, "
                            + "got " + cols + ".");
                }
                return new NumericSteps.ColumnMath(cols.get(0), cols.get(1),
                        oneOf(JsonFields.string(m, "operation", where), NumericSteps.COLUMN_OPS,
                                "column_math operation"),
                        JsonFields.string(m, "new_column", where));
            }
            case "normalize": return normalize(m, where);
            case "replace_missing": {
                String strategy = oneOf(JsonFields.string(m, "strategy", where),
                        List.of("constant", "mean", "median"), "replacement strategy");
                Object value = JsonFields.required(m, "value", where);
                if (strategy.equals("constant") && value == null) {
                    throw new IllegalArgumentException("replace_missing with 'constant' needs a "
                            + "value.");
                }
                return new RowSteps.ReplaceMissing(JsonFields.string(m, "column", where),
                        strategy, value);
            }
            case "filter":
                return new RowSteps.Filter(Condition.parse(JsonFields.required(m, "condition",
                        where)));
            case "time_features": {
                List<String> feats = JsonFields.strings(m, "features", where);
                for (String f : feats) {
                    oneOf(f, TextAndTimeSteps.TIME_FEATURES, "time feature");
                }
                if (feats.isEmpty()) {
                    throw new IllegalArgumentException("time_features needs at least one "
                            + "feature of " + TextAndTimeSteps.TIME_FEATURES + ".");
                }
                return new TextAndTimeSteps.TimeFeatures(JsonFields.string(m, "column", where),
                        feats);
            }
            case "string":
                return new TextAndTimeSteps.StringFunction(JsonFields.string(m, "column", where),
                        oneOf(JsonFields.string(m, "function", where),
                                TextAndTimeSteps.STRING_FUNCTIONS, "string function"));
            case "replace_string": {
                String pattern = JsonFields.string(m, "pattern", where);
                if (pattern.isEmpty()) {
                    throw new IllegalArgumentException("replace_string needs a non-empty "
                            + "pattern.");
                }
                return new TextAndTimeSteps.ReplaceString(JsonFields.string(m, "column", where),
                        pattern, JsonFields.string(m, "replacement", where));
            }
            case "map_values":
                return new TextAndTimeSteps.MapValues(JsonFields.string(m, "column", where),
                        stringMap(m, op));
            default:
                throw new IllegalArgumentException("Unknown transform step '" + op
                        + "'; known steps: " + NAMES + ".");
        }
    }

    private static Step normalize(Map<String, Object> m, String where) {
        String column = JsonFields.string(m, "column", where);
        String method = oneOf(JsonFields.string(m, "method", where),
                List.of("standardize", "minmax"), "normalization");
        boolean standardize = method.equals("standardize");
        double low = 0;
        double high = 1;
        if (!standardize) {
            List<Object> range = new ArrayList<>(JsonFields.list(m, "range", where));
            if (range.size() != 2 || !(range.get(0) instanceof Number)
                    || !(range.get(1) instanceof Number)) {
                throw new IllegalArgumentException("minmax range must be [low, high], got "
                        + range + ".");
            }
            low = ((Number) range.get(0)).doubleValue();
            high = ((Number) range.get(1)).doubleValue();
        }
        Object statsJson = JsonFields.required(m, "stats", where);
        Double s1 = null;
        Double s2 = null;
        if (statsJson != null) {
            Map<String, Object> stats = JsonFields.object(statsJson, "normalize stats");
            s1 = JsonFields.number(stats, standardize ? "mean" : "min", "normalize stats");
            s2 = JsonFields.number(stats, standardize ? "std" : "max", "normalize stats");
        }
        return new NumericSteps.Normalize(column, method, low, high, s1, s2);
    }
}
