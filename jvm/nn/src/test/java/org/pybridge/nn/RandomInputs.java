package org.pybridge.nn;

import java.util.Random;
import org.pybridge.tensor.NDArray;

/** Seeded random float64 test inputs (deterministic per seed). */
public final class RandomInputs {
    private RandomInputs() {
    }

    private static int size(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Math.toIntExact(n);
    }

    /** Uniform values in [lo, hi). */
    public static NDArray uniform(long seed, double lo, double hi, long... shape) {
        Random r = new Random(seed);
        double[] d = new double[size(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * r.nextDouble();
        }
        return NDArray.create(d, shape);
    }

    /** Values with |x| in [minAbs, maxAbs) and a random sign: away from kinks at 0. */
    public static NDArray awayFromZero(long seed, double minAbs, double maxAbs, long... shape) {
        Random r = new Random(seed);
        double[] d = new double[size(shape)];
        for (int i = 0; i < d.length; i++) {
            double m = minAbs + (maxAbs - minAbs) * r.nextDouble();
            d[i] = r.nextBoolean() ? m : -m;
        }
        return NDArray.create(d, shape);
    }

    /** Rows of random one-hot labels. */
    public static NDArray oneHot(long seed, int rows, int classes) {
        Random r = new Random(seed);
        double[] d = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            d[i * classes + r.nextInt(classes)] = 1;
        }
        return NDArray.create(d, rows, classes);
    }

    /** Rows of random probability distributions (positive, summing to 1). */
    public static NDArray distributions(long seed, int rows, int classes) {
        Random r = new Random(seed);
        double[] d = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                d[i * classes + j] = 0.05 + r.nextDouble();
                sum += d[i * classes + j];
            }
            for (int j = 0; j < classes; j++) {
                d[i * classes + j] /= sum;
            }
        }
        return NDArray.create(d, rows, classes);
    }
}
