package org.pybridge.nn.autodiff;

import static org.pybridge.nn.autodiff.OpSupport.grads;
import static org.pybridge.nn.autodiff.OpSupport.keep;
import static org.pybridge.nn.autodiff.OpSupport.scoped;

import java.util.Arrays;
import org.pybridge.nn.internal.LossArrays;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.DataType;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.NDArrays;
import org.pybridge.tensor.ReduceOp;
import org.pybridge.tensor.Scope;
import org.pybridge.tensor.ShapeException;
import org.pybridge.tensor.UnaryOp;

/**
 * Fused neural-network ops with hand-written gradients: the dense layer's affine map, softmax
 * and sigmoid cross-entropy from logits, dropout with a given mask, embedding lookup and batch
 * normalisation.
 * Each method holds its forward computation and its backward rule.
 *
 * <p>Arrays passed as {@code NDArray} (labels, weights, masks) are constants: the op keeps its
 * own handle on them, so the caller may close theirs at once, but must not change their contents
 * before the tape closes.
 *
 * <pre>{@code
 * Variable logits = NNOps.linear(x, w, b);                       // x @ w + b
 * Variable loss = NNOps.softmaxCrossEntropy(logits, oneHot, null, null);
 * }</pre>
 */
public final class NNOps {
    private NNOps() {
    }

    /**
     * {@code x @ w + b} for {@code x} of shape (n, in), {@code w} (in, out), {@code b} (out) or
     * null. d/dx = g w^T, d/dw = x^T g, d/db = sum of g over rows.
     */
    public static Variable linear(Variable x, Variable w, Variable b) {
        if (x.ndim() != 2 || w.ndim() != 2 || x.shape()[1] != w.shape()[0]) {
            throw new ShapeException("linear: input has shape " + Arrays.toString(x.shape())
                    + " and weights " + Arrays.toString(w.shape()) + "; expected (n, in) and"
                    + " (in, out) with the same 'in'.");
        }
        if (b != null && b.value().size() != w.shape()[1]) {
            throw new ShapeException("linear: bias has shape " + Arrays.toString(b.shape())
                    + " but the layer has " + w.shape()[1] + " outputs; expected (" + w.shape()[1]
                    + ",).");
        }
        NDArray y = x.value().matmul(w.value());
        if (b != null) {
            try (NDArray row = b.value().reshape(1, w.shape()[1])) {
                y.addi(row);
            } catch (RuntimeException e) {
                y.close();
                throw e;
            }
        }
        Backward rule = g -> {
            NDArray dx = x.requiresGrad() ? g.matmul(w.value().transpose()) : null;
            NDArray dw = w.requiresGrad() ? x.value().transpose().matmul(g) : null;
            if (b == null) {
                return grads(dx, dw);
            }
            return grads(dx, dw, b.requiresGrad() ? g.reduce(ReduceOp.SUM, new int[] {0}, true)
                    : null);
        };
        return b == null ? Tape.record("linear", y, rule, x, w)
                : Tape.record("linear", y, rule, x, w, b);
    }

    /**
     * Mean multi-class cross-entropy of {@code softmax(logits)} against {@code labels}, fused:
     * per example {@code -sum_j w_j y_j log softmax(z)_j}, times the example's mask, summed and
     * divided by the number of examples n (masked examples count in n, as in DL4J).
     * d/dz = (p sum_j(w_j y_j) - w y) * mask / n, which is {@code (p - y)/n} without weights.
     *
     * @param logits  (n, classes) pre-softmax scores
     * @param labels  (n, classes) one-hot or soft labels
     * @param weights per-class weights (classes) or null
     * @param mask    per-example mask (n) or (n, 1), or null
     * @return a 0-d loss
     */
    public static Variable softmaxCrossEntropy(Variable logits, NDArray labels, NDArray weights,
            NDArray mask) {
        Inputs in = Inputs.of("softmaxCrossEntropy", logits, labels, weights, mask);
        NDArray z = logits.value();
        boolean grad = Tape.needsGradient(logits);
        NDArray[] saved = new NDArray[1];
        NDArray loss = scoped(() -> {
            NDArray logp = z.logSoftmax(1);
            NDArray weighted = in.weightedLabels();
            NDArray perExample = weighted.mul(logp).reduce(ReduceOp.SUM, new int[] {1}, true);
            if (grad) {
                saved[0] = keep(logp.exp());
            }
            return in.meanOverExamples(perExample).neg();
        });
        NDArray p = saved[0];
        return Tape.record("softmax_cross_entropy", loss, in.saved(p), g -> {
            NDArray weighted = in.weightedLabels();
            NDArray d = in.weights == null ? p.sub(weighted)
                    : p.mul(weighted.reduce(ReduceOp.SUM, new int[] {1}, true)).sub(weighted);
            return grads(in.scaleGradient(d, g));
        }, logits);
    }

