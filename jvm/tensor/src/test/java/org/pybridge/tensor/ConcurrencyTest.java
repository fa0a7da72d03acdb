package org.pybridge.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many threads reading the same tensors at once get the single-threaded answers. */
@ExtendWith(LeakCheck.class)
class ConcurrencyTest {

    @Test
    void concurrentReadersAgreeWithASingleThread() throws Exception {
        try (NDArray a = new Generator(7).normal(0, 1, DataType.FLOAT32, 300, 200);
             NDArray b = new Generator(8).normal(0, 1, DataType.FLOAT32, 200, 50);
             NDArray bias = new Generator(9).uniform(-1, 1, DataType.FLOAT32, 50)) {
            float[] expected = reference(a, b, bias);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        float[] last = null;
                        for (int i = 0; i < 5; i++) {
                            last = reference(a, b, bias);
                        }
                        return last;
                    }));
                }
                for (Future<float[]> f : results) {
                    assertArrayEquals(expected, f.get());
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(300 * 50, expected.length);
        }
    }

    /** tanh(a @ b + bias), each row's softmax, through a transposed copy: views, BLAS, kernels. */
    @SuppressWarnings("try")
    private static float[] reference(NDArray a, NDArray b, NDArray bias) {
        try (Scope scope = Scope.open()) {
            NDArray h = a.matmul(b).add(bias).tanh();
            NDArray t = h.softmax(-1).transpose().contiguous().transpose();
            return t.toFloatArray();
        }
    }
}
