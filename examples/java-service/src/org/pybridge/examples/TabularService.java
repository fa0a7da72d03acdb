package org.pybridge.examples;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.pybridge.data.CsvReader;
import org.pybridge.data.ModelPipeline;
import org.pybridge.data.Table;
import org.pybridge.tensor.NDArray;

/**
 * Predicts from raw CSV rows with a model file that carries its data transform: the same
 * preprocessing as in training (categories, fitted normalisation, dropped columns), in Java.
 *
 * <pre>
 * java -cp "pybridge-jars/*:classes" org.pybridge.examples.TabularService iris.zip \
 *     iris_new.csv species
 * </pre>
 * Arguments: the model file, a CSV file with a header row in the raw layout the model was
 * trained on (label columns may be absent), and the label column names. Writes one line per
 * row: the output values comma-separated ({@link Float#toString}), a tab, and the index of the
 * largest value. Exit code 2 means bad arguments or unreadable input.
 */
public final class TabularService {
    private static final int BATCH_ROWS = 4096;

    private TabularService() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: TabularService model.zip rows.csv [label-column ...]");
            System.exit(2);
        }
        String[] labels = Arrays.copyOfRange(args, 2, args.length);
        int code = 0;
        try (ModelPipeline pipeline = ModelPipeline.load(Path.of(args[0]), labels);
                // The model's own input columns and types; the file is streamed in batches, so
                // its size is not limited by memory. Malformed rows fail naming file, line and
                // column (the reader's default policy).
                CsvReader.Batches batches = CsvReader.builder().schema(pipeline.inputSchema())
                        .build().batches(Path.of(args[1]), BATCH_ROWS)) {
            PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
            while (batches.hasNext()) {
                Table rows = batches.next();
                try (NDArray probabilities = pipeline.output(rows)) {
                    for (float[] row : probabilities.toFloatMatrix()) {
                        StringBuilder line = new StringBuilder();
                        int best = 0;
                        for (int j = 0; j < row.length; j++) {
                            line.append(j == 0 ? "" : ",").append(row[j]);
                            best = row[j] > row[best] ? j : best;
                        }
                        out.println(line.append('\t').append(best));
                    }
                }
            }
            out.flush();
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }
}
