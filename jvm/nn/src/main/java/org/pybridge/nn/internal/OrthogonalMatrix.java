package org.pybridge.nn.internal;

import java.util.Arrays;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * Random orthogonal matrices for weight initialisation (Saxe et al. 2014): the Q factor of a
 * Gaussian matrix, with column signs fixed by R's diagonal so that Q is uniformly (Haar)
 * distributed. The QR uses modified Gram-Schmidt in double precision on the heap: weight
 * matrices are drawn once, and O(rows cols^2) is small for them.
 */
public final class OrthogonalMatrix {
    private OrthogonalMatrix() {
    }

    /**
     * A {@code shape} array whose (shape[0], product of the rest) matrix view has orthonormal
     * columns when it is at least as tall as wide, orthonormal rows otherwise; times gain.
     */
    public static NDArray draw(double gain, DataType dtype, Generator random, long... shape) {
        if (shape.length < 2) {
            throw new ShapeException("Orthogonal init needs a weight of at least 2 dimensions,"
                    + " got shape " + Arrays.toString(shape) + ".");
        }
        long rows = shape[0];
        long cols = 1;
        for (int i = 1; i < shape.length; i++) {
            cols *= shape[i];
        }
        int tall = Math.toIntExact(Math.max(rows, cols));
        int wide = Math.toIntExact(Math.min(rows, cols));
        double[] a;
        try (NDArray g = random.normal(0, 1, DataType.FLOAT64, tall, wide)) {
            a = g.toDoubleArray();
        }
        double[] q = orthonormalColumns(a, tall, wide);
        double[] w = new double[tall * wide];
        for (int i = 0; i < tall; i++) {
            for (int j = 0; j < wide; j++) {
                double v = gain * q[i * wide + j];
                if (rows >= cols) {
                    w[i * wide + j] = v;
                } else {
                    w[j * tall + i] = v;
                }
            }
        }
        try (NDArray flat = NDArray.create(w, rows, cols);
                NDArray shaped = flat.reshape(shape)) {
            return shaped.cast(dtype);
        }
    }

    /** Q of a = QR for a row-major (m, n) matrix, m >= n, with sign(diag R) folded into Q. */
    static double[] orthonormalColumns(double[] a, int m, int n) {
        double[] q = a.clone();
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[i * n + j] * q[i * n + j];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-12) {
                throw new IllegalStateException("Orthogonal init drew a degenerate matrix;"
                        + " this has probability zero, use another seed.");
            }
            // R's diagonal entry is +norm; Q's column keeps the sign convention diag(R) > 0,
            // which is what makes Q Haar-distributed.
            for (int i = 0; i < m; i++) {
                q[i * n + j] /= norm;
            }
            for (int k = j + 1; k < n; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[i * n + j] * q[i * n + k];
                }
                for (int i = 0; i < m; i++) {
                    q[i * n + k] -= dot * q[i * n + j];
                }
            }
        }
        return q;
    }
}
