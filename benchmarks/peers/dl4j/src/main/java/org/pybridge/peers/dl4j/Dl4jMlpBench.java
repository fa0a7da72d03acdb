package org.pybridge.peers.dl4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J 1.0.0-M2.1's side of benchmarks/bench_mlp.py: trains the MLP 784-1000(relu)-10(softmax,
 * mcxent) with Nesterov momentum (0.01, 0.9) in minibatches of 128 on seeded synthetic
 * MNIST-shaped data, then times single-example inference, and prints one JSON line.
 *
 * <pre>
 * java -cp target/classes:target/lib/* org.pybridge.peers.dl4j.Dl4jMlpBench \
 *     --rows 20000 --epochs 2 --warmup-epochs 1 --iterations 2000
 * </pre>
 */
public final class Dl4jMlpBench {
    private static final int FEATURES = 784;
    private static final int HIDDEN = 1000;
    private static final int CLASSES = 10;
    private static final int BATCH = 128;

    private Dl4jMlpBench() {
    }

    public static void main(String[] args) throws IOException {
        int rows = 20000;
        int epochs = 2;
        int warmupEpochs = 1;
        int iterations = 2000;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(value);
                case "--epochs" -> epochs = Integer.parseInt(value);
                case "--warmup-epochs" -> warmupEpochs = Integer.parseInt(value);
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + "; expected --rows, --epochs, --warmup-epochs, --iterations, --seed.");
            }
            i++;
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);

        // Learnable synthetic data: uniform pixels, labels from a fixed random linear teacher.
        Random random = new Random(seed);
        float[] x = new float[rows * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        float[] teacher = new float[FEATURES * CLASSES];
        for (int i = 0; i < teacher.length; i++) {
            teacher[i] = (float) random.nextGaussian();
        }
        float[] y = new float[rows * CLASSES];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double s = 0;
                for (int f = 0; f < FEATURES; f++) {
                    // centred pixels, so that no class dominates
                    s += (x[r * FEATURES + f] - 0.5) * teacher[f * CLASSES + c];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[r * CLASSES + best] = 1f;
        }
        int batches = (rows + BATCH - 1) / BATCH;
        INDArray[] xb = new INDArray[batches];
        INDArray[] yb = new INDArray[batches];
        for (int b = 0; b < batches; b++) {
            int from = b * BATCH;
            int n = Math.min(BATCH, rows - from);
            xb[b] = Nd4j.create(Arrays.copyOfRange(x, from * FEATURES, (from + n) * FEATURES),
                    new int[] {n, FEATURES}, 'c');
            yb[b] = Nd4j.create(Arrays.copyOfRange(y, from * CLASSES, (from + n) * CLASSES),
                    new int[] {n, CLASSES}, 'c');
        }

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Nesterovs(0.01, 0.9))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(HIDDEN)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(HIDDEN).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        for (int e = 0; e < warmupEpochs; e++) {
            epoch(net, xb, yb);
        }
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            epoch(net, xb, yb);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double examplesPerSecond = (double) rows * epochs / seconds;
        double score = net.score();

        INDArray one = xb[0].getRow(0, true).dup();
        for (int i = 0; i < Math.max(200, iterations / 4); i++) {
            net.output(one);
        }
        long[] times = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            net.output(one);
            times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        double medianUs = times[iterations / 2] / 1e3;

        System.out.println("{\"framework\": \"dl4j-1.0.0-M2.1\", \"rows\": " + rows
                + ", \"epochs\": " + epochs + ", \"train_examples_per_s\": " + examplesPerSecond
                + ", \"final_score\": " + score + ", \"infer_median_us\": " + medianUs
                + ", \"peak_rss_bytes\": " + peakRss() + "}");
    }

    private static void epoch(MultiLayerNetwork net, INDArray[] xb, INDArray[] yb) {
        for (int b = 0; b < xb.length; b++) {
            net.fit(xb[b], yb[b]);
        }
    }

    /** The process's resident-set high-water mark (VmHWM), or -1 where /proc is missing. */
    private static long peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
