/**
 * Neural-network building blocks over the autodiff engine: {@link org.pybridge.nn.Activation}
 * and {@link org.pybridge.nn.ActivationFunction} (every activation DL4J and Keras users know, by
 * their JSON names) and {@link org.pybridge.nn.LossFunction} (the DL4J losses, with per-output
 * weights and per-example masks). Everything here is a composition of the differentiable ops in
 * {@link org.pybridge.nn.autodiff}, so gradients come from the tape.
 *
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Variable h = ActivationFunction.of("relu").apply(NNOps.linear(x, w1, b1));
 *     Variable loss = LossFunction.MCXENT.score(NNOps.linear(h, w2, b2),
 *             ActivationFunction.of("softmax"), true, random, labels, null, null);
 *     tape.backward(loss);
 * }
 * }</pre>
 */
package org.pybridge.nn;