    /**
     * Like {@link #softmaxCrossEntropy} with integer class ids (shape (n) or (n, 1)) instead of
     * one-hot labels.
     */
    public static Variable sparseSoftmaxCrossEntropy(Variable logits, NDArray classIds,
            NDArray weights, NDArray mask) {
        if (logits.ndim() != 2) {
            throw new ShapeException("sparseSoftmaxCrossEntropy: logits must be (n, classes), got "
                    + Arrays.toString(logits.shape()) + ".");
        }
        try (NDArray oneHot = LossArrays.oneHot("sparseSoftmaxCrossEntropy", classIds,
                logits.shape()[0], logits.shape()[1], logits.dtype())) {
            return softmaxCrossEntropy(logits, oneHot, weights, mask);
        }
    }

    /**
     * Mean binary cross-entropy of {@code sigmoid(logits)} against 0/1 {@code labels}, fused and
     * stable: per element {@code max(z, 0) - z y + log(1 + e^-|z|)}, times the per-output
     * weight, summed over outputs, times the example's mask, averaged over the n examples.
     * d/dz = (sigmoid(z) - y) w mask / n.
     */
    public static Variable sigmoidCrossEntropy(Variable logits, NDArray labels, NDArray weights,
            NDArray mask) {
        Inputs in = Inputs.of("sigmoidCrossEntropy", logits, labels, weights, mask);
        NDArray z = logits.value();
        NDArray loss = scoped(() -> {
            NDArray perElement = z.relu().sub(z.mul(in.labels))
                    .add(z.apply(UnaryOp.ABS).neg().exp().apply(UnaryOp.LOG1P));
            NDArray weighted = in.weights == null ? perElement : perElement.mul(in.weights);
            return in.meanOverExamples(weighted.reduce(ReduceOp.SUM, new int[] {1}, true));
        });
        return Tape.record("sigmoid_cross_entropy", loss, in.saved(null), g -> {
            NDArray d = z.sigmoid().sub(in.labels);
            if (in.weights != null) {
                d = d.mul(in.weights);
            }
            return grads(in.scaleGradient(d, g));
        }, logits);
    }

    /**
     * {@code x * mask}: dropout with a mask the caller drew (0 for dropped units, {@code 1/(1-p)}
     * for kept ones, so that no rescaling is needed at inference). d/dx = mask.
     */
    public static Variable dropout(Variable x, NDArray mask) {
        NDArray y = x.value().mul(mask);
        NDArray m = mask.share();
        return Tape.record("dropout", y, new NDArray[] {m}, g -> grads(g.mul(m)), x);
    }

