package org.pybridge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pybridge.nn.internal.Json;

/**
 * A declarative transform read from the JSON that Python's
 * {@code pybridge.data.TransformProcess.to_json()} writes, executed on the JVM with the same
 * results as Python's pyarrow executor. Immutable and thread-safe.
 *
 * <pre>{@code
 * TransformProcess tp = TransformProcess.fromJson(Files.readString(Path.of("transform.json")));
 * Table out = tp.execute(table);
 * Map<String, Object> row = tp.execute(Map.of("sepal_length", 5.1, "species", "setosa"));
 * }</pre>
 *
 * <p>Fitting (learning normalisation statistics, fill values and categories) happens in
 * Python; {@code execute} refuses a transform that still needs fitting.
 */
public final class TransformProcess {
    /** The value of the JSON's {@code "format"} field. */
    public static final String FORMAT = "pybridge-transform";
    /** The JSON format version this class reads and writes. */
    public static final int VERSION = 1;

    private final Schema schema;
    private final List<Step> steps;
    /** schemas.get(k) is the input of step k; the last is the output (null = unknown). */
    private final List<Schema> schemas;

    private TransformProcess(Schema schema, List<Step> steps) {
        this.schema = schema;
        this.steps = List.copyOf(steps);
        List<Schema> s = new ArrayList<>();
        s.add(schema);
        Schema current = schema;
        for (int k = 0; k < steps.size(); k++) {
            try {
                current = steps.get(k).outputSchema(current);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Step " + k + " (" + steps.get(k).describe()
                        + "): " + e.getMessage(), e);
            }
            s.add(current);
        }
        this.schemas = s;
    }

    /** Reads a transform from its JSON text (format and version are checked). */
    public static TransformProcess fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json);
        Object format = m.get("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("Not a transform: \"format\" is "
                    + JsonFields.describe(format) + ", expected \"" + FORMAT + "\".");
        }
        Object version = m.get("version");
        if (!(version instanceof Long) || (Long) version != VERSION) {
            throw new IllegalArgumentException("Transform format version "
                    + JsonFields.describe(version) + " is not supported (this engine reads "
                    + "version " + VERSION + "); upgrade pybridge.");
        }
        Schema schema = Schema.fromJsonMap(JsonFields.object(
                JsonFields.required(m, "schema", "transform"), "transform schema"));
        List<Step> steps = new ArrayList<>();
        List<Object> list = JsonFields.list(m, "steps", "transform");
        for (int k = 0; k < list.size(); k++) {
            try {
                steps.add(Steps.parse(JsonFields.object(list.get(k), "step " + k)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Step " + k + ": " + e.getMessage(), e);
            }
        }
        return new TransformProcess(schema, steps);
    }

    /** The canonical JSON text, byte-identical to what Python writes for the same transform. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", (long) VERSION);
        m.put("schema", schema.toJsonMap());
        List<Object> list = new ArrayList<>();
        for (Step s : steps) {
            list.add(s.toJson());
        }
        m.put("steps", list);
        return Json.write(m, true);
    }

    /** The schema input data must have. */
    public Schema schema() {
        return schema;
    }

    /** The number of steps. */
    public int stepCount() {
        return steps.size();
    }

    /** Whether every step has its statistics (only fitted transforms execute). */
    public boolean isFitted() {
        for (Step s : steps) {
            if (!s.isFitted()) {
                return false;
            }
        }
        return true;
    }

    /** The schema of {@link #execute}'s output. */
    public Schema finalSchema() {
        requireFitted();
        return schemas.get(schemas.size() - 1);
    }

    private void requireFitted() {
        for (int k = 0; k < steps.size(); k++) {
            if (!steps.get(k).isFitted()) {
                throw new IllegalStateException("This transform is not fitted: step " + k + " ("
                        + steps.get(k).describe() + ") has no statistics yet. Fit it in Python "
                        + "(tp.fit(table)) and save tp.to_json() again; the JVM executor only "
                        + "replays fitted transforms.");
            }
        }
    }

    /**
     * Runs the transform on {@code table}, whose columns must match {@link #schema()} by name
     * and type (int64 data is accepted for double columns, strings for categorical ones;
     * columns the schema does not name are left out).
     */
    public Table execute(Table table) {
        requireFitted();
        Table t = Conform.toSchema(table, schema);
        for (int k = 0; k < steps.size(); k++) {
            t = steps.get(k).apply(t, schemas.get(k));
        }
        return t;
    }

    /**
     * Runs the transform on records (maps from column name to value, see
     * {@link Table#fromRecords}); rows a filter drops are absent from the result.
     */
    public List<Map<String, Object>> execute(List<Map<String, Object>> records) {
        return execute(Table.fromRecords(schema, records)).toRecords();
    }

    /** Runs the transform on one record; null when a filter step drops it. */
    public Map<String, Object> execute(Map<String, Object> record) {
        List<Map<String, Object>> out = execute(List.of(record));
        return out.isEmpty() ? null : out.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformProcess && ((TransformProcess) o).toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "TransformProcess(" + schema.size() + " columns, " + steps.size() + " steps)";
    }
}
