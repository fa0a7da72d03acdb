package org.pybridge.nn;

import static org.pybridge.nn.autodiff.MathOps.abs;
import static org.pybridge.nn.autodiff.MathOps.add;
import static org.pybridge.nn.autodiff.MathOps.clip;
import static org.pybridge.nn.autodiff.MathOps.div;
import static org.pybridge.nn.autodiff.MathOps.log;
import static org.pybridge.nn.autodiff.MathOps.mul;
import static org.pybridge.nn.autodiff.MathOps.neg;
import static org.pybridge.nn.autodiff.MathOps.relu;
import static org.pybridge.nn.autodiff.MathOps.rsub;
import static org.pybridge.nn.autodiff.MathOps.sqrt;
import static org.pybridge.nn.autodiff.MathOps.square;
import static org.pybridge.nn.autodiff.MathOps.sub;
import static org.pybridge.nn.autodiff.ReduceOps.mean;
import static org.pybridge.nn.autodiff.ReduceOps.sum;

import java.util.Arrays;
import java.util.Locale;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.internal.LossArrays;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ShapeException;

/**
 * The loss functions, by the names DL4J and the JSON configuration use. Each one scores
 * predictions of shape (n, k) against labels: it computes a per-example loss, multiplies it by
 * the example's mask (when given) and averages over the n examples (masked examples still count
 * in n, as in DL4J). Optional per-output weights (k values) scale each output's term before the
 * per-example reduction. The per-example conventions follow DL4J:
 * <ul>
 *   <li>{@code mse}, {@code squared_loss}: mean over outputs of {@code w (p - y)^2}
 *       (DL4J maps SQUARED_LOSS to LossMSE);</li>
 *   <li>{@code l2}: sum over outputs of {@code w (p - y)^2};</li>
 *   <li>{@code l1}: sum over outputs of {@code w |p - y|};
 *       {@code mae}: mean over outputs of {@code w |p - y|};</li>
 *   <li>{@code mape}: mean over outputs of {@code 100 w |(y - p) / y|};</li>
 *   <li>{@code msle}: mean over outputs of {@code w (log((p + 1) / (y + 1)))^2};</li>
 *   <li>{@code xent}: binary cross-entropy on probabilities, {@code -sum w (y log p +
 *       (1 - y) log(1 - p))} with p clipped to [1e-5, 1 - 1e-5];</li>
 *   <li>{@code mcxent}, {@code negativeloglikelihood}: {@code -sum w y log p} on probabilities
 *       clipped to [1e-10, 1 - 1e-10]; {@code sparse_mcxent}: the same with integer class ids
 *       (shape (n) or (n, 1)) as labels;</li>
 *   <li>{@code kl_divergence}, {@code reconstruction_crossentropy} (DL4J maps both to LossKLD):
 *       {@code sum w y log(y / p)} with y and p clipped to [1e-5, 1];</li>
 *   <li>{@code rmse_xent}: the root of the mean over outputs of {@code w (p - y)^2} (DL4J
 *       dropped RMSE_XENT; this keeps the name with its plain meaning);</li>
 *   <li>{@code cosine_proximity}: {@code -sum(w y p) / (|y| |p|)};</li>
 *   <li>{@code hinge}: sum of {@code w max(0, 1 - y p)}, labels in {-1, 1};
 *       {@code squared_hinge}: sum of {@code w max(0, 1 - y p)^2};</li>
 *   <li>{@code poisson}: sum of {@code w (p - y log p)};</li>
 *   <li>{@code wasserstein}: mean over outputs of {@code w y p}.</li>
 * </ul>
 *
 * <pre>{@code
 * Variable loss = LossFunction.fromName("mse").score(predictions, labels, null, null);
 * // an output layer: softmax + mcxent is fused into one op with gradient (p - y)/n
 * Variable fused = LossFunction.MCXENT.score(preOutput, ActivationFunction.of("softmax"),
 *         false, null, labels, null, null);
 * }</pre>
 */
