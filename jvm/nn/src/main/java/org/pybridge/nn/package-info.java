/**
 * Neural-network building blocks over the autodiff engine: {@link org.pybridge.nn.Activation}
 * and {@link org.pybridge.nn.ActivationFunction} (every activation DL4J and Keras users know, by
 * their JSON names) and {@link org.pybridge.nn.LossFunction} (the DL4J losses, with per-output
 * weights and per-example masks). Everything here is a composition of the differentiable ops in
 * {@link org.pybridge.nn.autodiff}, so gradients come from the tape.
 *
 * <p>Networks: a {@link org.pybridge.nn.NeuralNetConfiguration} (immutable, JSON with one schema)
 * lists {@link org.pybridge.nn.LayerConfig layer configurations} ({@link org.pybridge.nn.Dense},
 * {@link org.pybridge.nn.Output}, {@link org.pybridge.nn.LossLayer},
 * {@link org.pybridge.nn.ActivationLayer}, {@link org.pybridge.nn.DropoutLayer},
 * {@link org.pybridge.nn.Embedding}, {@link org.pybridge.nn.BatchNormalization}) with their
 * {@link org.pybridge.nn.WeightInit weight initialisation}; a
 * {@link org.pybridge.nn.MultiLayerNetwork} builds, trains, evaluates, saves and loads it.
 *
 * <pre>{@code
 * NeuralNetConfiguration conf = NeuralNetConfiguration.builder().seed(123)
 *     .updater(new Adam(1e-3)).list()
 *     .layer(new Dense.Builder().nIn(784).nOut(1000).activation(Activation.RELU).build())
 *     .layer(new Output.Builder().nOut(10).loss(LossFunction.MCXENT).build())
 *     .build();
 * try (MultiLayerNetwork net = new MultiLayerNetwork(conf)) {
 *     net.fit(x, y, 5, 128, true);
 * }
 * }</pre>
 *
 * <p>Autodiff directly:
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
