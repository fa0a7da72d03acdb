package org.pybridge.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.tensor.NDArray;

/**
 * Answers predictions of a model file (trained in Python or Java) with no Python at all.
 *
 * <pre>
 * java -cp "pybridge-jars/*:classes" org.pybridge.examples.PredictService model.zip \
 *     [input.csv] [--threads 8] &lt; input.csv
 * </pre>
 * Reads rows of comma-separated numbers (one example per line; blank lines are skipped) from the
 * file argument or stdin, and writes one line per row: the output values comma-separated (each
 * float in full precision, {@link Float#toString}), a tab, and the index of the largest value.
 * With {@code --threads N}, N threads compute the same predictions concurrently and the program
 * checks that every thread got exactly the reference values (exit code 1 if not).
 * Exit code 2 means bad arguments, a missing or unreadable model, or malformed input.
 */
public final class PredictService {
    /** Rows per {@code output} call: bounds the memory of one call for long inputs. */
    private static final int BATCH = 256;

    private PredictService() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** The program without {@code System.exit}: returns the exit code. */
    static int run(String[] args) {
        Path model = null;
        Path input = null;
        int threads = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--threads")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--threads needs a number, e.g. --threads 8.");
                }
                threads = parseThreads(args[++i]);
            } else if (a.startsWith("--threads=")) {
                threads = parseThreads(a.substring("--threads=".length()));
            } else if (a.startsWith("-") && !a.equals("-")) {
                throw new UsageException("Unknown option " + a + ". Usage: PredictService"
                        + " MODEL.zip [INPUT.csv] [--threads N]");
            } else if (model == null) {
                model = Path.of(a);
            } else if (input == null) {
                input = a.equals("-") ? null : Path.of(a);
            } else {
                throw new UsageException("Too many arguments (" + a + "). Usage: PredictService"
                        + " MODEL.zip [INPUT.csv] [--threads N]");
            }
        }
        if (model == null) {
            throw new UsageException("No model file given. Usage: PredictService MODEL.zip"
                    + " [INPUT.csv] [--threads N] (rows of comma-separated numbers on stdin"
                    + " when INPUT.csv is omitted)");
        }
        try (MultiLayerNetwork net = loadModel(model)) {
            long[] shape = net.conf().inputShape(0);
            long features = 1;
            for (long s : shape) {
                features *= s;
            }
            if (shape.length != 1) {
                throw new UsageException("The model " + model + " takes examples of shape "
                        + Arrays.toString(shape) + "; this program feeds flat rows, so it serves"
                        + " models whose input is a vector of numbers.");
            }
            float[][] rows = readRows(input, (int) features);
            float[][] reference = predict(net, rows);
            if (threads > 1 && !sameFromThreads(net, rows, reference, threads)) {
                return 1;
            }
            PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder();
            for (float[] p : reference) {
                line.setLength(0);
                int best = 0;
                for (int j = 0; j < p.length; j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    line.append(Float.toString(p[j]));
                    if (p[j] > p[best]) {
                        best = j;
                    }
                }
                line.append('\t').append(best);
                out.println(line);
            }
            out.flush();
            return 0;
        }
    }

    private static int parseThreads(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the expectation
        }
        throw new UsageException("--threads must be a whole number >= 1, got '" + text + "'.");
    }

    private static MultiLayerNetwork loadModel(Path model) {
        if (!Files.isRegularFile(model)) {
            throw new UsageException("The model file " + model.toAbsolutePath() + " does not"
                    + " exist (or is not a file); pass the path of a model.zip written by"
                    + " model.save(...) in Python or MultiLayerNetwork.save(...) in Java.");
        }
        try {
            return MultiLayerNetwork.load(model);
        } catch (RuntimeException e) {
            throw new UsageException("Cannot load the model " + model.toAbsolutePath() + ": "
                    + e.getMessage());
        }
    }

    /** Parses every non-blank line into {@code features} floats, naming the line on errors. */
    static float[][] readRows(Path input, int features) {
        String source = input == null ? "stdin" : input.toString();
        List<float[]> rows = new ArrayList<>();
        try (Reader raw = input == null
                ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                : Files.newBufferedReader(input, StandardCharsets.UTF_8);
                BufferedReader reader = new BufferedReader(raw)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != features) {
                    throw new UsageException(source + " line " + number + ": expected "
                            + features + " comma-separated values (the model's input size),"
                            + " found " + cells.length + ".");
                }
                float[] row = new float[features];
                for (int j = 0; j < features; j++) {
                    try {
                        row[j] = Float.parseFloat(cells[j].trim());
                    } catch (NumberFormatException e) {
                        throw new UsageException(source + " line " + number + ", value "
                                + (j + 1) + ": '" + cells[j].trim() + "' is not a number.");
                    }
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UsageException("Cannot read " + source + ": " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new UsageException(source + " has no rows; give one example per line as "
                    + features + " comma-separated numbers.");
        }
        return rows.toArray(new float[0][]);
    }

    /** The network's outputs for every row, in batches of {@link #BATCH}. */
    static float[][] predict(MultiLayerNetwork net, float[][] rows) {
        float[][] result = new float[rows.length][];
        for (int from = 0; from < rows.length; from += BATCH) {
            int to = Math.min(rows.length, from + BATCH);
            try (NDArray x = NDArray.create(Arrays.copyOfRange(rows, from, to));
                    NDArray y = net.output(x)) {
                float[][] part = y.toFloatMatrix();
                System.arraycopy(part, 0, result, from, part.length);
            }
        }
        return result;
    }

    /**
     * Runs {@link #predict} on {@code threads} threads released at the same moment and compares
     * every result with {@code reference} bit for bit; reports differences on stderr.
     */
    static boolean sameFromThreads(MultiLayerNetwork net, float[][] rows, float[][] reference,
            int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return predict(net, rows);
                }));
            }
            go.countDown();
            boolean same = true;
            for (int t = 0; t < threads; t++) {
                float[][] got = results.get(t).get();
                for (int r = 0; r < rows.length; r++) {
                    if (!Arrays.equals(got[r], reference[r])) {
                        System.err.println("error: thread " + t + " computed a different"
                                + " prediction for row " + (r + 1) + ": "
                                + Arrays.toString(got[r]) + " instead of "
                                + Arrays.toString(reference[r]) + ".");
                        same = false;
                        break;
                    }
                }
            }
            return same;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the threads.", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("A prediction thread failed: " + e.getCause(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A problem with the arguments or the input, reported as one line and exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