    /**
     * Inverted dropout: each element is zeroed with probability {@code dropProbability} (Keras'
     * {@code rate}; DL4J's {@code dropOut(p)} gives the retain probability instead) and the kept
     * ones are scaled by {@code 1/(1 - dropProbability)}, so inference needs no rescaling. The
     * mask is drawn from {@code random}; d/dx = mask.
     */
    public static Variable dropout(Variable x, double dropProbability, Generator random) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("dropout probability must lie in [0, 1), got "
                    + dropProbability + ".");
        }
        if (dropProbability == 0) {
            return MathOps.identity(x);
        }
        try (NDArray mask = random.bernoulli(1 - dropProbability, x.dtype(), x.shape())) {
            mask.applyInPlace(BinaryOp.MUL, 1 / (1 - dropProbability));
            return dropout(x, mask);
        }
    }

    /**
     * Embedding lookup: the rows of {@code table} (v, d) at integer {@code indices} of any
     * shape, giving {@code indices.shape + (d)}. d/dtable adds each output row's gradient into
     * the row it was read from (repeated indices accumulate). {@code indices} is a constant.
     */
    public static Variable embedding(Variable table, NDArray indices) {
        if (table.ndim() != 2) {
            throw new ShapeException("embedding: the table must be 2-d (vocabulary, features),"
                    + " got shape " + Arrays.toString(table.shape()) + ".");
        }
        if (indices.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("embedding: indices must be integers, got "
                    + indices.dtype().numpyName() + "; cast them to int32 or int64.");
        }
        NDArray y = NDArrays.take(table.value(), indices, 0);
        NDArray ids = indices.share();
        long[] tableShape = table.shape();
        return Tape.record("embedding", y, new NDArray[] {ids}, g -> {
            NDArray dt = NDArray.zeros(g.dtype(), tableShape);
            NDArrays.scatterAdd(dt, ids, g, 0);
            return grads(dt);
        }, table);
    }

    /**
     * Batch normalisation of (n, c) input with this batch's statistics (training mode):
     * {@code y = gamma (x - mean) / sqrt(var + eps) + beta}, mean and (biased) variance over
     * axis 0. Writes the batch mean and variance into {@code meanOut} and {@code varOut} when they
     * are not null (for the layer's running averages). Hand-written backward:
     * {@code dx = invStd/n (n dxhat - sum(dxhat) - xhat sum(dxhat xhat))}, {@code dxhat = g gamma},
     * {@code dgamma = sum(g xhat)}, {@code dbeta = sum(g)}.
     */
    public static Variable batchNorm(Variable x, Variable gamma, Variable beta, double eps,
            NDArray meanOut, NDArray varOut) {
        long c = requireBatchNormShapes(x, gamma, beta);
        NDArray v = x.value();
        long n = v.shape(0);
        int[] rows = {0};
        NDArray[] parts = new NDArray[2];
        NDArray y = scoped(() -> {
            NDArray mean = v.reduce(ReduceOp.MEAN, rows, true);
            NDArray centered = v.sub(mean);
            NDArray var = centered.apply(UnaryOp.SQUARE).reduce(ReduceOp.MEAN, rows, true);
            NDArray invStd = var.add(eps).apply(UnaryOp.RSQRT);
            NDArray xhat = centered.mul(invStd);
            if (meanOut != null) {
                meanOut.assign(mean.reshape(meanOut.shape()));
            }
            if (varOut != null) {
                varOut.assign(var.reshape(varOut.shape()));
            }
            parts[0] = keep(xhat);
            parts[1] = keep(invStd);
            return xhat.mul(rowOf(gamma.value(), c)).add(rowOf(beta.value(), c));
        });
        NDArray xhat = parts[0];
        NDArray invStd = parts[1];
        return Tape.record("batch_norm", y, new NDArray[] {xhat, invStd}, g -> {
            NDArray dx = null;
            if (x.requiresGrad()) {
                NDArray dxhat = g.mul(rowOf(gamma.value(), c));
                NDArray sumD = dxhat.reduce(ReduceOp.SUM, rows, true);
                NDArray sumDX = dxhat.mul(xhat).reduce(ReduceOp.SUM, rows, true);
                dx = dxhat.mul((double) n).sub(sumD).sub(xhat.mul(sumDX))
                        .mul(invStd.div((double) n));
            }
            return grads(dx,
                    gamma.requiresGrad() ? g.mul(xhat).reduce(ReduceOp.SUM, rows, true) : null,
                    beta.requiresGrad() ? g.reduce(ReduceOp.SUM, rows, true) : null);
        }, x, gamma, beta);
    }

    /**
     * Batch normalisation of (n, c) input with fixed statistics (inference, or training with
     * frozen statistics): {@code y = gamma (x - mean) / sqrt(var + eps) + beta}. The gradient
     * flows to x, gamma and beta; {@code mean} and {@code var} ((c) or (1, c)) are constants.
     */
    public static Variable batchNormInference(Variable x, Variable gamma, Variable beta,
            NDArray mean, NDArray var, double eps) {
        long c = requireBatchNormShapes(x, gamma, beta);
        NDArray v = x.value();
        int[] rows = {0};
        NDArray[] parts = new NDArray[2];
        NDArray y = scoped(() -> {
            NDArray invStd = rowOf(var, c).add(eps).apply(UnaryOp.RSQRT);
            NDArray xhat = v.sub(rowOf(mean, c)).mul(invStd);
            if (Tape.needsGradient(x, gamma, beta)) {
                parts[0] = keep(xhat);
                parts[1] = keep(invStd);
            }
            return xhat.mul(rowOf(gamma.value(), c)).add(rowOf(beta.value(), c));
        });
        NDArray xhat = parts[0];
        NDArray invStd = parts[1];
        NDArray[] saved = xhat == null ? null : new NDArray[] {xhat, invStd};
        return Tape.record("batch_norm_inference", y, saved, g -> grads(
                x.requiresGrad() ? g.mul(rowOf(gamma.value(), c)).mul(invStd) : null,
                gamma.requiresGrad() ? g.mul(xhat).reduce(ReduceOp.SUM, rows, true) : null,
                beta.requiresGrad() ? g.reduce(ReduceOp.SUM, rows, true) : null), x, gamma, beta);
    }

    private static long requireBatchNormShapes(Variable x, Variable gamma, Variable beta) {
        if (x.ndim() != 2) {
            throw new ShapeException("batchNorm: input must be 2-d (n, c), got shape "
                    + Arrays.toString(x.shape()) + "; flatten it first.");
        }
        long c = x.shape()[1];
        if (gamma.value().size() != c || beta.value().size() != c) {
            throw new ShapeException("batchNorm: gamma has shape " + Arrays.toString(gamma.shape())
                    + " and beta " + Arrays.toString(beta.shape()) + ", expected " + c
                    + " values each (one per feature).");
        }
        return c;
    }

    /** A (1, c) view of a per-feature vector. */
    private static NDArray rowOf(NDArray a, long c) {
        return a.reshape(1, c);
    }

    /** Validated, dtype-matched loss inputs: labels (n, k), weights (1, k), mask (n, 1). */
    private static final class Inputs {
        final long n;
        final NDArray labels;
        final NDArray weights;
        final NDArray mask;

        private Inputs(long n, NDArray labels, NDArray weights, NDArray mask) {
            this.n = n;
            this.labels = labels;
            this.weights = weights;
            this.mask = mask;
        }

        static Inputs of(String op, Variable predictions, NDArray labels, NDArray weights,
                NDArray mask) {
            long[] shape = predictions.shape();
            if (shape.length != 2) {
                throw new ShapeException(op + ": predictions must be 2-d (examples, outputs), got "
                        + Arrays.toString(shape) + ".");
            }
            DataType t = predictions.dtype();
            // A scope so that a rejected argument leaves nothing open.
            try (Scope scope = Scope.open()) {
                NDArray y = LossArrays.labels(op, labels, shape, t, false);
                NDArray w = weights == null ? null : LossArrays.weights(op, weights, shape[1], t);
                NDArray m = mask == null ? null : LossArrays.mask(op, mask, shape[0], t);
                return new Inputs(shape[0], scope.detach(y), w == null ? null : scope.detach(w),
                        m == null ? null : scope.detach(m));
            }
        }

        /** The handles the backward rule keeps (closed with the tape, or at once). */
        NDArray[] saved(NDArray extra) {
            NDArray[] all = {labels, weights, mask, extra};
            return Arrays.stream(all).filter(a -> a != null).toArray(NDArray[]::new);
        }

        NDArray weightedLabels() {
            return weights == null ? labels : labels.mul(weights);
        }

        /** {@code sum(perExample * mask) / n} as a 0-d array. */
        NDArray meanOverExamples(NDArray perExample) {
            NDArray masked = mask == null ? perExample : perExample.mul(mask);
            return masked.reduce(ReduceOp.SUM, new int[0], false).div((double) n);
        }

        /** {@code d * mask * g / n}, the gradient of {@link #meanOverExamples}. */
        NDArray scaleGradient(NDArray d, NDArray g) {
            NDArray masked = mask == null ? d : d.mul(mask);
            return masked.mul(g).div((double) n);
        }
    }
}
