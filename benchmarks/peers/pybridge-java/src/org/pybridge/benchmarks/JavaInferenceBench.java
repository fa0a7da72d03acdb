package org.pybridge.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.tensor.NDArray;

/**
 * Single-example inference latency of a pybridge model file from plain Java, as a Java service
 * sees it: {@code net.output(x)} for one example, result closed. benchmarks/bench_mlp.py compiles
 * this against the engine jars and runs it on the model it trained; it prints one JSON line.
 *
 * <pre>
 * java -cp "jars/*:classes" org.pybridge.benchmarks.JavaInferenceBench model.zip 20000
 * </pre>
 */
public final class JavaInferenceBench {
    private JavaInferenceBench() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: JavaInferenceBench MODEL.zip [ITERATIONS]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        try (MultiLayerNetwork net = MultiLayerNetwork.load(model)) {
            int features = (int) net.conf().inputShape(0)[0];
            Random random = new Random(1);
            float[][] row = new float[1][features];
            for (int i = 0; i < features; i++) {
                row[0][i] = random.nextFloat();
            }
            try (NDArray x = NDArray.create(row)) {
                // Warm-up: let the JIT compile the inference path before timing it.
                for (int i = 0; i < Math.max(2000, iterations / 2); i++) {
                    net.output(x).close();
                }
                long[] times = new long[iterations];
                for (int i = 0; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    NDArray y = net.output(x);
                    y.close();
                    times[i] = System.nanoTime() - t0;
                }
                Arrays.sort(times);
                System.out.println("{\"median_us\": " + times[iterations / 2] / 1e3
                        + ", \"p10_us\": " + times[iterations / 10] / 1e3
                        + ", \"p90_us\": " + times[iterations * 9 / 10] / 1e3
                        + ", \"iterations\": " + iterations + "}");
            }
        }
    }
}