public enum LossFunction {
    MSE("mse") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(square(sub(p, y)), w, true);
        }
    },
    L1("l1") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(abs(sub(p, y)), w, false);
        }
    },
    L2("l2") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(square(sub(p, y)), w, false);
        }
    },
    MAE("mae") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(abs(sub(p, y)), w, true);
        }
    },
    MAPE("mape") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(mul(abs(div(sub(y, p), y)), 100.0), w, true);
        }
    },
    MSLE("msle") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(square(sub(log(add(p, 1.0)), log(add(y, 1.0)))), w, true);
        }
    },
    SQUARED_LOSS("squared_loss") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return MSE.perExample(p, y, w);
        }
    },
    XENT("xent") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            Variable q = clip(p, XENT_EPS, 1 - XENT_EPS);
            Variable terms = add(mul(y, log(q)), mul(rsub(1.0, y), log(rsub(1.0, q))));
            return neg(overOutputs(terms, w, false));
        }
    },
    MCXENT("mcxent") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            Variable q = clip(p, MCXENT_EPS, 1 - MCXENT_EPS);
            return neg(overOutputs(mul(y, log(q)), w, false));
        }
    },
    SPARSE_MCXENT("sparse_mcxent") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return MCXENT.perExample(p, y, w);
        }
    },
    NEGATIVELOGLIKELIHOOD("negativeloglikelihood") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return MCXENT.perExample(p, y, w);
        }
    },
    RECONSTRUCTION_CROSSENTROPY("reconstruction_crossentropy") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return KL_DIVERGENCE.perExample(p, y, w);
        }
    },
    RMSE_XENT("rmse_xent") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return sqrt(overOutputs(square(sub(p, y)), w, true));
        }
    },
    COSINE_PROXIMITY("cosine_proximity") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            Variable dot = overOutputs(mul(y, p), w, false);
            Variable norms = mul(sqrt(sum(square(y), 1, true)), sqrt(sum(square(p), 1, true)));
            return neg(div(dot, norms));
        }
    },
    HINGE("hinge") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(relu(rsub(1.0, mul(y, p))), w, false);
        }
    },
    SQUARED_HINGE("squared_hinge") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(square(relu(rsub(1.0, mul(y, p)))), w, false);
        }
    },
    KL_DIVERGENCE("kl_divergence") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            Variable yc = clip(y, KLD_EPS, 1);
            Variable pc = clip(p, KLD_EPS, 1);
            return overOutputs(mul(yc, sub(log(yc), log(pc))), w, false);
        }
    },
    POISSON("poisson") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(sub(p, mul(y, log(p))), w, false);
        }
    },
    WASSERSTEIN("wasserstein") {
        @Override
        Variable perExample(Variable p, Variable y, Variable w) {
            return overOutputs(mul(y, p), w, true);
        }
    };

    /** Probability clipping of {@code xent} (DL4J LossBinaryXENT's default). */
    public static final double XENT_EPS = 1e-5;
    /** Probability clipping of {@code mcxent} (DL4J LossMCXENT's softmax clipping). */
    public static final double MCXENT_EPS = 1e-10;
    /** Clipping of labels and probabilities in {@code kl_divergence} (ND4J's EPS_THRESHOLD). */
    public static final double KLD_EPS = 1e-5;

    private final String jsonName;

    LossFunction(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The (n, 1) per-example loss, before masking and averaging; w is (1, k) or null. */
    abstract Variable perExample(Variable p, Variable y, Variable w);

    /** The lower-case name used in JSON configurations, e.g. {@code "sparse_mcxent"}. */
    public String jsonName() {
        return jsonName;
    }

    /**
     * The loss with this JSON name (case-insensitive).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static LossFunction fromName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (LossFunction f : values()) {
            if (f.jsonName.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown loss function '" + name + "'; use one of "
                + Arrays.stream(values()).map(LossFunction::jsonName).toList() + ".");
    }

    /** Whether labels are integer class ids rather than arrays shaped like the predictions. */
    public boolean takesClassIds() {
        return this == SPARSE_MCXENT;
    }

    /**
     * The mean loss of {@code predictions} (n, k) against {@code labels}, as a 0-d variable.
     *
     * @param predictions the network's output (after the output activation)
     * @param labels      (n, k) targets, or (n) / (n, 1) class ids for {@code sparse_mcxent}
     * @param weights     per-output weights (k values) or null
     * @param mask        per-example mask (n values, 0 drops the example) or null
     */
    public Variable score(Variable predictions, NDArray labels, NDArray weights, NDArray mask) {
        long[] shape = predictions.shape();
        if (shape.length != 2) {
            throw new ShapeException(jsonName + ": predictions must be 2-d (examples, outputs),"
                    + " got shape " + Arrays.toString(shape) + ".");
        }
        return Tape.compose(() -> {
            Variable y = Tape.constant(LossArrays.labels(jsonName, labels, shape,
                    predictions.dtype(), takesClassIds()));
            Variable w = weights == null ? null : Tape.constant(LossArrays.weights(jsonName,
                    weights, shape[1], predictions.dtype()));
            Variable perExample = perExample(predictions, y, w);
            if (mask != null) {
                perExample = mul(perExample, Tape.constant(LossArrays.mask(jsonName, mask,
                        shape[0], predictions.dtype())));
            }
            return div(sum(perExample), (double) shape[0]);
        });
    }

    /**
     * Whether {@link #score(Variable, ActivationFunction, boolean, Generator, NDArray, NDArray,
     * NDArray)} fuses this loss with {@code activation} into one op: mcxent,
     * negativeloglikelihood and sparse_mcxent after softmax; xent after sigmoid.
     */
    public boolean fusesWith(Activation activation) {
        return switch (this) {
            case MCXENT, NEGATIVELOGLIKELIHOOD, SPARSE_MCXENT -> activation == Activation.SOFTMAX;
            case XENT -> activation == Activation.SIGMOID;
            default -> false;
        };
    }

    /**
     * The loss of {@code activation(preOutput)}: what an output layer computes. Softmax with
     * mcxent / negativeloglikelihood / sparse_mcxent and sigmoid with xent run as one fused,
     * numerically stable op with the hand-written gradient {@code (p - y) / n}; every other pair
     * applies the activation and then {@link #score(Variable, NDArray, NDArray, NDArray)}.
     *
     * @param training whether the activation runs in training mode (rrelu draws slopes)
     * @param random   the generator for training-mode randomness, or null
     */
    public Variable score(Variable preOutput, ActivationFunction activation, boolean training,
            Generator random, NDArray labels, NDArray weights, NDArray mask) {
        if (fusesWith(activation.type())) {
            if (this == XENT) {
                return NNOps.sigmoidCrossEntropy(preOutput, labels, weights, mask);
            }
            return this == SPARSE_MCXENT
                    ? NNOps.sparseSoftmaxCrossEntropy(preOutput, labels, weights, mask)
                    : NNOps.softmaxCrossEntropy(preOutput, labels, weights, mask);
        }
        return Tape.compose(() -> score(activation.apply(preOutput, training, random), labels,
                weights, mask));
    }

    /** Sums (or averages) a per-element score over the outputs after weighting: (n, 1). */
    static Variable overOutputs(Variable perElement, Variable weights, boolean average) {
        Variable weighted = weights == null ? perElement : mul(perElement, weights);
        return average ? mean(weighted, 1, true) : sum(weighted, 1, true);
    }
}
