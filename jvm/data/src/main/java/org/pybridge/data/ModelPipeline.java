package org.pybridge.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.tensor.NDArray;

/**
 * A saved model together with the data transform it was trained behind: raw records in,
 * network outputs out, with exactly the preprocessing of training time.
 *
 * <p>A model trained in Python from {@code tp.execute(table)} through a
 * {@code data.DataSetIterator} carries the transform's JSON ({@code transform.json}) and any
 * normalizer ({@code normalizer.json}) in its model file. This class replays that transform on
 * raw rows with the JVM executor, takes the feature columns (the transform's output columns
 * other than the label columns, in order, as the iterator took them) and calls
 * {@link MultiLayerNetwork#output}, which applies the normalizer.
 *
 * <pre>{@code
 * try (ModelPipeline p = ModelPipeline.load(Path.of("m.zip"), "species");
 *      NDArray probs = p.output(CsvReader.builder().schema(p.inputSchema()).build()
 *              .read(Path.of("new.csv")).table())) {
 *     float[][] rows = probs.toFloatMatrix();
 * }
 * }</pre>
 *
 * Raw rows may leave the label columns out (they are unknown at serving time): those are filled
 * with nulls before the transform runs, so label steps must pass nulls through (the built-in
 * ones do). A filter step drops rows; {@link #output(List)} then returns fewer rows than it got.
 * Thread-safe: the transform is immutable and {@code output} of a network is thread-safe.
 */
public final class ModelPipeline implements AutoCloseable {
    private final MultiLayerNetwork network;
    private final TransformProcess transform;
    private final Set<String> labels;
    private final String[] features;

    private ModelPipeline(MultiLayerNetwork network, TransformProcess transform, Set<String> labels) {
        this.network = network;
        this.transform = transform;
        this.labels = labels;
        List<String> out = new ArrayList<>(transform.finalSchema().names());
        for (String label : labels) {
            if (!out.remove(label)) {
                throw new IllegalArgumentException("Label column '" + label + "' is not an "
                        + "output column of the model's transform " + transform.finalSchema().names()
                        + "; pass the label column names the model was trained with.");
            }
        }
        this.features = out.toArray(new String[0]);
    }

    /**
     * Loads a model file that carries a transform; {@code labelColumns} names the transform's
     * output columns that were labels in training (they are not features).
     *
     * @throws IllegalArgumentException when the model file has no transform, or a label column
     *     is not in the transform's output
     */
    public static ModelPipeline load(Path modelFile, String... labelColumns) {
        MultiLayerNetwork net = MultiLayerNetwork.load(modelFile);
        try {
            String json = net.transformJson();
            if (json == null) {
                throw new IllegalArgumentException("Model file " + modelFile + " has no data "
                        + "transform (transform.json): train it from a TransformProcess's output "
                        + "through data.DataSetIterator, or set model.transform before saving; "
                        + "without one, call MultiLayerNetwork.output on feature tensors.");
            }
            Set<String> labels = Collections.unmodifiableSet(
                    new LinkedHashSet<>(List.of(labelColumns)));
            return new ModelPipeline(net, TransformProcess.fromJson(json), labels);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** The network (owned by this pipeline: closed with it). */
    public MultiLayerNetwork network() {
        return network;
    }

    /** The transform replayed on raw rows. */
    public TransformProcess transform() {
        return transform;
    }

    /**
     * The raw columns a row must have to be served, with the types the model was trained on:
     * the transform's input schema without the label columns. Reading a CSV with it parses each
     * value as training did and ignores other columns:
     *
     * <pre>{@code
     * CsvReader reader = CsvReader.builder().schema(pipeline.inputSchema()).build();
     * }</pre>
     */
    public Schema inputSchema() {
        Schema in = transform.schema();
        Schema.Builder b = Schema.builder();
        for (int i = 0; i < in.size(); i++) {
            if (!labels.contains(in.name(i))) {
                b.add(in.name(i), in.type(i));
            }
        }
        return b.build();
    }

    /** The feature columns, in the order the network takes them. */
    public List<String> featureColumns() {
        return List.of(features);
    }

    /** The transformed feature matrix of raw rows (float32, one row per kept row). */
    public NDArray features(Table raw) {
        return transform.execute(withLabels(raw)).toFeatureMatrix(features);
    }

    /**
     * The network's output for raw rows in the transform's input schema (extra columns are
     * ignored; label columns may be absent). The caller closes the result.
     */
    public NDArray output(Table raw) {
        try (NDArray x = features(raw)) {
            return network.output(x);
        }
    }

    /** {@link #output(Table)} for records (column name to value, see {@link Table#fromRecords}). */
    public NDArray output(List<Map<String, Object>> records) {
        return output(Table.fromRecords(transform.schema(), records));
    }

    private Table withLabels(Table raw) {
        List<Column> missing = new ArrayList<>();
        Schema in = transform.schema();
        for (String label : labels) {
            if (in.contains(label) && !raw.hasColumn(label)) {
                missing.add(Records.column(label, in.type(label),
                        Collections.nCopies(raw.rowCount(), null)));
            }
        }
        if (missing.isEmpty()) {
            return raw;
        }
        List<Column> cols = new ArrayList<>(raw.columns());
        cols.addAll(missing);
        return new Table(cols, raw.rowCount());
    }

    @Override
    public void close() {
        network.close();
    }
}
